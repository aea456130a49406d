import type { Clock } from '../util/clock';
import { InfluxClient, InfluxError, type InfluxApi, type InfluxSeries } from './influx-client';
import { LineQueue } from './line-queue';
import {
  escapeMeasurement,
  escapeTag,
  formatFloatField,
  isWritableTag,
  quoteIdent,
  quoteString,
} from './line-protocol';
import {
  DAY_MS,
  MINUTE_MS,
  queueKey,
  seriesKey,
  type DailyRow,
  type MinutePoint,
  type SeriesId,
  type TimedValue,
} from './minute-point';
import type { ScheduledTask, Scheduler } from './scheduler';
import { silentLogger, type SeriesLogger } from './series-logger';
import { SinkType, type PointVisitor, type SeriesSink } from './series-sink';

/** Retention policy of the 1-minute points (duration = series.retention, at least 1h); the default RP. */
export const RP_MINUTE = 'minute';
/** Retention policy of rollups and daily rows, kept forever (Traffic Stats' `indefinite`). */
export const RP_INDEFINITE = 'indefinite';
/** The 1-minute points: tags metric, queue, tenant; field value. */
export const MEASUREMENT_1MIN = 'queue_stats.1min';
/** Hourly means written by continuous query, for long-range graphs. */
export const MEASUREMENT_1HOUR = 'queue_stats.1hour';
/** Daily maxima written by continuous query (Traffic Stats' `max.kbps.ds.1day`). */
export const MEASUREMENT_MAX_1DAY = 'queue_stats.max.1day';
/** Rows of the daily summary job: fields max, total; time = UTC midnight of the day. */
export const MEASUREMENT_DAILY = 'daily_summary';

/** InfluxDB refuses retention policies shorter than one hour. */
const MIN_RP_MS = 3_600_000;

/** Options of InfluxSink. */
export interface InfluxSinkOptions {
  readonly url: string;
  readonly database: string;
  /** Duration of the 1-minute retention policy, ms (raised to InfluxDB's 1h minimum). */
  readonly retentionMs: number;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger?: SeriesLogger;
  /** How often buffered lines are sent, ms. Default 10 s. */
  readonly flushIntervalMs?: number;
  /** Lines buffered at most while InfluxDB is unreachable; the oldest go first. Default 100,000 (~10 MB). */
  readonly maxPendingLines?: number;
  /** Lines per /write request (Traffic Stats' maxPublishSize). Default 5,000. */
  readonly batchLines?: number;
  /** Socket idle timeout per request, ms. Default 10 s. */
  readonly timeoutMs?: number;
  /** Replaces the HTTP client (unit tests). */
  readonly client?: InfluxApi;
}

function tagSet(id: SeriesId): string {
  // Sorted tag keys: what InfluxDB would sort them to anyway, at no cost to it.
  return `metric=${escapeTag(id.metricID)},queue=${escapeTag(id.queueID)},tenant=${escapeTag(id.tenant)}`;
}

function seriesFilter(id: SeriesId): string {
  return `"tenant" = ${quoteString(id.tenant)} AND "queue" = ${quoteString(id.queueID)} AND "metric" = ${quoteString(id.metricID)}`;
}

function tagsOf(s: InfluxSeries): SeriesId | undefined {
  const t = s.tags;
  if (t === undefined) return undefined;
  const tenant = t['tenant'];
  const queueID = t['queue'];
  const metricID = t['metric'];
  if (tenant === undefined || queueID === undefined || metricID === undefined) return undefined;
  return { tenant, queueID, metricID };
}

function influxDuration(ms: number): string {
  return `${Math.ceil(Math.max(ms, MIN_RP_MS) / MINUTE_MS)}m`;
}

/**
 * `*influxdb` sink (InfluxDB 1.x HTTP API). At start it creates the database, the retention
 * policies and the continuous queries, as Traffic Stats' create_ts_databases does, adapted to one
 * measurement tagged by tenant, queue and metric:
 *
 * | object | definition |
 * |---|---|
 * | RP `minute` (default) | duration = series.retention (≥ 1h) — holds `queue_stats.1min` |
 * | RP `indefinite` | INF — holds the rollups and `daily_summary` |
 * | CQ `queue_stats_1hour` | mean(value) GROUP BY time(1h), * → indefinite.`queue_stats.1hour`, RESAMPLE FOR 2h |
 * | CQ `queue_stats_max_1day` | max(value) GROUP BY time(1d), * → indefinite.`queue_stats.max.1day`, RESAMPLE FOR 2d |
 *
 * Writes are batched line protocol, flushed every flushIntervalMs. When InfluxDB is unreachable the
 * lines stay queued (bounded, oldest dropped), are retried on the next flush, and one warning is
 * logged per outage; the setup above is retried the same way when it failed at start.
 */
