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

/**
 * One item as a lookup returns it: the caller's payload, the item's compiled filters and what the
 * lookup proved about them.
 */
export interface IndexedItem<T> {
  readonly id: string;
  readonly payload: T;
  readonly filterIDs: readonly string[];
  /**
   * The filters in FilterIDs order, compiled; null while one of them does not resolve (a stored
   * filter not set yet, an inline one that does not parse): FilterS.Pass by ID then raises its error.
   */
  readonly filters: readonly ResolvedFilter[] | null;
  /**
   * Set by the lookup that returned the item, valid until the next lookup on the same index: the
   * item's only filter is one rule that the index key it was found under already decided, so
   * FilterS.Pass would return true without reading anything else.
   */
  readonly proven: boolean;
}

// Field order is layout: what a lookup touches comes first, so it shares the object's first cache line.
class ItemEntry<T> implements IndexedItem<T> {
  readonly payload: T;
  /** The lookup that last listed this item: de-duplicates without a Set per lookup. */
  stamp = 0;
  proven = false;
  /** A key hit of the placement proves the item's filters pass (see `provable()`). */
  provable = false;
  filters: readonly ResolvedFilter[] | null = null;
  readonly id: string;
  readonly filterIDs: readonly string[];
  placement: Placement | null = null;
  /** The placement stays right while lowMs < now <= highMs (filter activation windows). */
  lowMs = -Infinity;
  highMs = Infinity;

  constructor(id: string, payload: T, filterIDs: readonly string[]) {
    this.payload = payload;
    this.id = id;
    this.filterIDs = filterIDs;
  }
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

/** Items under one key: a lone item is stored as itself, saving a Set per key on the common case. */
type Bucket<T> = ItemEntry<T> | Set<ItemEntry<T>>;

/** Every indexed key under one event path, read once per event. */
interface PathIndex<T> {
  readonly read: PathReader;
  readonly exact: Map<string, Bucket<T>>;
  readonly prefix: Map<string, Bucket<T>>;
  readonly suffix: Map<string, Bucket<T>>;
  readonly exists: Set<ItemEntry<T>>;
  readonly prefixLens: LengthSet;
  readonly suffixLens: LengthSet;
  /** Placements using this path; the PathIndex is dropped at 0. */
  users: number;
}

interface TenantIndex<T> {
  readonly name: string;
  readonly items: Map<string, ItemEntry<T>>;
  /** Items with no FilterIDs, no usable indexable rule, or an unresolved filter: always candidates. */
  readonly always: Set<ItemEntry<T>>;
  readonly paths: Map<string, PathIndex<T>>;
  /** FilterID → items referencing it (stored and inline), for re-indexing and RemoveFilter. */
  readonly refs: Map<string, Bucket<T>>;
  /** Items whose placement depends on the clock, and the window in which all of them are right. */
  readonly timed: Set<ItemEntry<T>>;
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

/** Adds an item under a key; true when the key is new. */
function addToMap<T>(map: Map<string, Bucket<T>>, key: string, entry: ItemEntry<T>): boolean {
  const b = map.get(key);
  if (b === undefined) {
    map.set(key, entry);
    return true;
  }
  if (b instanceof ItemEntry) {
    if (b !== entry) map.set(key, new Set([b, entry]));
  } else b.add(entry);
  return false;
}

/** Removes an item from a key; true when the key is gone. */
function removeFromMap<T>(map: Map<string, Bucket<T>>, key: string, entry: ItemEntry<T>): boolean {
  const b = map.get(key);
  if (b === undefined) return false;
  if (b instanceof ItemEntry) {
    if (b !== entry) return false;
    map.delete(key);
    return true;
  }
  b.delete(entry);
  if (b.size === 1) map.set(key, b.values().next().value as ItemEntry<T>);
  return false;
}

function bucketEntries<T>(b: Bucket<T> | undefined): ItemEntry<T>[] {
  if (b === undefined) return [];
  return b instanceof ItemEntry ? [b] : [...b];
}

/**
 * True when finding the item under a key of its placement decides FilterS.Pass: one filter without
 * an ActivationInterval, made of one `*string`/`*prefix`/`*suffix` rule on a plain path with constant
 * values, which is the placement. The rule then reads the same path with the same reader and
 * compares IfaceAsString of it to the same constants the keys are, so a key hit is a pass. (`*not`
 * and `*ni` forms are never indexed; a constant element with dynamic values is keyed on the value
 * path and is not proven.)
 */
function provable(filters: readonly ResolvedFilter[] | null, placement: Placement | null): boolean {
  if (filters === null || filters.length !== 1 || placement === null) return false;
  const f = filters[0] as ResolvedFilter;
  if (f.activation !== null || f.rules.length !== 1) return false;
  const rule = (f.rules[0] as CompiledRule).spec;
  return placement.type !== '*exists' && rule.Type === placement.type && rule.Element === placement.path;
}

/**
 * The filter index of one subsystem (`*stat_filter_indexes`, `*threshold_filter_indexes`), per tenant.
 * Each item carries the caller's payload (its profile), so a lookup hands back what the caller
 * matches on, with no second lookup by ID.
 *
 * DESIGN deviation 1: it only narrows, it never changes results. `candidates()` returns every item
 * whose filters could pass the event; the caller still runs FilterS.Pass on each, unless the lookup
 * proved it (`IndexedItem.proven`). An item is listed under the keys of ONE indexable rule (the most
 * selective) of a filter that FilterS.Pass is sure to evaluate: a filter without an
 * ActivationInterval, or one active now and until its expiry (such placements are recomputed when
 * the clock leaves their window). Since every filter must pass (AND), that rule must pass, so its
 * keys (the rule's values are OR'd: all of them are keys) cover every match. Items without such a
 * rule are always candidates.
 *
 * Lookup reads each distinct indexed path of the tenant once: O(paths × value length + candidates),
 * independent of how many items do not match. Unlike CGRateS every matching prefix/suffix key
 * counts, not only the longest/shortest.
 */
export class FilterIndex<T> {
  /** The CGRateS index namespace, e.g. `*stat_filter_indexes`. */
  readonly subsystem: string;
  private readonly resolver: FilterResolver;
  private readonly tenants = new Map<string, TenantIndex<T>>();
  /** Numbers the lookups, for ItemEntry.stamp. */
  private lookups = 0;

