import type { Clock } from '../util/clock';
import type { TimestampFormat } from './accept-negotiation';
import { DailyAccumulator } from './daily-accumulator';
import type { HttpRoute } from './http-route';
import { InfluxSink } from './influx-sink';
import { InternalSink } from './internal-sink';
import { MinuteRollup } from './minute-rollup';
import {
  DAY_MS,
  MINUTE_MS,
  TPS_METRIC_ID,
  formatDayKey,
  seriesKey,
  utcDayStartMs,
  type DailyRow,
  type SeriesId,
} from './minute-point';
import { createQueueStatsRoute, type QueueStatsBackend } from './queue-stats-route';
import type { ScheduledTask, Scheduler } from './scheduler';
import { resolveSeriesSettings, type SeriesConfigInput, type SeriesSettings } from './series-config';
import { silentLogger, type SeriesLogger } from './series-logger';
import {
  MAX_BUCKETS,
  buildSeriesResponse,
  pointWindowMs,
  type SeriesQuery,
  type SeriesResponseBody,
} from './series-query';
import { QueryErrorKind, QueryErrorStatus, SeriesQueryError } from './series-query-error';
import {
  parseDailySummaryArgs,
  parseQueueSeriesArgs,
  toCGRError,
  type DailySummaryEntry,
} from './series-rpc-args';
import { SinkType, type SeriesSink } from './series-sink';
import type { SeriesSource } from './series-source';

/** How often the daily job checks whether yesterday (UTC) still needs its summary (Traffic Stats: 60 s). */
export const DAILY_CHECK_INTERVAL_MS = MINUTE_MS;
/**
 * How long after UTC midnight the daily job waits before summarising the day that ended: the last
 * minute is emitted by the first sample after 00:00 (up to one sample interval, ≤ 1 min, late) and
 * may sit in the InfluxDB write buffer for one more flush interval. A row is written only once, so
 * it must not be written before the day's last point is stored.
 */
export const DAILY_SUMMARY_DELAY_MS = 5 * MINUTE_MS;

/** RPC method names served by SeriesService. */
export const SeriesRpcMethod = {
  GET_QUEUE_SERIES: 'StatSv1.GetQueueSeries',
  GET_DAILY_SUMMARY: 'StatSv1.GetDailySummary',
} as const;

/** What SeriesService is built from. */
export interface SeriesServiceDeps {
  /** The `series` config section (defaults applied for absent keys). */
  readonly config?: SeriesConfigInput;
  /** The engine's queues. */
  readonly source: SeriesSource;
  readonly clock: Clock;
  /** Timers: `new TimerScheduler(clock)` in production, ManualScheduler in tests. */
  readonly scheduler: Scheduler;
  readonly logger?: SeriesLogger;
  /** `general.default_tenant`, used when a query names no tenant. @default "cgrates.org" */
  readonly defaultTenant?: string;
  /** Replaces the sink the config selects (tests, custom storage). */
  readonly sink?: SeriesSink;
  /** Bucket cap of series answers. @default MAX_BUCKETS (100,000) */
  readonly maxBuckets?: number;
}

/**
 * The metric history: samples every queue every `series.sample_interval`, rolls samples up to
 * 1-minute points, stores them in the configured sink, writes a daily summary once per UTC day,
 * and answers Traffic-Stats-style series queries (RPC and HTTP) from the stored points.
 */
export class SeriesService implements QueueStatsBackend {
  readonly settings: SeriesSettings;
  readonly defaultTenant: string;
  readonly maxBuckets: number;
  /** Undefined when `series.enabled` is false. */
  readonly sink: SeriesSink | undefined;
  /** `GET /api/queue_stats` (mount at QUEUE_STATS_PATH). */
  readonly queueStatsRoute: HttpRoute;
  private readonly source: SeriesSource;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly logger: SeriesLogger;
  private readonly rollup = new MinuteRollup();
  private readonly tasks: ScheduledTask[] = [];
  private lastSummarisedDayMs = Number.NEGATIVE_INFINITY;
  private dailyFailedDayMs: number | undefined;
  private sampleFailed = false;
  private running = false;

  constructor(deps: SeriesServiceDeps) {
    this.settings = resolveSeriesSettings(deps.config);
    this.source = deps.source;
    this.clock = deps.clock;
    this.scheduler = deps.scheduler;
    this.logger = deps.logger ?? silentLogger;
    this.defaultTenant = deps.defaultTenant ?? 'cgrates.org';
    this.maxBuckets = deps.maxBuckets ?? MAX_BUCKETS;
    this.sink = this.settings.enabled ? (deps.sink ?? this.createSink()) : undefined;
    this.queueStatsRoute = createQueueStatsRoute(this, this.logger);
  }

