import { PathReaderCache, checkFilterRule, compileRule, indexKeysOf, parseInlineFilter } from '../../filters';
import { brokenFilterReference, notFound } from '../errors';
import { CGRError } from '../util/cgr-error';
import type { Clock } from '../util/clock';
import { activationIntervalToJSON, isActiveAt, parseActivationInterval } from './activation-interval';
import type { ActivationInterval, ActivationIntervalJSON } from './activation-interval';
import { FilterIndex } from './filter-index';
import type { FilterResolver, ResolvedFilter } from './filter-index';
import type { EventDP, FilterEnv, FilterRuleSpec, TimingSpec } from './types';

/** A stored filter as CGRateS' `Filter` JSON (`APIerSv1.SetFilter` / `GetFilter`). */
export interface FilterProfile {
  Tenant: string;
  ID: string;
  Rules: FilterRuleSpec[];
  ActivationInterval: ActivationIntervalJSON | null;
}

/** What FilterService needs from the rest of the engine. */
export interface FilterServiceDeps {
  /** Filter ActivationIntervals are checked against this clock (CGRateS: `time.Now()`). */
  readonly clock: Clock;
  /** IANA zone for zone-less time strings (`general.default_timezone`). */
  readonly timezone: string;
  /** Destinations for `*destinations` rules (global, not per tenant, as in CGRateS). */
  readonly destinations: { prefixes(id: string): readonly string[] | undefined };
  /** Timings for `*timings` rules; without it every TimingID is unknown. */
  readonly timings?: { get(id: string): TimingSpec | undefined };
}

interface CompiledFilter extends ResolvedFilter {
  readonly profile: FilterProfile;
}

const INLINE_MARK = 42; // '*': FilterIDs starting with it are inline filters

/**
 * CGRateS FilterS for StatQueue: stored filters (in memory and authoritative; the caller persists),
 * the per-tenant cache of compiled inline filters, `FilterS.Pass`, and the filter indexes of the
 * subsystems (kept here so a filter update re-indexes its items and RemoveFilter sees references).
 */
export class FilterService implements FilterResolver {
  /** The environment compiled rules evaluate in. */
  readonly env: FilterEnv;
  private readonly deps: FilterServiceDeps;
  private readonly stored = new Map<string, Map<string, CompiledFilter>>();
  private readonly inline = new Map<string, Map<string, CompiledFilter>>();
  /** The subsystems' indexes, told when a filter changes and asked about references. */
  private readonly indexes: Pick<FilterIndex<unknown>, 'subsystem' | 'refreshFilter' | 'itemsReferencing'>[] =
    [];
  /** Every rule this service compiles shares one reader per distinct path. */
  private readonly readers = new PathReaderCache();

  constructor(deps: FilterServiceDeps) {
    this.deps = deps;
    const { clock, destinations, timings } = deps;
    this.env = {
      nowMs: () => clock.nowMs(),
      timezone: deps.timezone,
      destinationPrefixes: (_tenant, id) => destinations.prefixes(id),
      timing: (_tenant, id) => timings?.get(id),
    };
  }

  /** Creates the index of a subsystem (`*stat_filter_indexes`, `*threshold_filter_indexes`). */
  createIndex<T>(subsystem: string): FilterIndex<T> {
    const index = new FilterIndex<T>(subsystem, this);
    this.indexes.push(index);
    return index;
  }