  constructor(subsystem: string, resolver: FilterResolver) {
    this.subsystem = subsystem;
    this.resolver = resolver;
  }

  /**
   * Adds or replaces an item and its payload. Never throws: a filter that does not resolve yet (e.g.
   * profiles restored before their filters) puts the item in the always-check set until the filter
   * is set.
   */
  setItem(tenant: string, itemID: string, filterIDs: readonly string[], payload: T): void {
    const t = this.tenantOrCreate(tenant);
    this.detach(t, itemID);
    const entry = new ItemEntry(itemID, payload, [...filterIDs]);
    t.items.set(itemID, entry);
    for (const id of entry.filterIDs) addToMap(t.refs, id, entry);
    this.resolve(t, entry);
    this.place(t, entry, this.resolver.nowMs());
  }

  /** Removes an item; unknown items are a no-op. */
  removeItem(tenant: string, itemID: string): void {
    const t = this.tenants.get(tenant);
    if (t === undefined) return;
    // Bounds only tighten on removal; a stale bound merely triggers one early re-timing.
    this.detach(t, itemID);
    if (t.items.size === 0) this.tenants.delete(tenant);
  }

  /** Re-resolves and re-places every item referencing a filter (after the filter was set or changed). */
  refreshFilter(tenant: string, filterID: string): void {
    const t = this.tenants.get(tenant);
    if (t === undefined) return;
    const now = this.resolver.nowMs();
    for (const entry of bucketEntries(t.refs.get(filterID))) {
      this.unplace(t, entry);
      this.resolve(t, entry);
      this.place(t, entry, now);
    }
  }

