import { compilePathReader } from '../../filters';
import type { IndexKeys, IndexType, PathReader } from '../../filters';
import { ifaceAsString } from '../util/convert';
import { MISSING } from '../util/field-path';
import { GO_ZERO_TIME_MS } from '../util/go-time';
import type { ActivationInterval } from './activation-interval';
import { isActiveAt } from './activation-interval';
import type { CompiledRule, EventDP } from './types';

/** A filter as the index sees it: its rules, their index keys (null: not indexable) and its interval. */
export interface ResolvedFilter {
  readonly rules: readonly CompiledRule[];
  readonly indexKeys: readonly (IndexKeys | null)[];
  readonly activation: ActivationInterval | null;
}

/** What a FilterIndex needs from the filter service. */
export interface FilterResolver {
  /** The compiled filter, or undefined when it does not resolve (stored filter not loaded yet, bad inline). */
  resolveFilter(tenant: string, filterID: string): ResolvedFilter | undefined;
  /** The clock FilterS.Pass checks filter ActivationIntervals against. */
  nowMs(): number;
}

/**
 * A placement that relies on a filter with an ActivationInterval stops being used this long before
 * the filter expires, so an event whose candidates were computed just before the expiry cannot be
 * evaluated just after it with the item hidden.
 */
export const EXPIRY_MARGIN_MS = 1000;

/** Index keys chosen for one item; null when the item sits in the always-check set. */
interface Placement {
  readonly type: IndexType;
  readonly path: string;
  readonly keys: readonly string[];
}

interface ItemEntry {
  readonly filterIDs: readonly string[];
  placement: Placement | null;
  /** The placement stays right while lowMs < now <= highMs (filter activation windows). */
  lowMs: number;
  highMs: number;
}

/** Distinct key lengths of a prefix/suffix map, so a lookup slices only lengths that exist. */
class LengthSet {
  private readonly counts = new Map<number, number>();
  private sorted: number[] = [];
  private dirty = false;

  add(len: number): void {
    this.counts.set(len, (this.counts.get(len) ?? 0) + 1);
    this.dirty = true;
  }

  remove(len: number): void {
    const n = (this.counts.get(len) ?? 0) - 1;
    if (n <= 0) this.counts.delete(len);
    else this.counts.set(len, n);
    this.dirty = true;
  }

  lengths(): readonly number[] {
    if (this.dirty) {
      this.sorted = [...this.counts.keys()].sort((a, b) => a - b);
      this.dirty = false;
    }
    return this.sorted;
  }
}

/** Every indexed key under one event path, read once per event. */
interface PathIndex {
  readonly read: PathReader;
  readonly exact: Map<string, Bucket>;
  readonly prefix: Map<string, Bucket>;
  readonly suffix: Map<string, Bucket>;
  readonly exists: Set<string>;
  readonly prefixLens: LengthSet;
  readonly suffixLens: LengthSet;
  /** Placements using this path; the PathIndex is dropped at 0. */
  users: number;
}

interface TenantIndex {
  readonly name: string;
  readonly items: Map<string, ItemEntry>;
  /** Items with no FilterIDs, no usable indexable rule, or an unresolved filter: always candidates. */
  readonly always: Set<string>;
  readonly paths: Map<string, PathIndex>;
  /** FilterID → items referencing it (stored and inline), for re-indexing and RemoveFilter. */
  readonly refs: Map<string, Bucket>;
  /** Items whose placement depends on the clock, and the window in which all of them are right. */
  readonly timed: Set<string>;
  lowMs: number;
  highMs: number;
}

// Cheaper types first: an exact key admits fewer candidates than a prefix, a prefix fewer than presence.
const TYPE_RANK: Readonly<Record<IndexType, number>> = {
  '*string': 0,
  '*prefix': 1,
  '*suffix': 1,
  '*exists': 2,
};

const THROWN = Symbol('THROWN');

// Kept out of the lookup loop: a path that throws (WRONG_PATH...) must not hide its items.
function safeRead(read: PathReader, ev: EventDP): unknown {
  try {
    return read(ev);
  } catch {
    return THROWN;
  }
}

