import { notFound } from '../errors';
import { isActiveAt } from './activation-interval';
import type { ActivationInterval } from './activation-interval';
import { eventTimeMs } from './cgr-event';
import type { CGREvent } from './cgr-event';
import { optBool, optStringList } from './event-opts';
import type { FilterIndex, ResolvedFilter } from './filter-index';
import type { FilterService } from './filter-service';
import type { EventDP } from './types';

/** What profile matching needs of a StatQueue or Threshold profile. */
export interface MatchableProfile {
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: ActivationInterval | null;
  readonly weight: number;
  readonly blocker: boolean;
}

/** One profile to check (a FilterIndex `IndexedItem` is one). */
export interface MatchCandidate<P extends MatchableProfile> {
  readonly payload: P;
  /** The profile's filters compiled in FilterIDs order; null: FilterS.Pass finds them by ID. */
  readonly filters: readonly ResolvedFilter[] | null;
  /** The index already proved that the filters pass. */
  readonly proven: boolean;
}

/** FilterS.Pass over a profile's FilterIDs or their resolved filters; throws CGRError. */
export type PassFilters = (
  tenant: string,
  filterIDs: readonly string[],
  filters: readonly ResolvedFilter[] | null,
  dp: EventDP,
) => boolean;

export interface MatchRequest<P extends MatchableProfile> {
  readonly tenant: string;
  /** Explicit `*xxxProfileIDs`, or what the filter index returned. */
  readonly candidates: Iterable<MatchCandidate<P>>;
  readonly dp: EventDP;
  /**
   * Time the activation intervals are checked at: the event's Time, else the engine clock
   * (deviation 4). Called at most once, and only when a candidate has an ActivationInterval.
   */
  readonly atMs: () => number;
  readonly ignoreFilters: boolean;
  /** FilterS.Pass; throws CGRError, which aborts the whole match as in CGRateS. */
  readonly pass: PassFilters;
}

/** The filter step of {@link matchProfiles} for one candidate. */
export function candidatePasses<P extends MatchableProfile>(
  c: MatchCandidate<P>,
  tenant: string,
  dp: EventDP,
  pass: PassFilters,
): boolean {
  const p = c.payload;
  return c.proven || p.filterIDs.length === 0 || pass(tenant, p.filterIDs, c.filters, dp);
}

/**
 * CGRateS `matchingStatQueuesForEvent` / `matchingThresholdsForEvent`: drop inactive and
 * non-passing candidates, sort by Weight descending (ties by ID ascending, which is what Go's
 * alphabetical pre-sort plus insertion sort yields), then cut after the first Blocker.
 */
