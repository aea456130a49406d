import { createMetric } from '../../metrics';
import { CGRError } from '../util/cgr-error';
import { EventSlots } from '../util/event-slots';
import { formatRFC3339Nano, parseTimeDetectLayout } from '../util/go-time';
import { EventFifo, NO_EXPIRY } from './event-fifo';
import type { StatProfile } from './stat-profile';
import type { EventDP, StatMetric } from './types';

/** Evaluates metric FilterIDs for one event (FilterS.Pass); may throw CGRError. */
export type MetricFilterFn = (tenant: string, filterIDs: readonly string[], dp: EventDP) => boolean;
/** Told about a metric that skipped an event because its field or filter failed (deviation 2). */
export type MetricErrorFn = (queue: StatQueue, metricID: string, err: unknown) => void;

/** GetStatQueue reply and stored form of a queue. */
export interface StatQueueJSON {
  readonly Tenant: string;
  readonly ID: string;
  readonly SQItems: readonly { readonly EventID: string; readonly ExpiryTime: string | null }[];
  readonly SQMetrics: Readonly<Record<string, Record<string, unknown>>>;
}

const NS_PER_MS = 1e6;

/**
 * The runtime state of one StatQueue (mirrors engine/libstats.go): the FIFO of SQItems and one
 * metric object per profile metric. Everything here is synchronous and in memory; the service
 * decides when to persist.
 */
export class StatQueue {
  readonly tenant: string;
  readonly id: string;
  profile: StatProfile;
  metrics: StatMetric[];
  readonly items: EventFifo;
  /**
   * Slots of the event IDs in `items`, shared with the metrics (their per-ID columns are indexed by
   * it): one reference per SQItem, so an ID keeps its slot until the last item carrying it leaves.
   */
  readonly slots: EventSlots;
  /** CGRateS' dirty flag is non-nil: changes of this queue are persisted (Stored profile or a reset). */
  tracked = false;
  /** Events processed since start (series sampling reads its growth). */
  eventsProcessed = 0;

  private readonly timezone: string;

  constructor(profile: StatProfile, timezone: string) {
    this.timezone = timezone;
    this.tenant = profile.tenant;
    this.id = profile.id;
    this.profile = profile;
    // both grow with the items, up to QueueLength (and beyond only if the queue ever holds more)
    this.items = new EventFifo(profile.queueLength);
    this.slots = new EventSlots(profile.queueLength);
    this.metrics = metricDefs(profile).map((def) => this.createMetric(def, profile.minItems));
  }

  /** Removes expired items from the head (spec §2.4.1); true when anything was removed. */
  expire(nowMs: number): boolean {
    let removed = false;
    while (this.items.length > 0 && this.items.peekExpiryMs() <= nowMs) {
      this.dropOldest();
      removed = true;
    }
    return removed;
  }

  /** Spec §2.4 (normal mode) and §2.5 (one-event mode). */
  processEvent(
    eventID: string,
    dp: EventDP,
    nowMs: number,
    pass: MetricFilterFn,
    onError: MetricErrorFn,
  ): void {
    this.eventsProcessed++;
    const oneEvent = this.profile.oneEventMode;
    if (!oneEvent) {
      this.expire(nowMs);
      const maxLen = this.profile.queueLength;
      // exactly one item leaves, and only when the queue is exactly full (CGRateS remOnQueueLength)
      if (maxLen > 0 && this.items.length === maxLen) this.dropOldest();
    }
    // one ID lookup for the queue and all its metrics; taken after the eviction so the freed row is reused
    const slot = oneEvent ? -1 : this.slots.acquire(eventID);
    if (!oneEvent) {
      const ttlNs = this.profile.ttlNs;
      this.items.push(eventID, ttlNs > 0 ? nowMs + ttlNs / NS_PER_MS : NO_EXPIRY, slot);
    }
    const metrics = this.metrics;
    for (let i = 0; i < metrics.length; i++) {
      const metric = metrics[i] as StatMetric;
      try {
        if (metric.filterIDs.length > 0 && !pass(this.tenant, metric.filterIDs, dp)) continue;
        if (oneEvent) metric.addOneEvent(dp);
        else metric.addEvent(eventID, dp, slot);
      } catch (err) {
        // deviation 2: only the failing metric skips the event; the others still update
        onError(this, metric.metricID, err);
      }
    }
  }

  /** Empties the queue; every metric restarts fresh with its own MinItems and FilterIDs (ResetStatQueue). */
  reset(): void {
    this.items.clear();
    // the old metrics go with every reference and cell they hold, so the index starts over
    this.slots.clear();
    this.metrics = this.metrics.map((m) => this.createMetric(m, m.minItems));
  }

  /**
   * Keep path of a profile update (spec §5.4): items stay; new metrics start fresh with the profile's
   * MinItems; metrics whose FilterIDs changed restart fresh; removed metrics go.
   */
  applyProfileKeepingItems(next: StatProfile): void {
    const current = new Map(this.metrics.map((m) => [m.metricID, m]));
    const defs = metricDefs(next);
    const kept = defs.map((def) => {
      const old = current.get(def.metricID);
      return old !== undefined && sameList(old.filterIDs, def.filterIDs) ? old : undefined;
    });
    // dropped and restarted metrics give their slot references and cells back before new ones take some
    for (const old of current.values()) if (!kept.includes(old)) old.dispose?.();
    this.metrics = defs.map((def, i) => kept[i] ?? this.createMetric(def, next.minItems));
    this.profile = next;
  }

