import { isActiveAt } from './activation-interval';
import type { ActivationInterval } from './activation-interval';
import type { EventDP } from './types';

/** What profile matching needs of a StatQueue or Threshold profile. */
export interface MatchableProfile {
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: ActivationInterval | null;
  readonly weight: number;
  readonly blocker: boolean;
}

export interface MatchRequest<P extends MatchableProfile> {
  readonly tenant: string;
  /** Candidate IDs: explicit `*xxxProfileIDs`, or what the filter index returned. */
  readonly candidates: Iterable<string>;
  readonly lookup: (id: string) => P | undefined;
  readonly dp: EventDP;
  /** Time the activation intervals are checked at: the event's Time, else the engine clock (deviation 4). */
  readonly atMs: number;
  readonly ignoreFilters: boolean;
  /** FilterS.Pass; throws CGRError, which aborts the whole match as in CGRateS. */
  readonly pass: (tenant: string, filterIDs: readonly string[], dp: EventDP) => boolean;
}

/**
 * CGRateS `matchingStatQueuesForEvent` / `matchingThresholdsForEvent`: drop missing, inactive and
 * non-passing candidates, sort by Weight descending (ties by ID ascending, which is what Go's
 * alphabetical pre-sort plus insertion sort yields), then cut after the first Blocker.
 */
export function matchProfiles<P extends MatchableProfile>(req: MatchRequest<P>): P[] {
  const matched: P[] = [];
  for (const id of req.candidates) {
    const p = req.lookup(id);
    if (p === undefined) continue;
    if (p.activation !== null && !isActiveAt(p.activation, req.atMs)) continue;
    if (!req.ignoreFilters && p.filterIDs.length > 0 && !req.pass(req.tenant, p.filterIDs, req.dp)) continue;
    matched.push(p);
  }
  if (matched.length > 1) matched.sort(byWeightThenID);
  for (let i = 0; i < matched.length - 1; i++) {
    if ((matched[i] as P).blocker) {
      matched.length = i + 1;
      break;
    }
  }
  return matched;
}

function byWeightThenID(a: MatchableProfile, b: MatchableProfile): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
