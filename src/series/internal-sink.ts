import type { Clock } from '../util/clock';
import {
  DAY_MS,
  MINUTE_MS,
  seriesKey,
  type DailyRow,
  type MinutePoint,
  type SeriesId,
  type TimedValue,
} from './minute-point';
import { silentLogger, type SeriesLogger } from './series-logger';
import { SinkType, type PointVisitor, type SeriesSink } from './series-sink';

/** Hard cap on the number of series the in-memory sink holds, whatever the retention. */
export const INTERNAL_MAX_SERIES = 10_000;
/** Memory the minute rings may use in total; long retentions lower the series cap to stay under it. */
export const INTERNAL_MEMORY_BUDGET_BYTES = 128 * 1024 * 1024;
/** Bytes one series costs besides its ring (key strings, Map entry, object headers): an estimate. */
export const INTERNAL_SERIES_OVERHEAD_BYTES = 320;
/** Daily rows are kept this many days (the minute points themselves are gone long before). */
export const INTERNAL_DAILY_RETENTION_DAYS = 31;

/** Options of InternalSink. */
export interface InternalSinkOptions {
  readonly clock: Clock;
  /** How long 1-minute points are kept, in ms (rounded up to whole minutes). */
  readonly retentionMs: number;
  /** Overrides the computed series cap (tests use small caps). */
  readonly maxSeries?: number;
  readonly logger?: SeriesLogger;
}

/**
 * One series: a ring of one float64 slot per minute of retention, NaN where a minute has no point.
 * Indexing by minute makes writes O(1) and keeps the memory per series fixed and known.
 */
interface MinuteRing {
  readonly id: SeriesId;
  readonly values: Float64Array;
  /** Minute number (epoch ms / 60000) of the newest slot. */
  newestMinute: number;
}

/** Series cap for a retention: min(INTERNAL_MAX_SERIES, budget / bytes per series). */
export function internalSeriesCap(retentionMs: number): number {
  const bytesPerSeries = Math.ceil(retentionMs / MINUTE_MS) * 8 + INTERNAL_SERIES_OVERHEAD_BYTES;
  return Math.max(
    1,
    Math.min(INTERNAL_MAX_SERIES, Math.floor(INTERNAL_MEMORY_BUDGET_BYTES / bytesPerSeries)),
  );
}

function slot(minute: number, capacity: number): number {
  return ((minute % capacity) + capacity) % capacity;
}

/**
 * `*internal` sink: everything in memory, bounded. Memory ≈ series × (retention minutes × 8 bytes
 * + ~320 bytes); with the default 24h that is 11.8 kB per series and at most 10,000 series
 * (≈ 113 MiB) — see docs/series.md. New series beyond the cap are refused (one warning until room
 * frees up); series with no point inside the retention window are dropped.
 */
export class InternalSink implements SeriesSink {
  readonly type = SinkType.INTERNAL;
  readonly maxSeries: number;
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly retentionMs: number;
  private readonly logger: SeriesLogger;
  /** tenant → queue → metric → ring: no composite key is built per point (see MinuteRollup). */
  private readonly rings = new Map<string, Map<string, Map<string, MinuteRing>>>();
  private ringCount = 0;
  private readonly daily = new Map<string, Map<number, DailyRow>>();
  private dailyRowCount = 0;
  private lastPruneMs = Number.NEGATIVE_INFINITY;
  private capWarned = false;
  private dailyCapWarned = false;

  constructor(opts: InternalSinkOptions) {
    if (!(opts.retentionMs >= MINUTE_MS)) throw new RangeError('retention must be at least one minute');
    this.clock = opts.clock;
    this.capacity = Math.ceil(opts.retentionMs / MINUTE_MS);
    this.retentionMs = this.capacity * MINUTE_MS;
    this.maxSeries = opts.maxSeries ?? internalSeriesCap(this.retentionMs);
    this.logger = opts.logger ?? silentLogger;
  }

  /** Number of series held (a memory figure for tests and operators). */
  get seriesCount(): number {
    return this.ringCount;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  write(points: readonly MinutePoint[]): void {
    const nowMs = this.clock.nowMs();
    if (nowMs - this.lastPruneMs >= MINUTE_MS) this.prune(nowMs);
    const oldestMinute = this.oldestVisibleMinute(nowMs);
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      const minute = Math.floor(p.timeMs / MINUTE_MS);
      if (minute < oldestMinute) continue;
      const ring = this.ringFor(p);
      if (ring === undefined) continue;
      if (minute > ring.newestMinute) {
        const gap = minute - ring.newestMinute;
        if (gap >= this.capacity) ring.values.fill(Number.NaN);
        else
          for (let m = ring.newestMinute + 1; m < minute; m++)
            ring.values[slot(m, this.capacity)] = Number.NaN;
        ring.newestMinute = minute;
      } else if (minute <= ring.newestMinute - this.capacity) {
        continue;
      }
      ring.values[slot(minute, this.capacity)] = p.value;
    }
  }

  readSeries(id: SeriesId, fromMs: number, toMs: number): Promise<TimedValue[]> {
    const out: TimedValue[] = [];
    const ring = this.rings.get(id.tenant)?.get(id.queueID)?.get(id.metricID);
    if (ring !== undefined)
      this.visitRing(ring, fromMs, toMs, (timeMs, value) => out.push({ timeMs, value }));
    return Promise.resolve(out);
  }