  /**
   * Every item of the tenant whose filters could pass `ev` (a superset of the matches; never hides
   * one), each once. The array is the caller's; the items' `proven` flags hold until the next lookup.
   */
  candidates(tenant: string, ev: EventDP): IndexedItem<T>[] {
    const out: ItemEntry<T>[] = [];
    const t = this.tenants.get(tenant);
    if (t === undefined) return out;
    // Only placements that depend on the clock need it; most tenants have none.
    if (t.timed.size > 0) {
      const now = this.resolver.nowMs();
      if (now <= t.lowMs || now > t.highMs) this.retime(t, now);
    }
    const stamp = ++this.lookups;
    for (const e of t.always) collect(out, e, stamp, false);
    for (const p of t.paths.values()) {
      const v = safeRead(p.read, ev);
      if (v === MISSING) continue;
      if (v === THROWN) {
        // The rule would raise the same error when evaluated: let the caller see it.
        for (const b of p.exact.values()) collectBucket(out, b, stamp, false);
        for (const b of p.prefix.values()) collectBucket(out, b, stamp, false);
        for (const b of p.suffix.values()) collectBucket(out, b, stamp, false);
        for (const e of p.exists) collect(out, e, stamp, false);
        continue;
      }
      for (const e of p.exists) collect(out, e, stamp, false);
      if (p.exact.size === 0 && p.prefix.size === 0 && p.suffix.size === 0) continue;
      const s = ifaceAsString(v);
      collectBucket(out, p.exact.get(s), stamp, true);
      if (p.prefix.size > 0) {
        for (const len of p.prefixLens.lengths()) {
          if (len > s.length) break;
          collectBucket(out, p.prefix.get(s.slice(0, len)), stamp, true);
        }
      }
      if (p.suffix.size > 0) {
        for (const len of p.suffixLens.lengths()) {
          if (len > s.length) break;
          collectBucket(out, p.suffix.get(s.slice(s.length - len)), stamp, true);
        }
      }
    }
    return out;
  }

  /** One item by ID (explicit `*xxxProfileIDs`), or undefined; no lookup proved anything about it. */
  item(tenant: string, itemID: string): Omit<IndexedItem<T>, 'proven'> | undefined {
    return this.tenants.get(tenant)?.items.get(itemID);
  }