  /**
   * APIerSv1.SetFilter's engine part: CheckFilter, compile (nothing changes on failure), store, then
   * re-index every item referencing the filter. Throws CGRError: CheckFilter's texts, compile errors,
   * `NOT_IMPLEMENTED:<type>` for outside-service types, a bad ActivationInterval.
   */
  setFilter(f: FilterProfile): void {
    if (f.ID.startsWith('*')) {
      // CGRateS would read such an ID back as an inline filter, never as this stored one.
      throw new CGRError(`filter ID <${f.ID}> must not start with "*": that is the inline filter syntax`);
    }
    // Copied (the caller keeps its object); a JSON rule without Values means none.
    const rules = f.Rules.map((r) => ({
      Type: r.Type,
      Element: r.Element,
      Values: r.Values === null || (r.Values as unknown) === undefined ? null : [...r.Values],
    }));
    for (const r of rules) checkFilterRule(f.ID, r);
    const activation = parseActivationInterval(
      f.ActivationInterval,
      this.deps.timezone,
      this.deps.clock.nowMs(),
    );
    const profile: FilterProfile = {
      Tenant: f.Tenant,
      ID: f.ID,
      Rules: rules,
      ActivationInterval: activationIntervalToJSON(activation),
    };
    const compiled = this.compile(profile, activation);
    let byID = this.stored.get(f.Tenant);
    if (byID === undefined) {
      byID = new Map();
      this.stored.set(f.Tenant, byID);
    }
    byID.set(f.ID, compiled);
    for (const index of this.indexes) index.refreshFilter(f.Tenant, f.ID);
  }

  /** A stored filter (a copy), or undefined. */
  getFilter(tenant: string, id: string): FilterProfile | undefined {
    const p = this.stored.get(tenant)?.get(id)?.profile;
    if (p === undefined) return undefined;
    return {
      Tenant: p.Tenant,
      ID: p.ID,
      Rules: p.Rules.map((r) => ({
        Type: r.Type,
        Element: r.Element,
        Values: r.Values === null ? null : [...r.Values],
      })),
      ActivationInterval: p.ActivationInterval === null ? null : { ...p.ActivationInterval },
    };
  }

  /**
   * APIerSv1.RemoveFilter's engine part. Throws `NOT_FOUND` when missing, and refuses while items
   * reference it: `cannot remove filter <tnt:ID> because will broken the reference to following
   * items: {"*stat_filter_indexes":{"Stats1":{}}}` (CGRateS' text; keys sorted like Go's maps).
   */
  removeFilter(tenant: string, id: string): void {
    const byID = this.stored.get(tenant);
    if (byID?.has(id) !== true) throw notFound();
    const refs = new Map<string, string[]>();
    for (const index of this.indexes) {
      const items = index.itemsReferencing(tenant, id);
      if (items.length === 0) continue;
      refs.set(index.subsystem, [...(refs.get(index.subsystem) ?? []), ...items]);
    }
    if (refs.size > 0) {
      throw new CGRError(
        `cannot remove filter <${tenant}:${id}> because will broken the reference to following items: ${referencesJSON(refs)}`,
      );
    }
    byID.delete(id);
    if (byID.size === 0) this.stored.delete(tenant);
  }

  /** IDs of the tenant's stored filters, sorted. */
  filterIDs(tenant: string): string[] {
    const byID = this.stored.get(tenant);
    return byID === undefined ? [] : [...byID.keys()].sort();
  }

  /**
   * CGRateS `dm.checkFilters` for a profile being set: an inline ID must parse, pass CheckFilter and
   * compile; a stored ID must exist. Throws `broken reference to filter: <ID> for item with ID:
   * <tnt:itemID>`.
   */
  checkFilterIDs(tenant: string, itemID: string, filterIDs: readonly string[]): void {
    for (const id of filterIDs) {
      const ok =
        id.charCodeAt(0) === INLINE_MARK
          ? this.inlineFilter(tenant, id, false) !== undefined
          : this.stored.get(tenant)?.has(id) === true;
      if (!ok) throw brokenFilterReference(id, tenant, itemID);
    }
  }