export class InfluxSink implements SeriesSink {
  readonly type = SinkType.INFLUXDB;
  private readonly client: InfluxApi;
  private readonly opts: InfluxSinkOptions;
  private readonly logger: SeriesLogger;
  private readonly batchLines: number;
  private readonly minuteLines: LineQueue;
  private readonly dailyLines: LineQueue;
  private readonly knownMetrics = new Map<string, Set<string>>();
  private readonly dailyWritten = new Set<string>();
  private ready = false;
  private down = false;
  /** Dropped-line count at the last successful flush. */
  private droppedBefore = 0;
  private dropWarned = false;
  private refusedWarned = false;
  private unwritableWarned = false;
  private flushing: Promise<void> | undefined;
  private timer: ScheduledTask | undefined;
  private stopped = false;

  constructor(opts: InfluxSinkOptions) {
    this.opts = opts;
    this.client =
      opts.client ??
      new InfluxClient({
        url: opts.url,
        database: opts.database,
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      });
    this.logger = opts.logger ?? silentLogger;
    this.batchLines = opts.batchLines ?? 5_000;
    const maxPending = opts.maxPendingLines ?? 100_000;
    this.minuteLines = new LineQueue(maxPending);
    this.dailyLines = new LineQueue(Math.max(1, Math.floor(maxPending / 10)));
  }

  /** Lines waiting to be written (tests and operators). */
  get pendingLines(): number {
    return this.minuteLines.length + this.dailyLines.length;
  }

  /** True while InfluxDB is considered unreachable. */
  get inOutage(): boolean {
    return this.down;
  }

  async start(): Promise<void> {
    this.timer = this.opts.scheduler.every(this.opts.flushIntervalMs ?? 10_000, () => this.flush());
    try {
      await this.setup();
    } catch (err) {
      this.outage(err, 'setup');
    }
  }

  /** Creates database, retention policies and continuous queries; safe to run again. */
  async setup(): Promise<void> {
    const db = quoteIdent(this.opts.database);
    await this.client.query(`CREATE DATABASE ${db}`);
    await this.ensureRetentionPolicy(RP_MINUTE, influxDuration(this.opts.retentionMs), true);
    await this.ensureRetentionPolicy(RP_INDEFINITE, 'INF', false);
    const from = `${db}.${quoteIdent(RP_MINUTE)}.${quoteIdent(MEASUREMENT_1MIN)}`;
    const into = (m: string): string => `${db}.${quoteIdent(RP_INDEFINITE)}.${quoteIdent(m)}`;
    await this.ensureContinuousQuery(
      'queue_stats_1hour',
      `RESAMPLE FOR 2h BEGIN SELECT mean("value") AS "value" INTO ${into(MEASUREMENT_1HOUR)} FROM ${from} GROUP BY time(1h), * END`,
    );
    await this.ensureContinuousQuery(
      'queue_stats_max_1day',
      `RESAMPLE FOR 2d BEGIN SELECT max("value") AS "value" INTO ${into(MEASUREMENT_MAX_1DAY)} FROM ${from} GROUP BY time(1d), * END`,
    );
    this.ready = true;
  }