  stringMetrics(decimals: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of this.metrics) out[m.metricID] = m.getStringValue(decimals);
    return out;
  }

  floatMetrics(decimals: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of this.metrics) out[m.metricID] = m.getFloat64Value(decimals);
    return out;
  }

  toJSON(): StatQueueJSON {
    const items: { EventID: string; ExpiryTime: string | null }[] = [];
    this.items.forEach((eventID, expiryMs) => {
      items.push({
        EventID: eventID,
        ExpiryTime: expiryMs === NO_EXPIRY ? null : formatRFC3339Nano(expiryMs),
      });
    });
    const metrics: Record<string, Record<string, unknown>> = {};
    for (const m of this.metrics) metrics[m.metricID] = m.toJSON();
    return { Tenant: this.tenant, ID: this.id, SQItems: items, SQMetrics: metrics };
  }

  /**
   * JSON text of toJSON() (key order aside), written directly: what a store flush writes. Event IDs
   * are the only user strings, escaped by JSON.stringify; each metric writes its own state.
   */
  toJSONText(): string {
    const quotedIDs = this.slots.quotedIDs();
    let items = '';
    this.items.forEach((_eventID, expiryMs, slot) => {
      const expiry = expiryMs === NO_EXPIRY ? 'null' : JSON.stringify(formatRFC3339Nano(expiryMs));
      items += `${items === '' ? '' : ','}{"EventID":${quotedIDs[slot] as string},"ExpiryTime":${expiry}}`;
    });
    let metrics = '';
    for (const m of this.metrics) {
      const state = m.toJSONText?.(quotedIDs) ?? JSON.stringify(m.toJSON());
      metrics += `${metrics === '' ? '' : ','}${JSON.stringify(m.metricID)}:${state}`;
    }
    const head = JSON.stringify({ Tenant: this.tenant, ID: this.id });
    return `${head.slice(0, -1)},"SQItems":[${items}],"SQMetrics":{${metrics}}}`;
  }

  /** Restores items and metric state from a stored queue; metrics absent from it stay fresh. */
  loadJSON(stored: StatQueueJSON): void {
    const items: readonly unknown[] = Array.isArray(stored.SQItems) ? stored.SQItems : [];
    const malformed = (): CGRError => new CGRError(`malformed stored queue ${this.tenant}:${this.id}`);
    if (!Array.isArray(stored.SQItems) || stored.SQMetrics === null || typeof stored.SQMetrics !== 'object') {
      throw malformed();
    }
    const parsed = items.map((raw) => {
      const item = (raw ?? {}) as { EventID?: unknown; ExpiryTime?: unknown };
      if (typeof item.EventID !== 'string') throw malformed();
      if (item.ExpiryTime === null) return { id: item.EventID, expiryMs: NO_EXPIRY };
      if (typeof item.ExpiryTime !== 'string') throw malformed();
      return { id: item.EventID, expiryMs: parseTimeDetectLayout(item.ExpiryTime, 'UTC', 0) };
    });
    this.releaseItems();
    for (const { id, expiryMs } of parsed) this.items.push(id, expiryMs, this.slots.acquire(id));
    // after the items: the metrics find the slots of queued IDs already bound
    for (const m of this.metrics) {
      const state = stored.SQMetrics[m.metricID];
      if (state !== undefined) m.loadJSON(state);
    }
  }

  private createMetric(def: MetricDef, minItems: number): StatMetric {
    return createMetric(def.metricID, {
      minItems,
      filterIDs: def.filterIDs,
      timezone: this.timezone,
      slots: this.slots,
    });
  }

  /** Drops the oldest item from the metrics, then its slot reference. */
  private dropOldest(): void {
    const slot = this.items.peekSlot();
    const eventID = this.items.shift();
    const metrics = this.metrics;
    for (let i = 0; i < metrics.length; i++) (metrics[i] as StatMetric).remEvent(eventID, slot);
    this.slots.releaseSlot(slot);
  }

  /** Empties the FIFO, giving back the slot reference of every item. */
  private releaseItems(): void {
    this.items.forEach((_eventID, _expiryMs, slot) => this.slots.releaseSlot(slot));
    this.items.clear();
  }
}

/** What a metric is created from: its ID and its own FilterIDs. */
interface MetricDef {
  readonly metricID: string;
  readonly filterIDs: readonly string[];
}

/** One definition per distinct MetricID of the profile (a repeated MetricID keeps its last one, as Go's map does). */
function metricDefs(profile: StatProfile): MetricDef[] {
  const byID = new Map<string, MetricDef>();
  for (const m of profile.metrics)
    byID.set(m.MetricID, { metricID: m.MetricID, filterIDs: m.FilterIDs ?? [] });
  return [...byID.values()];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