/** Items under one key: a lone item is stored as its ID, saving a Set per key on the common case. */
type Bucket = string | Set<string>;

function addBucket(out: Set<string>, b: Bucket | undefined): void {
  if (b === undefined) return;
  if (typeof b === 'string') out.add(b);
  else for (const id of b) out.add(id);
}

/** Adds an item under a key; true when the key is new. */
function addToMap(map: Map<string, Bucket>, key: string, id: string): boolean {
  const b = map.get(key);
  if (b === undefined) {
    map.set(key, id);
    return true;
  }
  if (typeof b === 'string') {
    if (b !== id) map.set(key, new Set([b, id]));
  } else b.add(id);
  return false;
}

/** Removes an item from a key; true when the key is gone. */
function removeFromMap(map: Map<string, Bucket>, key: string, id: string): boolean {
  const b = map.get(key);
  if (b === undefined) return false;
  if (typeof b === 'string') {
    if (b !== id) return false;
    map.delete(key);
    return true;
  }
  b.delete(id);
  if (b.size === 1) map.set(key, b.values().next().value as string);
  return false;
}

/**
 * The filter index of one subsystem (`*stat_filter_indexes`, `*threshold_filter_indexes`), per tenant.
 *
 * DESIGN deviation 1: it only narrows, it never changes results. `candidates()` returns every item
 * whose filters could pass the event; the caller still runs FilterS.Pass on each. An item is listed
 * under the keys of ONE indexable rule (the most selective) of a filter that FilterS.Pass is sure to
 * evaluate: a filter without an ActivationInterval, or one active now and until its expiry (such
 * placements are recomputed when the clock leaves their window). Since every filter must pass (AND),
 * that rule must pass, so its keys (the rule's values are OR'd: all of them are keys) cover every
 * match. Items without such a rule are always candidates.
 *
 * Lookup reads each distinct indexed path of the tenant once: O(paths × value length + candidates),
 * independent of how many items do not match. Unlike CGRateS every matching prefix/suffix key
 * counts, not only the longest/shortest.
 */
export class FilterIndex {
  /** The CGRateS index namespace, e.g. `*stat_filter_indexes`. */
  readonly subsystem: string;
  private readonly resolver: FilterResolver;
  private readonly tenants = new Map<string, TenantIndex>();

  constructor(subsystem: string, resolver: FilterResolver) {
    this.subsystem = subsystem;
    this.resolver = resolver;
  }

  /**
   * Adds or replaces an item. Never throws: a filter that does not resolve yet (e.g. profiles restored
   * before their filters) puts the item in the always-check set until the filter is set.
   */
  setItem(tenant: string, itemID: string, filterIDs: readonly string[]): void {
    const t = this.tenantOrCreate(tenant);
    this.detach(t, itemID);
    const entry: ItemEntry = {
      filterIDs: [...filterIDs],
      placement: null,
      lowMs: -Infinity,
      highMs: Infinity,
    };
    t.items.set(itemID, entry);
    for (const id of entry.filterIDs) addToMap(t.refs, id, itemID);
    this.place(t, itemID, entry, this.resolver.nowMs());
  }

  /** Removes an item; unknown items are a no-op. */
  removeItem(tenant: string, itemID: string): void {
    const t = this.tenants.get(tenant);
    if (t === undefined) return;
    // Bounds only tighten on removal; a stale bound merely triggers one early re-timing.
    this.detach(t, itemID);
    if (t.items.size === 0) this.tenants.delete(tenant);
  }

  /** Re-places every item referencing a filter (after the filter was set or changed). */
  refreshFilter(tenant: string, filterID: string): void {
    const t = this.tenants.get(tenant);
    const ids = t?.refs.get(filterID);
    if (t === undefined || ids === undefined) return;
    const now = this.resolver.nowMs();
    for (const itemID of typeof ids === 'string' ? [ids] : [...ids]) {
      const entry = t.items.get(itemID);
      if (entry === undefined) continue;
      this.unplace(t, itemID, entry);
      this.place(t, itemID, entry, now);
    }
  }