  write(points: readonly MinutePoint[]): void {
    const measurement = escapeMeasurement(MEASUREMENT_1MIN);
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      if (!isWritableTag(p.tenant) || !isWritableTag(p.queueID) || !isWritableTag(p.metricID)) {
        if (!this.unwritableWarned) {
          this.unwritableWarned = true;
          this.logger.warn(
            { tenant: p.tenant, queue: p.queueID, metric: p.metricID },
            'series: an ID with a newline or a trailing backslash cannot be written to InfluxDB; skipped',
          );
        }
        continue;
      }
      this.minuteLines.push(
        `${measurement},${tagSet(p)} value=${formatFloatField(p.value)} ${Math.floor(p.timeMs / 1000)}`,
      );
      this.remember(p);
    }
  }

  async readSeries(id: SeriesId, fromMs: number, toMs: number): Promise<TimedValue[]> {
    const out: TimedValue[] = [];
    const q =
      `SELECT "value" FROM ${this.minuteFrom()} WHERE ${seriesFilter(id)}` +
      ` AND time >= ${Math.ceil(fromMs)}ms AND time <= ${Math.floor(toMs)}ms`;
    await this.client.query(q, (s) => {
      for (const row of s.values ?? []) {
        const [t, v] = row;
        if (typeof t === 'number' && typeof v === 'number') out.push({ timeMs: t, value: v });
      }
    });
    return out;
  }

  async metricsOf(tenant: string, queueID: string): Promise<ReadonlySet<string>> {
    const out = new Set<string>(this.knownMetrics.get(queueKey(tenant, queueID)));
    const q =
      `SHOW TAG VALUES FROM ${quoteIdent(MEASUREMENT_1MIN)} WITH KEY = "metric"` +
      ` WHERE "tenant" = ${quoteString(tenant)} AND "queue" = ${quoteString(queueID)}`;
    await this.client.query(q, (s) => {
      const valueCol = s.columns.indexOf('value');
      for (const row of s.values ?? []) {
        const v = row[valueCol];
        if (typeof v === 'string') out.add(v);
      }
    });
    return out;
  }

  async scanWindow(fromMs: number, toMs: number, visit: PointVisitor): Promise<void> {
    const q =
      `SELECT "value" FROM ${this.minuteFrom()} WHERE time >= ${Math.ceil(fromMs)}ms AND time < ${Math.ceil(toMs)}ms` +
      ` GROUP BY "tenant", "queue", "metric"`;
    await this.client.query(q, (s) => {
      const id = tagsOf(s);
      if (id === undefined) return;
      for (const row of s.values ?? []) {
        const [t, v] = row;
        if (typeof t === 'number' && typeof v === 'number') visit(id, t, v);
      }
    });
  }

  async writeDailyRows(rows: readonly DailyRow[]): Promise<number> {
    const existing = new Set<string>();
    const days = new Set(rows.map((r) => r.dayMs));
    for (const dayMs of days) {
      const q = `SELECT "max" FROM ${this.dailyFrom()} WHERE time = ${dayMs}ms GROUP BY "tenant", "queue", "metric"`;
      try {
        await this.client.query(q, (s) => {
          const id = tagsOf(s);
          if (id !== undefined)
            existing.add(`${seriesKey(id.tenant, id.queueID, id.metricID)}\u0000${dayMs}`);
        });
      } catch (err) {
        // Unreachable: rely on the local record; a rewrite of the same (series, day) would only
        // overwrite the same point, never add a second one.
        if (!(err instanceof InfluxError && err.retryable)) throw err;
      }
    }
    const measurement = escapeMeasurement(MEASUREMENT_DAILY);
    let written = 0;
    for (const r of rows) {
      const key = `${seriesKey(r.tenant, r.queueID, r.metricID)}\u0000${r.dayMs}`;
      if (existing.has(key) || this.dailyWritten.has(key)) continue;
      if (!isWritableTag(r.tenant) || !isWritableTag(r.queueID) || !isWritableTag(r.metricID)) continue;
      this.dailyWritten.add(key);
      this.dailyLines.push(
        `${measurement},${tagSet(r)} max=${formatFloatField(r.max)},total=${formatFloatField(r.total)} ${r.dayMs / 1000}`,
      );
      written++;
    }
    this.pruneDailyWritten();
    return written;
  }

  async readDailyRows(id: SeriesId, fromDayMs: number, toDayMs: number): Promise<DailyRow[]> {
    const out: DailyRow[] = [];
    const q =
      `SELECT "max", "total" FROM ${this.dailyFrom()} WHERE ${seriesFilter(id)}` +
      ` AND time >= ${fromDayMs}ms AND time <= ${toDayMs}ms`;
    await this.client.query(q, (s) => {
      const ti = s.columns.indexOf('time');
      const mi = s.columns.indexOf('max');
      const si = s.columns.indexOf('total');
      for (const row of s.values ?? []) {
        const t = row[ti];
        const max = row[mi];
        const total = row[si];
        if (typeof t === 'number' && typeof max === 'number' && typeof total === 'number')
          out.push({ ...id, dayMs: t, max, total });
      }
    });
    return out;
  }

  /** Sends buffered lines; joins a flush already in progress. Never rejects. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    // Wait for a flush in flight, then one last attempt for what is still queued (no retry loop,
    // as Traffic Stats on SIGTERM).
    if (this.flushing !== undefined) await this.flushing;
    await this.flush();
    if (this.pendingLines > 0)
      this.logger.warn(
        { pendingLines: this.pendingLines },
        'series: InfluxDB unreachable at shutdown, points lost',
      );
    this.client.close();
  }

  private async flushOnce(): Promise<void> {
    this.reportDrops();
    if (this.pendingLines === 0 && this.ready) return;
    try {
      if (!this.ready) await this.setup();
      await this.drain(this.minuteLines, RP_MINUTE);
      await this.drain(this.dailyLines, RP_INDEFINITE);
      if (this.down) {
        this.down = false;
        this.logger.info(
          { droppedLines: this.droppedLines - this.droppedBefore },
          'series: InfluxDB reachable again, buffered points written',
        );
      }
      this.droppedBefore = this.droppedLines;
      this.dropWarned = false;
    } catch (err) {
      this.outage(err, 'write');
    }
  }

  private async drain(queue: LineQueue, rp: string): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.peek(this.batchLines);
      try {
        await this.client.write(batch.lines.join('\n'), rp, 's');
      } catch (err) {
        if (err instanceof InfluxError && err.status === 404) {
          // Database dropped behind our back: recreate it on the next attempt.
          this.ready = false;
          throw err;
        }
        if (err instanceof InfluxError && !err.retryable) {
          // A 4xx other than 404 (a field type conflict, a point outside the RP…) fails the same way
          // on every retry: drop the batch so it cannot block the queue forever. Logged once until
          // a batch goes through again.
          if (!this.refusedWarned)
            this.logger.error(
              { err: err.message, lines: batch.lines.length },
              'series: InfluxDB refused a batch; dropped',
            );
          this.refusedWarned = true;
          queue.ack(batch.endSeq);
          continue;
        }
        throw err;
      }
      this.refusedWarned = false;
      queue.ack(batch.endSeq);
    }
  }

  private outage(err: unknown, during: string): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(
      { err: err instanceof Error ? err.message : String(err), during, pendingLines: this.pendingLines },
      'series: InfluxDB unreachable; buffering points and retrying',
    );
  }

  private get droppedLines(): number {
    return this.minuteLines.dropped + this.dailyLines.dropped;
  }

  /** One warning per outage when the buffer overflows; the recovery message carries the total. */
  private reportDrops(): void {
    if (this.dropWarned || this.droppedLines === this.droppedBefore) return;
    this.dropWarned = true;
    this.logger.warn(
      { dropped: this.droppedLines - this.droppedBefore },
      'series: InfluxDB write buffer full; oldest points dropped',
    );
  }

  private remember(id: SeriesId): void {
    const k = queueKey(id.tenant, id.queueID);
    let set = this.knownMetrics.get(k);
    if (set === undefined) {
      set = new Set();
      this.knownMetrics.set(k, set);
    }
    set.add(id.metricID);
  }

  private pruneDailyWritten(): void {
    // Only rows of the last two days can be rewritten by a rerun of the job.
    const oldest = Math.floor(this.opts.clock.nowMs() / DAY_MS) * DAY_MS - 2 * DAY_MS;
    for (const key of this.dailyWritten) {
      const dayMs = Number(key.slice(key.lastIndexOf('\u0000') + 1));
      if (dayMs < oldest) this.dailyWritten.delete(key);
    }
  }

  private minuteFrom(): string {
    return `${quoteIdent(this.opts.database)}.${quoteIdent(RP_MINUTE)}.${quoteIdent(MEASUREMENT_1MIN)}`;
  }

  private dailyFrom(): string {
    return `${quoteIdent(this.opts.database)}.${quoteIdent(RP_INDEFINITE)}.${quoteIdent(MEASUREMENT_DAILY)}`;
  }

  private async ensureRetentionPolicy(name: string, duration: string, isDefault: boolean): Promise<void> {
    const db = quoteIdent(this.opts.database);
    const def = isDefault ? ' DEFAULT' : '';
    try {
      await this.client.query(
        `CREATE RETENTION POLICY ${quoteIdent(name)} ON ${db} DURATION ${duration} REPLICATION 1${def}`,
      );
    } catch (err) {
      if (!(err instanceof InfluxError && /already exists/.test(err.message))) throw err;
      // Created earlier with other settings (retention changed in the config): bring it in line.
      await this.client.query(
        `ALTER RETENTION POLICY ${quoteIdent(name)} ON ${db} DURATION ${duration}${def}`,
      );
    }
  }

  private async ensureContinuousQuery(name: string, body: string): Promise<void> {
    const db = quoteIdent(this.opts.database);
    const create = `CREATE CONTINUOUS QUERY ${quoteIdent(name)} ON ${db} ${body}`;
    try {
      await this.client.query(create);
    } catch (err) {
      if (!(err instanceof InfluxError && /already exists/.test(err.message))) throw err;
      // A different definition under the same name (an older StatQueue, another database name).
      await this.client.query(`DROP CONTINUOUS QUERY ${quoteIdent(name)} ON ${db}`);
      await this.client.query(create);
    }
  }
}