  /** Prepares the sink and starts the sampler and the daily job. No-op when disabled. */
  async start(): Promise<void> {
    if (this.sink === undefined || this.running) return;
    this.running = true;
    await this.sink.start();
    this.tasks.push(this.scheduler.every(this.settings.sampleIntervalMs, () => this.sampleNow()));
    this.tasks.push(this.scheduler.every(DAILY_CHECK_INTERVAL_MS, () => this.dailyCheck()));
  }

  /** Stops timers, stores the minutes in progress, and flushes the sink once. */
  async stop(): Promise<void> {
    if (this.sink === undefined || !this.running) return;
    this.running = false;
    for (const t of this.tasks.splice(0)) t.cancel();
    this.sink.write(this.rollup.drain());
    await this.sink.stop();
  }

  /** Takes one sample of every queue now (the sampler task; public for tests and tools). */
  sampleNow(): void {
    if (this.sink === undefined) return;
    try {
      const points = this.rollup.sample(this.source, this.clock.nowMs());
      if (points.length > 0) this.sink.write(points);
      this.sampleFailed = false;
    } catch (err) {
      // An engine bug must not stop the timer; one log line per failure streak.
      if (!this.sampleFailed)
        this.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'series: sampling failed',
        );
      this.sampleFailed = true;
    }
  }

  /**
   * Writes the daily summary of the UTC day starting at `dayMs`: per series, the day's max and
   * total over its 1-minute points [dayMs, dayMs + 24h). Rows already stored for that day are kept
   * (first write wins), so running it twice writes nothing the second time. Returns rows written.
   */
  async runDailySummary(dayMs: number): Promise<number> {
    const sink = this.requireSink();
    // Points still buffered (InfluxDB) must be readable by the scan below.
    await sink.flush();
    const acc = new Map<string, { id: SeriesId; acc: DailyAccumulator }>();
    await sink.scanWindow(dayMs, dayMs + DAY_MS, (id, _timeMs, value) => {
      const key = seriesKey(id.tenant, id.queueID, id.metricID);
      let entry = acc.get(key);
      if (entry === undefined) {
        entry = { id, acc: new DailyAccumulator(id.metricID) };
        acc.set(key, entry);
      }
      entry.acc.add(value);
    });
    const rows: DailyRow[] = [];
    for (const { id, acc: a } of acc.values()) {
      const figures = a.result();
      if (figures !== undefined) rows.push({ ...id, dayMs, ...figures });
    }
    return sink.writeDailyRows(rows);
  }

  /** `StatSv1.GetQueueSeries`: the `response` object of the HTTP route. Throws CGRError. */
  async getQueueSeries(args: unknown): Promise<SeriesResponseBody> {
    const { id, query, format } = parseQueueSeriesArgs(args, this.defaultTenant, this.maxBuckets);
    try {
      return await this.querySeries(id, query, format);
    } catch (err) {
      throw toCGRError(err);
    }
  }

  /**
   * `StatSv1.GetDailySummary`: one entry per UTC day, oldest first, ending with today. Past days
   * come from the stored daily rows, or are computed from minute points still held when the job
   * has not run for them; today is always computed on the fly. Throws CGRError.
   */
  async getDailySummary(args: unknown): Promise<DailySummaryEntry[]> {
    const { id, days } = parseDailySummaryArgs(args, this.defaultTenant);
    try {
      const sink = this.requireSink();
      await this.assertKnown(id);
      const nowMs = this.clock.nowMs();
      const todayMs = utcDayStartMs(nowMs);
      const firstDayMs = todayMs - (days - 1) * DAY_MS;
      const stored = new Map<number, DailyRow>();
      if (days > 1)
        for (const row of await sink.readDailyRows(id, firstDayMs, todayMs - DAY_MS))
          stored.set(row.dayMs, row);
      const live = new Map<number, DailyAccumulator>();
      for (const p of await sink.readSeries(id, firstDayMs, nowMs)) {
        const dayMs = utcDayStartMs(p.timeMs);
        if (stored.has(dayMs)) continue;
        let acc = live.get(dayMs);
        if (acc === undefined) {
          acc = new DailyAccumulator(id.metricID);
          live.set(dayMs, acc);
        }
        acc.add(p.value);
      }
      const out: DailySummaryEntry[] = [];
      for (let dayMs = firstDayMs; dayMs <= todayMs; dayMs += DAY_MS) {
        const figures = stored.get(dayMs) ?? live.get(dayMs)?.result();
        out.push({ Date: formatDayKey(dayMs), Max: figures?.max ?? null, Total: figures?.total ?? null });
      }
      return out;
    } catch (err) {
      throw toCGRError(this.asQueryError(err));
    }
  }

  /** Answers a validated query (shared by the RPC and the HTTP route); rejects with SeriesQueryError. */
  async querySeries(id: SeriesId, query: SeriesQuery, format: TimestampFormat): Promise<SeriesResponseBody> {
    try {
      const sink = this.requireSink();
      await this.assertKnown(id);
      const { fromMs, toMs } = pointWindowMs(query);
      const points = await sink.readSeries(id, fromMs, toMs);
      return buildSeriesResponse(query, id, points, format);
    } catch (err) {
      throw this.asQueryError(err);
    }
  }

  private asQueryError(err: unknown): SeriesQueryError {
    if (err instanceof SeriesQueryError) return err;
    return new SeriesQueryError(
      QueryErrorKind.BACKEND,
      QueryErrorStatus.INTERNAL,
      `series storage failed: ${err instanceof Error ? err.message : String(err)}`,
      [],
      { cause: err },
    );
  }

  private requireSink(): SeriesSink {
    if (this.sink === undefined)
      throw new SeriesQueryError(
        QueryErrorKind.DISABLED,
        QueryErrorStatus.UNAVAILABLE,
        'metric history is disabled (series.enabled is false)',
      );
    return this.sink;
  }

  /**
   * A queue is known while the engine has it or the sink holds history for it; a metric is known
   * when the live queue has it (N/A included; `*tps` for every live queue) or has stored points.
   */
  private async assertKnown(id: SeriesId): Promise<void> {
    let liveQueue = false;
    let liveMetric = false;
    this.source.forEachQueue((q) => {
      if (liveQueue || q.tenant !== id.tenant || q.queueID !== id.queueID) return;
      liveQueue = true;
      liveMetric = id.metricID === TPS_METRIC_ID || Object.hasOwn(q.floatMetrics, id.metricID);
    });
    if (liveMetric) return;
    const stored = await this.requireSink().metricsOf(id.tenant, id.queueID);
    if (stored.has(id.metricID)) return;
    if (!liveQueue && stored.size === 0)
      throw new SeriesQueryError(
        QueryErrorKind.NOT_FOUND,
        QueryErrorStatus.NOT_FOUND,
        `No such queue: ${id.tenant}:${id.queueID}`,
      );
    throw new SeriesQueryError(
      QueryErrorKind.NOT_FOUND,
      QueryErrorStatus.NOT_FOUND,
      `No such metric: ${id.metricID} on queue ${id.tenant}:${id.queueID}`,
    );
  }

  private async dailyCheck(): Promise<void> {
    const nowMs = this.clock.nowMs();
    const yesterdayMs = utcDayStartMs(nowMs - DAILY_SUMMARY_DELAY_MS) - DAY_MS;
    if (this.lastSummarisedDayMs >= yesterdayMs) return;
    try {
      const written = await this.runDailySummary(yesterdayMs);
      this.lastSummarisedDayMs = yesterdayMs;
      this.dailyFailedDayMs = undefined;
      this.logger.info({ day: formatDayKey(yesterdayMs), rows: written }, 'series: daily summary written');
    } catch (err) {
      // Retried every minute; one warning per day that fails.
      if (this.dailyFailedDayMs !== yesterdayMs)
        this.logger.warn(
          { day: formatDayKey(yesterdayMs), err: err instanceof Error ? err.message : String(err) },
          'series: daily summary failed; will retry',
        );
      this.dailyFailedDayMs = yesterdayMs;
    }
  }

  private createSink(): SeriesSink {
    const s = this.settings;
    if (s.dbType === SinkType.INFLUXDB)
      return new InfluxSink({
        url: s.influxUrl,
        database: s.influxDatabase,
        retentionMs: s.retentionMs,
        clock: this.clock,
        scheduler: this.scheduler,
        logger: this.logger,
      });
    return new InternalSink({ clock: this.clock, retentionMs: s.retentionMs, logger: this.logger });
  }
}