  /**
   * Every item of the tenant whose filters could pass `ev` (a superset of the matches; never hides
   * one). The returned set is the caller's.
   */
  candidates(tenant: string, ev: EventDP): Set<string> {
    const t = this.tenants.get(tenant);
    if (t === undefined) return new Set();
    const now = this.resolver.nowMs();
    if (now <= t.lowMs || now > t.highMs) this.retime(t, now);
    const out = new Set(t.always);
    for (const p of t.paths.values()) {
      const v = safeRead(p.read, ev);
      if (v === MISSING) continue;
      if (v === THROWN) {
        // The rule would raise the same error when evaluated: let the caller see it.
        for (const b of p.exact.values()) addBucket(out, b);
        for (const b of p.prefix.values()) addBucket(out, b);
        for (const b of p.suffix.values()) addBucket(out, b);
        for (const id of p.exists) out.add(id);
        continue;
      }
      for (const id of p.exists) out.add(id);
      if (p.exact.size === 0 && p.prefix.size === 0 && p.suffix.size === 0) continue;
      const s = ifaceAsString(v);
      addBucket(out, p.exact.get(s));
      if (p.prefix.size > 0) {
        for (const len of p.prefixLens.lengths()) {
          if (len > s.length) break;
          addBucket(out, p.prefix.get(s.slice(0, len)));
        }
      }
      if (p.suffix.size > 0) {
        for (const len of p.suffixLens.lengths()) {
          if (len > s.length) break;
          addBucket(out, p.suffix.get(s.slice(s.length - len)));
        }
      }
    }
    return out;
  }

  /** IDs of the items referencing a filter ID, sorted. */
  itemsReferencing(tenant: string, filterID: string): string[] {
    const ids = this.tenants.get(tenant)?.refs.get(filterID);
    if (ids === undefined) return [];
    return typeof ids === 'string' ? [ids] : [...ids].sort();
  }

  /**
   * How an item is indexed right now: its keys, null when it is always a candidate, undefined when
   * the item is unknown. For diagnostics and GetFilterIndexes-style listings.
   */
  placementOf(tenant: string, itemID: string): IndexKeys | null | undefined {
    const entry = this.tenants.get(tenant)?.items.get(itemID);
    if (entry === undefined) return undefined;
    return entry.placement === null ? null : { ...entry.placement };
  }

  // ---- internals ----

  private tenantOrCreate(tenant: string): TenantIndex {
    let t = this.tenants.get(tenant);
    if (t === undefined) {
      t = {
        name: tenant,
        items: new Map(),
        always: new Set(),
        paths: new Map(),
        refs: new Map(),
        timed: new Set(),
        lowMs: -Infinity,
        highMs: Infinity,
      };
      this.tenants.set(tenant, t);
    }
    return t;
  }

  private detach(t: TenantIndex, itemID: string): void {
    const entry = t.items.get(itemID);
    if (entry === undefined) return;
    this.unplace(t, itemID, entry);
    for (const id of entry.filterIDs) removeFromMap(t.refs, id, itemID);
    t.items.delete(itemID);
  }