  metricsOf(tenant: string, queueID: string): Promise<ReadonlySet<string>> {
    return Promise.resolve(new Set(this.rings.get(tenant)?.get(queueID)?.keys()));
  }

  scanWindow(fromMs: number, toMs: number, visit: PointVisitor): Promise<void> {
    for (const ring of this.allRings())
      this.visitRing(ring, fromMs, toMs - 1, (timeMs, value) => visit(ring.id, timeMs, value));
    return Promise.resolve();
  }

  writeDailyRows(rows: readonly DailyRow[]): Promise<number> {
    this.pruneDaily(this.clock.nowMs());
    const maxRows = this.maxSeries * INTERNAL_DAILY_RETENTION_DAYS;
    let written = 0;
    for (const row of rows) {
      const key = seriesKey(row.tenant, row.queueID, row.metricID);
      let days = this.daily.get(key);
      if (days?.has(row.dayMs) === true) continue;
      if (this.dailyRowCount >= maxRows) {
        if (!this.dailyCapWarned) {
          this.dailyCapWarned = true;
          this.logger.warn({ maxRows }, 'series: daily summary rows at their cap, new rows dropped');
        }
        break;
      }
      if (days === undefined) {
        days = new Map();
        this.daily.set(key, days);
      }
      days.set(row.dayMs, { ...row });
      this.dailyRowCount++;
      written++;
    }
    return Promise.resolve(written);
  }

  readDailyRows(id: SeriesId, fromDayMs: number, toDayMs: number): Promise<DailyRow[]> {
    const days = this.daily.get(seriesKey(id.tenant, id.queueID, id.metricID));
    const out: DailyRow[] = [];
    if (days !== undefined)
      for (const row of days.values()) if (row.dayMs >= fromDayMs && row.dayMs <= toDayMs) out.push(row);
    out.sort((a, b) => a.dayMs - b.dayMs);
    return Promise.resolve(out);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private oldestVisibleMinute(nowMs: number): number {
    return Math.ceil((nowMs - this.retentionMs) / MINUTE_MS);
  }

  private visitRing(
    ring: MinuteRing,
    fromMs: number,
    toMs: number,
    visit: (timeMs: number, value: number) => void,
  ): void {
    const first = Math.max(
      Math.ceil(fromMs / MINUTE_MS),
      ring.newestMinute - this.capacity + 1,
      this.oldestVisibleMinute(this.clock.nowMs()),
    );
    const last = Math.min(Math.floor(toMs / MINUTE_MS), ring.newestMinute);
    for (let m = first; m <= last; m++) {
      const v = ring.values[slot(m, this.capacity)];
      if (v !== undefined && !Number.isNaN(v)) visit(m * MINUTE_MS, v);
    }
  }

  private *allRings(): Generator<MinuteRing> {
    for (const byQueue of this.rings.values())
      for (const byMetric of byQueue.values()) yield* byMetric.values();
  }

  private ringFor(id: SeriesId): MinuteRing | undefined {
    let byQueue = this.rings.get(id.tenant);
    let byMetric = byQueue?.get(id.queueID);
    const found = byMetric?.get(id.metricID);
    if (found !== undefined) return found;
    if (this.ringCount >= this.maxSeries) {
      if (!this.capWarned) {
        this.capWarned = true;
        this.logger.warn(
          { maxSeries: this.maxSeries },
          'series: internal sink at its series cap, new series dropped',
        );
      }
      return undefined;
    }
    if (byQueue === undefined) {
      byQueue = new Map();
      this.rings.set(id.tenant, byQueue);
    }
    if (byMetric === undefined) {
      byMetric = new Map();
      byQueue.set(id.queueID, byMetric);
    }
    const ring: MinuteRing = {
      id: { tenant: id.tenant, queueID: id.queueID, metricID: id.metricID },
      values: new Float64Array(this.capacity).fill(Number.NaN),
      newestMinute: Number.NEGATIVE_INFINITY,
    };
    byMetric.set(id.metricID, ring);
    this.ringCount++;
    return ring;
  }

  private prune(nowMs: number): void {
    this.lastPruneMs = nowMs;
    const oldest = this.oldestVisibleMinute(nowMs);
    for (const [tenant, byQueue] of this.rings) {
      for (const [queueID, byMetric] of byQueue) {
        for (const [metricID, ring] of byMetric) {
          if (ring.newestMinute >= oldest) continue;
          byMetric.delete(metricID);
          this.ringCount--;
        }
        if (byMetric.size === 0) byQueue.delete(queueID);
      }
      if (byQueue.size === 0) this.rings.delete(tenant);
    }
    if (this.ringCount < this.maxSeries) this.capWarned = false;
    this.pruneDaily(nowMs);
  }

  private pruneDaily(nowMs: number): void {
    const oldestDay = Math.floor(nowMs / DAY_MS) * DAY_MS - INTERNAL_DAILY_RETENTION_DAYS * DAY_MS;
    for (const [key, days] of this.daily) {
      for (const dayMs of days.keys()) {
        if (dayMs >= oldestDay) continue;
        days.delete(dayMs);
        this.dailyRowCount--;
      }
      if (days.size === 0) this.daily.delete(key);
    }
    if (this.dailyRowCount < this.maxSeries * INTERNAL_DAILY_RETENTION_DAYS) this.dailyCapWarned = false;
  }
}