export function matchProfiles<P extends MatchableProfile>(req: MatchRequest<P>): P[] {
  const matched: P[] = [];
  let atMs: number | undefined;
  for (const c of req.candidates) {
    const p = c.payload;
    if (p.activation !== null && !isActiveAt(p.activation, (atMs ??= req.atMs()))) continue;
    if (!req.ignoreFilters && !candidatePasses(c, req.tenant, req.dp, req.pass)) continue;
    matched.push(p);
  }
  sortByWeightThenID(matched);
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

/** Above this many matches Array.prototype.sort; below, an insertion sort. */
const INSERTION_SORT_MAX = 8;

// IDs are unique, so the order is total and any sort gives the same result. An event usually
// matches a handful of profiles: the insertion sort skips Array.prototype.sort's copy of the array
// and its calls into the comparison, which it cannot inline.
function sortByWeightThenID<P extends MatchableProfile>(ps: P[]): void {
  if (ps.length > INSERTION_SORT_MAX) {
    ps.sort(byWeightThenID);
    return;
  }
  for (let i = 1; i < ps.length; i++) {
    const p = ps[i] as P;
    let j = i - 1;
    for (; j >= 0 && byWeightThenID(ps[j] as P, p) > 0; j--) ps[j + 1] = ps[j] as P;
    ps[j + 1] = p;
  }
}

/** How a subsystem (StatS or ThresholdS) selects its profiles for an event; built once per service. */
export interface EventMatchSpec<P extends MatchableProfile> {
  /** One profile by tenant and ID (explicit profile IDs), with its resolved filters when known. */
  readonly profile: (tenant: string, id: string) => Omit<MatchCandidate<P>, 'proven'> | undefined;
  /** True when the tenant has profiles at all. */
  readonly hasTenant: (tenant: string) => boolean;
  /** APIOpts keys of the explicit-IDs and ignore-filters options, and their config defaults. */
  readonly idsOpt: string;
  readonly ignoreFiltersOpt: string;
  readonly defaultIDs: readonly string[];
  readonly defaultIgnoreFilters: boolean;
  /** The filter index lookup. */
  readonly candidates: (tenant: string, dp: EventDP) => Iterable<MatchCandidate<P>>;
  readonly timezone: string;
  readonly pass: PassFilters;
}

/** What {@link indexedMatchSpec} needs of a subsystem. */
export interface IndexedMatchOptions<P extends MatchableProfile> {
  /** The subsystem's filter index; its payloads are the profiles. */
  readonly index: Pick<FilterIndex<P>, 'item' | 'candidates'>;
  readonly filters: Pick<FilterService, 'passResolved'>;
  readonly hasTenant: (tenant: string) => boolean;
  readonly idsOpt: string;
  readonly ignoreFiltersOpt: string;
  /** The subsystem's config: `opts` defaults and the zone of zone-less event times. */
  readonly settings: {
    readonly profileIDs: readonly string[];
    readonly profileIgnoreFilters: boolean;
    readonly timezone: string;
  };
}

/** The match spec of a subsystem whose profiles are the payloads of its filter index. */
export function indexedMatchSpec<P extends MatchableProfile>(o: IndexedMatchOptions<P>): EventMatchSpec<P> {
  const { index, filters, settings } = o;
  return {
    profile: (tenant, id) => index.item(tenant, id),
    hasTenant: o.hasTenant,
    idsOpt: o.idsOpt,
    ignoreFiltersOpt: o.ignoreFiltersOpt,
    defaultIDs: settings.profileIDs,
    defaultIgnoreFilters: settings.profileIgnoreFilters,
    candidates: (tenant, dp) => index.candidates(tenant, dp),
    timezone: settings.timezone,
    pass: (tenant, filterIDs, resolved, dp) => filters.passResolved(tenant, filterIDs, resolved, dp),
  };
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
  const tenant = ev.Tenant;
  const explicit = optStringList(ev.APIOpts, spec.idsOpt, spec.defaultIDs);
  const ignoreFilters =
    explicit.length > 0 && optBool(ev.APIOpts, spec.ignoreFiltersOpt, spec.defaultIgnoreFilters);
  if (!spec.hasTenant(tenant)) throw notFound();
  // Parsed whether or not a candidate needs it: an unreadable Time fails the request, as it fails
  // CGRateS' decoding of the CGREvent.
  const atMs = eventTimeMs(ev, spec.timezone, nowMs);
  const matched = matchProfiles<P>({
    tenant,
    candidates:
      explicit.length > 0 ? explicitCandidates(spec, tenant, explicit) : spec.candidates(tenant, dp),
    dp,
    atMs: () => atMs,
    ignoreFilters,
    pass: spec.pass,
  });
  if (matched.length === 0) throw notFound();
  return matched;
}

/** The known profiles among explicit IDs, each once, in the order given. */
function explicitCandidates<P extends MatchableProfile>(
  spec: EventMatchSpec<P>,
  tenant: string,
  ids: readonly string[],
): MatchCandidate<P>[] {
  const out: MatchCandidate<P>[] = [];
  for (const id of new Set(ids)) {
    const c = spec.profile(tenant, id);
    // Nothing is proven for a profile named explicitly: its filters run (unless ignored).
    if (c !== undefined) out.push({ payload: c.payload, filters: c.filters, proven: false });
  }
  return out;
}