  /** IDs of the items referencing a filter ID, sorted. */
  itemsReferencing(tenant: string, filterID: string): string[] {
    const b = this.tenants.get(tenant)?.refs.get(filterID);
    return bucketEntries(b)
      .map((e) => e.id)
      .sort();
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

  private tenantOrCreate(tenant: string): TenantIndex<T> {
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

  private detach(t: TenantIndex<T>, itemID: string): void {
    const entry = t.items.get(itemID);
    if (entry === undefined) return;
    this.unplace(t, entry);
    for (const id of entry.filterIDs) removeFromMap(t.refs, id, entry);
    t.items.delete(itemID);
  }

  /** Compiles the item's filters once, so matching never looks them up by ID. */
  private resolve(t: TenantIndex<T>, entry: ItemEntry<T>): void {
    const filters: ResolvedFilter[] = [];
    for (const id of entry.filterIDs) {
      const f = this.resolver.resolveFilter(t.name, id);
      if (f === undefined) {
        entry.filters = null;
        return;
      }
      filters.push(f);
    }
    entry.filters = filters;
  }

  /** Chooses the item's placement for time `now` and records its validity window. */
  private place(t: TenantIndex<T>, entry: ItemEntry<T>, now: number): void {
    let best: Placement | null = null;
    let bestScore = Infinity;
    let bestLow = -Infinity;
    let bestHigh = Infinity;
    // The earliest future activation among the item's filters: a better placement may appear then.
    let nextActivation = Infinity;
    // Unresolved filters (null) leave the item always checked, as do no filters at all.
    const filters = entry.filters;
    for (const f of filters ?? []) {
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
    entry.placement = best;
    entry.provable = provable(filters, best);
    entry.lowMs = best === null ? -Infinity : bestLow;
    entry.highMs = Math.min(best === null ? Infinity : bestHigh, nextActivation);
    if (entry.lowMs !== -Infinity || entry.highMs !== Infinity) {
      t.timed.add(entry);
      // Incremental, so loading many timed items stays linear; retime() recomputes exactly.
      if (entry.lowMs > t.lowMs) t.lowMs = entry.lowMs;
      if (entry.highMs < t.highMs) t.highMs = entry.highMs;
    } else t.timed.delete(entry);
    if (best === null) {
      t.always.add(entry);
      return;
    }
    const p = this.pathIndex(t, best.path);
    p.users++;
    for (const key of best.keys) this.addKey(p, best.type, key, entry);
    if (best.type === '*exists') p.exists.add(entry);
  }

  private unplace(t: TenantIndex<T>, entry: ItemEntry<T>): void {
    t.always.delete(entry);
    t.timed.delete(entry);
    const pl = entry.placement;
    entry.placement = null;
    entry.provable = false;
    if (pl === null) return;
    const p = t.paths.get(pl.path);
    if (p === undefined) return;
    for (const key of pl.keys) this.removeKey(p, pl.type, key, entry);
    if (pl.type === '*exists') p.exists.delete(entry);
    if (--p.users === 0) t.paths.delete(pl.path);
  }

  private addKey(p: PathIndex<T>, type: IndexType, key: string, entry: ItemEntry<T>): void {
    if (type === '*string') addToMap(p.exact, key, entry);
    else if (type === '*prefix') {
      if (addToMap(p.prefix, key, entry)) p.prefixLens.add(key.length);
    } else if (type === '*suffix') {
      if (addToMap(p.suffix, key, entry)) p.suffixLens.add(key.length);
    }
  }

  private removeKey(p: PathIndex<T>, type: IndexType, key: string, entry: ItemEntry<T>): void {
    if (type === '*string') removeFromMap(p.exact, key, entry);
    else if (type === '*prefix') {
      if (removeFromMap(p.prefix, key, entry)) p.prefixLens.remove(key.length);
    } else if (type === '*suffix') {
      if (removeFromMap(p.suffix, key, entry)) p.suffixLens.remove(key.length);
    }
  }

  private pathIndex(t: TenantIndex<T>, path: string): PathIndex<T> {
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
  private retime(t: TenantIndex<T>, now: number): void {
    for (const entry of [...t.timed]) {
      if (now > entry.lowMs && now <= entry.highMs) continue;
      this.unplace(t, entry);
      this.place(t, entry, now);
    }
    this.refreshBounds(t);
  }

  private refreshBounds(t: TenantIndex<T>): void {
    let low = -Infinity;
    let high = Infinity;
    for (const entry of t.timed) {
      if (entry.lowMs > low) low = entry.lowMs;
      if (entry.highMs < high) high = entry.highMs;
    }
    t.lowMs = low;
    t.highMs = high;
  }
}

/** Lists an item once per lookup; `viaKey`: found under a key of its placement (not always-listed, not THROWN). */
function collect<T>(out: ItemEntry<T>[], e: ItemEntry<T>, stamp: number, viaKey: boolean): void {
  if (e.stamp === stamp) return;
  e.stamp = stamp;
  e.proven = viaKey && e.provable;
  out.push(e);
}

function collectBucket<T>(
  out: ItemEntry<T>[],
  b: Bucket<T> | undefined,
  stamp: number,
  viaKey: boolean,
): void {
  if (b === undefined) return;
  if (b instanceof ItemEntry) collect(out, b, stamp, viaKey);
  else for (const e of b) collect(out, e, stamp, viaKey);
}