  /** Chooses the item's placement for time `now` and records its validity window. */
  private place(t: TenantIndex, itemID: string, entry: ItemEntry, now: number): void {
    let best: Placement | null = null;
    let bestScore = Infinity;
    let bestLow = -Infinity;
    let bestHigh = Infinity;
    // The earliest future activation among the item's filters: a better placement may appear then.
    let nextActivation = Infinity;
    let resolvable = entry.filterIDs.length > 0;
    for (const id of entry.filterIDs) {
      const f = this.resolver.resolveFilter(t.name, id);
      if (f === undefined) {
        resolvable = false;
        break;
      }
      let low = -Infinity;
      let high = Infinity;
      const ai = f.activation;
      if (ai !== null) {
        if (ai.activationMs !== GO_ZERO_TIME_MS && now <= ai.activationMs) {
          nextActivation = Math.min(nextActivation, ai.activationMs);
          continue;
        }
        if (!isActiveAt(ai, now)) continue;
        if (ai.expiryMs !== GO_ZERO_TIME_MS) {
          high = ai.expiryMs - EXPIRY_MARGIN_MS;
          if (now > high) continue;
        }
        if (ai.activationMs !== GO_ZERO_TIME_MS) low = ai.activationMs;
      }
      for (const k of f.indexKeys) {
        if (k === null) continue;
        // Fewer keys first within a type; at equal cost prefer a placement that never needs re-timing.
        const score = TYPE_RANK[k.type] * 1e9 + k.keys.length * 2 + (ai === null ? 0 : 1);
        if (score < bestScore) {
          bestScore = score;
          best = { type: k.type, path: k.path, keys: k.keys };
          bestLow = low;
          bestHigh = high;
        }
      }
    }
    if (!resolvable) best = null;
    entry.placement = best;
    entry.lowMs = best === null ? -Infinity : bestLow;
    entry.highMs = Math.min(best === null ? Infinity : bestHigh, resolvable ? nextActivation : Infinity);
    if (entry.lowMs !== -Infinity || entry.highMs !== Infinity) {
      t.timed.add(itemID);
      // Incremental, so loading many timed items stays linear; retime() recomputes exactly.
      if (entry.lowMs > t.lowMs) t.lowMs = entry.lowMs;
      if (entry.highMs < t.highMs) t.highMs = entry.highMs;
    } else t.timed.delete(itemID);
    if (best === null) {
      t.always.add(itemID);
      return;
    }
    const p = this.pathIndex(t, best.path);
    p.users++;
    for (const key of best.keys) this.addKey(p, best.type, key, itemID);
    if (best.type === '*exists') p.exists.add(itemID);
  }

  private unplace(t: TenantIndex, itemID: string, entry: ItemEntry): void {
    t.always.delete(itemID);
    t.timed.delete(itemID);
    const pl = entry.placement;
    entry.placement = null;
    if (pl === null) return;
    const p = t.paths.get(pl.path);
    if (p === undefined) return;
    for (const key of pl.keys) this.removeKey(p, pl.type, key, itemID);
    if (pl.type === '*exists') p.exists.delete(itemID);
    if (--p.users === 0) t.paths.delete(pl.path);
  }

  private addKey(p: PathIndex, type: IndexType, key: string, itemID: string): void {
    if (type === '*string') addToMap(p.exact, key, itemID);
    else if (type === '*prefix') {
      if (addToMap(p.prefix, key, itemID)) p.prefixLens.add(key.length);
    } else if (type === '*suffix') {
      if (addToMap(p.suffix, key, itemID)) p.suffixLens.add(key.length);
    }
  }

  private removeKey(p: PathIndex, type: IndexType, key: string, itemID: string): void {
    if (type === '*string') removeFromMap(p.exact, key, itemID);
    else if (type === '*prefix') {
      if (removeFromMap(p.prefix, key, itemID)) p.prefixLens.remove(key.length);
    } else if (type === '*suffix') {
      if (removeFromMap(p.suffix, key, itemID)) p.suffixLens.remove(key.length);
    }
  }

  private pathIndex(t: TenantIndex, path: string): PathIndex {
    let p = t.paths.get(path);
    if (p === undefined) {
      p = {
        read: compilePathReader(path),
        exact: new Map(),
        prefix: new Map(),
        suffix: new Map(),
        exists: new Set(),
        prefixLens: new LengthSet(),
        suffixLens: new LengthSet(),
        users: 0,
      };
      t.paths.set(path, p);
    }
    return p;
  }

  /** The clock left the window of some placements: re-place those (rare: filter (de)activations). */
  private retime(t: TenantIndex, now: number): void {
    for (const itemID of [...t.timed]) {
      const entry = t.items.get(itemID);
      if (entry === undefined || (now > entry.lowMs && now <= entry.highMs)) continue;
      this.unplace(t, itemID, entry);
      this.place(t, itemID, entry, now);
    }
    this.refreshBounds(t);
  }

  private refreshBounds(t: TenantIndex): void {
    let low = -Infinity;
    let high = Infinity;
    for (const itemID of t.timed) {
      const entry = t.items.get(itemID);
      if (entry === undefined) continue;
      if (entry.lowMs > low) low = entry.lowMs;
      if (entry.highMs < high) high = entry.highMs;
    }
    t.lowMs = low;
    t.highMs = high;
  }
}
