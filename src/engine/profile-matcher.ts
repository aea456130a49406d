import { notFound } from '../errors';
import { isActiveAt } from './activation-interval';
import type { ActivationInterval } from './activation-interval';
import { eventTimeMs } from './cgr-event';
import type { CGREvent } from './cgr-event';
import { optBool, optStringList } from './event-opts';
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

/** How a subsystem (StatS or ThresholdS) selects its profiles for an event. */
export interface EventMatchSpec<P extends MatchableProfile> {
  /** Profiles of one tenant by ID. */
  readonly profiles: ReadonlyMap<string, P> | undefined;
  /** APIOpts keys of the explicit-IDs and ignore-filters options, and their config defaults. */
  readonly idsOpt: string;
  readonly ignoreFiltersOpt: string;
  readonly defaultIDs: readonly string[];
  readonly defaultIgnoreFilters: boolean;
  readonly candidates: (tenant: string, dp: EventDP) => Iterable<string>;
  readonly timezone: string;
  readonly pass: MatchRequest<P>['pass'];
}

/**
 * CGRateS' selection step shared by StatS and ThresholdS: explicit profile IDs from APIOpts (then
 * filters may be skipped) or the filter index, then {@link matchProfiles}; NOT_FOUND when nothing
 * is left.
 */
export function matchEvent<P extends MatchableProfile>(
  ev: CGREvent,
  dp: EventDP,
  nowMs: number,
  spec: EventMatchSpec<P>,
): P[] {
  const explicit = optStringList(ev.APIOpts, spec.idsOpt, spec.defaultIDs);
  const ignoreFilters =
    explicit.length > 0 && optBool(ev.APIOpts, spec.ignoreFiltersOpt, spec.defaultIgnoreFilters);
  const profiles = spec.profiles;
  if (profiles === undefined) throw notFound();
  const matched = matchProfiles<P>({
    tenant: ev.Tenant,
    candidates: explicit.length > 0 ? new Set(explicit) : spec.candidates(ev.Tenant, dp),
    lookup: (id) => profiles.get(id),
    dp,
    atMs: eventTimeMs(ev, spec.timezone, nowMs),
    ignoreFilters,
    pass: spec.pass,
  });
  if (matched.length === 0) throw notFound();
  return matched;
}