  /**
   * CGRateS `FilterS.Pass`: no IDs pass; every active filter's rules must pass; a filter whose
   * ActivationInterval is not active now is neutral, and if all are inactive the result is false.
   * Throws `NOT_FOUND:<id>` for an unknown stored filter, inline parse/compile errors, and rule
   * evaluation errors. Allocation-free for known filters.
   */
  pass(tenant: string, filterIDs: readonly string[], ev: EventDP): boolean {
    if (filterIDs.length === 0) return true;
    const stored = this.stored.get(tenant);
    const env = this.env;
    let passed = false;
    for (const id of filterIDs) {
      const f = id.charCodeAt(0) === INLINE_MARK ? this.inlineFilter(tenant, id, true) : stored?.get(id);
      if (f === undefined) throw notFound(id);
      if (f.activation !== null && !isActiveAt(f.activation, this.deps.clock.nowMs())) continue;
      for (const rule of f.rules) if (!rule.pass(ev, tenant, env)) return false;
      passed = true;
    }
    return passed;
  }

  /**
   * FilterS.Pass on filters already resolved (`IndexedItem.filters`, in FilterIDs order): the same
   * answer and errors as {@link pass} without finding each filter by ID. `filters` null (one of them
   * does not resolve) falls back to {@link pass}, which raises that filter's error in order.
   */
  passResolved(
    tenant: string,
    filterIDs: readonly string[],
    filters: readonly ResolvedFilter[] | null,
    ev: EventDP,
  ): boolean {
    if (filters === null) return this.pass(tenant, filterIDs, ev);
    if (filters.length === 0) return true;
    const env = this.env;
    let passed = false;
    for (const f of filters) {
      if (f.activation !== null && !isActiveAt(f.activation, this.deps.clock.nowMs())) continue;
      for (const rule of f.rules) if (!rule.pass(ev, tenant, env)) return false;
      passed = true;
    }
    return passed;
  }

  /** FilterResolver for the indexes: stored or inline, undefined when it does not resolve. */
  resolveFilter(tenant: string, filterID: string): ResolvedFilter | undefined {
    if (filterID.charCodeAt(0) === INLINE_MARK) return this.inlineFilter(tenant, filterID, false);
    return this.stored.get(tenant)?.get(filterID);
  }

  nowMs(): number {
    return this.deps.clock.nowMs();
  }

  // ---- internals ----

  private compile(profile: FilterProfile, activation: ActivationInterval | null): CompiledFilter {
    const rules = profile.Rules.map((r) => compileRule(r, this.readers));
    return { profile, rules, indexKeys: profile.Rules.map((r) => indexKeysOf(r, this.readers)), activation };
  }

  /**
   * The compiled inline filter, cached per tenant after the first successful parse. With `raise`,
   * parse/compile errors propagate (Pass); otherwise they give undefined.
   */
  private inlineFilter(tenant: string, id: string, raise: true): CompiledFilter;
  private inlineFilter(tenant: string, id: string, raise: boolean): CompiledFilter | undefined;
  private inlineFilter(tenant: string, id: string, raise: boolean): CompiledFilter | undefined {
    let byID = this.inline.get(tenant);
    const cached = byID?.get(id);
    if (cached !== undefined) return cached;
    let compiled: CompiledFilter;
    try {
      const rule = parseInlineFilter(id);
      checkFilterRule(id, rule);
      compiled = this.compile({ Tenant: tenant, ID: id, Rules: [rule], ActivationInterval: null }, null);
    } catch (err) {
      if (raise) throw err;
      return undefined;
    }
    if (byID === undefined) {
      byID = new Map();
      this.inline.set(tenant, byID);
    }
    byID.set(id, compiled);
    return compiled;
  }
}

// Go marshals map[string]StringSet with sorted keys and `{}` members.
function referencesJSON(refs: ReadonlyMap<string, readonly string[]>): string {
  const subsystems = [...refs.keys()].sort();
  const parts = subsystems.map((s) => {
    const ids = [...new Set(refs.get(s))].sort();
    return `${JSON.stringify(s)}:{${ids.map((i) => `${JSON.stringify(i)}:{}`).join(',')}}`;
  });
  return `{${parts.join(',')}}`;
}
