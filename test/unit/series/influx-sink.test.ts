import { InfluxError, type InfluxApi, type InfluxSeries } from '../../../src/series/influx-client';
import { InfluxSink } from '../../../src/series/influx-sink';
import { ManualScheduler } from '../../../src/series/manual-scheduler';
import type { MinutePoint } from '../../../src/series/minute-point';
import { SeriesService } from '../../../src/series/series-service';
import { FakeSource } from './fake-source';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;

/** An InfluxDB stand-in: records statements and writes; `down` makes every call fail like a refused connection. */
class FakeInflux implements InfluxApi {
  down = false;
  writeStatus: number | undefined;
  readonly queries: string[] = [];
  readonly writes: Array<{ rp: string; precision: string; lines: string[] }> = [];
  /** Queries and writes in call order. */
  readonly calls: string[] = [];
  answers: Array<[RegExp, InfluxSeries[]]> = [];
  errors: Array<[RegExp, string]> = [];
  closed = false;

  query(q: string, onSeries: (s: InfluxSeries) => void = () => undefined): Promise<void> {
    if (this.down) return Promise.reject(new InfluxError(0, 'connect ECONNREFUSED'));
    this.queries.push(q);
    this.calls.push(q);
    for (const [re, text] of this.errors) if (re.test(q)) return Promise.reject(new InfluxError(400, text));
    for (const [re, series] of this.answers) if (re.test(q)) series.forEach(onSeries);
    return Promise.resolve();
  }

  write(lines: string, rp: string, precision: 's' | 'ms'): Promise<void> {
    if (this.down) return Promise.reject(new InfluxError(0, 'connect ECONNREFUSED'));
    if (this.writeStatus !== undefined) return Promise.reject(new InfluxError(this.writeStatus, 'refused'));
    this.writes.push({ rp, precision, lines: lines.split('\n') });
    this.calls.push(`write ${rp}`);
    return Promise.resolve();
  }

  close(): void {
    this.closed = true;
  }

  get lines(): string[] {
    return this.writes.flatMap((w) => w.lines);
  }
}

function recorder() {
  const logs: Array<[string, string]> = [];
  return {
    logs,
    info: (_o: object, m: string) => logs.push(['info', m]),
    warn: (_o: object, m: string) => logs.push(['warn', m]),
    error: (_o: object, m: string) => logs.push(['error', m]),
  };
}

function setup(opts: { maxPendingLines?: number; batchLines?: number } = {}) {
  const sched = new ManualScheduler(T0);
  const client = new FakeInflux();
  const logger = recorder();
  const sink = new InfluxSink({
    url: 'http://unused',
    database: 'sq',
    retentionMs: 24 * 3_600_000,
    clock: sched,
    scheduler: sched,
    logger,
    client,
    flushIntervalMs: 10_000,
    ...opts,
  });
  return { sched, client, logger, sink };
}

const pt = (minute: number, value: number, over: Partial<MinutePoint> = {}): MinutePoint => ({
  tenant: 'cgrates.org',
  queueID: 'Q1',
  metricID: '*asr',
  timeMs: T0 + minute * M,
  value,
  ...over,
});

describe('InfluxSink', () => {
  it('is flushed before the daily job scans it, so buffered minutes count', async () => {
    const { client, sink, sched } = setup();
    const service = new SeriesService({ source: new FakeSource(), clock: sched, scheduler: sched, sink });
    await service.start();
    sink.write([pt(0, 1)]);
    client.calls.length = 0;
    await service.runDailySummary(T0);
    expect(client.calls[0]).toBe('write minute');
    expect(client.calls[1]).toMatch(/^SELECT "value" FROM "sq"."minute"."queue_stats.1min" WHERE time >= /);
    await service.stop();
  });

  it('creates the database, retention policies and continuous queries at start', async () => {
    const { client, sink } = setup();
    await sink.start();
    expect(client.queries).toEqual([
      'CREATE DATABASE "sq"',
      'CREATE RETENTION POLICY "minute" ON "sq" DURATION 1440m REPLICATION 1 DEFAULT',
      'CREATE RETENTION POLICY "indefinite" ON "sq" DURATION INF REPLICATION 1',
      'CREATE CONTINUOUS QUERY "queue_stats_1hour" ON "sq" RESAMPLE FOR 2h BEGIN SELECT mean("value") AS "value" INTO "sq"."indefinite"."queue_stats.1hour" FROM "sq"."minute"."queue_stats.1min" GROUP BY time(1h), * END',
      'CREATE CONTINUOUS QUERY "queue_stats_max_1day" ON "sq" RESAMPLE FOR 2d BEGIN SELECT max("value") AS "value" INTO "sq"."indefinite"."queue_stats.max.1day" FROM "sq"."minute"."queue_stats.1min" GROUP BY time(1d), * END',
    ]);
    await sink.stop();
    expect(client.closed).toBe(true);
  });

  it('alters an existing retention policy and replaces a different continuous query', async () => {
    const { client, sink } = setup();
    client.errors = [
      [/^CREATE RETENTION POLICY "minute"/, 'retention policy already exists'],
      [/^CREATE CONTINUOUS QUERY "queue_stats_1hour"/, 'continuous query already exists'],
    ];
    await sink.start();
    expect(client.queries).toContain('ALTER RETENTION POLICY "minute" ON "sq" DURATION 1440m DEFAULT');
    expect(client.queries).toContain('DROP CONTINUOUS QUERY "queue_stats_1hour" ON "sq"');
    await sink.stop();
  });

  it('writes escaped line protocol in batches with second precision', async () => {
    const { client, sink } = setup({ batchLines: 2 });
    await sink.start();
    sink.write([
      pt(0, 1.5),
      pt(1, 300, { tenant: 'a b', queueID: 'Q,1', metricID: '*sum#~*req.Usage=x' }),
      pt(2, 1e-7),
    ]);
    await sink.flush();
    expect(client.writes.map((w) => [w.rp, w.precision, w.lines.length])).toEqual([
      ['minute', 's', 2],
      ['minute', 's', 1],
    ]);
    expect(client.lines).toEqual([
      'queue_stats.1min,metric=*asr,queue=Q1,tenant=cgrates.org value=1.5 1704067200',
      'queue_stats.1min,metric=*sum#~*req.Usage\\=x,queue=Q\\,1,tenant=a\\ b value=300 1704067260',
      'queue_stats.1min,metric=*asr,queue=Q1,tenant=cgrates.org value=1e-7 1704067320',
    ]);
    await sink.stop();
  });

  it('skips IDs line protocol cannot carry, warning once', async () => {
    const { client, logger, sink } = setup();
    await sink.start();
    sink.write([pt(0, 1, { queueID: 'a\nb' }), pt(0, 1, { queueID: 'ends\\' }), pt(0, 2)]);
    await sink.flush();
    expect(client.lines).toHaveLength(1);
    expect(logger.logs.filter(([lvl]) => lvl === 'warn')).toHaveLength(1);
    await sink.stop();
  });

  it('buffers during an outage, warns once, and writes everything when InfluxDB is back', async () => {
    const { sched, client, logger, sink } = setup();
    await sink.start();
    client.down = true;
    for (let m = 0; m < 5; m++) {
      sink.write([pt(m, m)]);
      await sched.advanceBy(M); // six failed flushes per minute
    }
    expect(sink.inOutage).toBe(true);
    expect(sink.pendingLines).toBe(5);
    expect(logger.logs).toEqual([['warn', 'series: InfluxDB unreachable; buffering points and retrying']]);
    client.down = false;
    await sched.advanceBy(10_000);
    expect(client.lines).toHaveLength(5);
    expect(sink.pendingLines).toBe(0);
    expect(sink.inOutage).toBe(false);
    expect(logger.logs.map(([lvl]) => lvl)).toEqual(['warn', 'info']);
    // A second outage gets its own single warning.
    client.down = true;
    sink.write([pt(9, 9)]);
    await sched.advanceBy(60_000);
    expect(logger.logs.map(([lvl]) => lvl)).toEqual(['warn', 'info', 'warn']);
    client.down = false;
    await sink.stop();
  });

  it('bounds the buffer, dropping the oldest lines with one warning per flush', async () => {
    const { sched, client, logger, sink } = setup({ maxPendingLines: 3 });
    await sink.start();
    client.down = true;
    sink.write([pt(0, 0), pt(1, 1), pt(2, 2), pt(3, 3), pt(4, 4)]);
    await sched.advanceBy(10_000);
    expect(sink.pendingLines).toBe(3);
    sink.write([pt(5, 5)]);
    await sched.advanceBy(60_000);
    expect(logger.logs.filter(([, m]) => m.includes('buffer full'))).toHaveLength(1);
    expect(logger.logs.filter(([lvl]) => lvl === 'warn')).toHaveLength(2); // unreachable + buffer full
    client.down = false;
    await sink.flush();
    expect(client.lines.map((l) => l.split(' ')[1])).toEqual(['value=3', 'value=4', 'value=5']);
    await sink.stop();
  });

  it('retries the setup when InfluxDB was down at start', async () => {
    const { sched, client, sink } = setup();
    client.down = true;
    await sink.start(); // does not reject
    sink.write([pt(0, 1)]);
    client.down = false;
    await sched.advanceBy(10_000);
    expect(client.queries[0]).toBe('CREATE DATABASE "sq"');
    expect(client.lines).toHaveLength(1);
    await sink.stop();
  });

  it('drops a batch InfluxDB refuses with a 4xx instead of retrying it forever', async () => {
    const { client, logger, sink } = setup();
    await sink.start();
    client.writeStatus = 400;
    sink.write([pt(0, 1)]);
    await sink.flush();
    expect(sink.pendingLines).toBe(0);
    expect(logger.logs).toEqual([['error', 'series: InfluxDB refused a batch; dropped']]);
    await sink.stop();
  });

  it('re-creates the database after a 404 (database dropped)', async () => {
    const { client, sink } = setup();
    await sink.start();
    client.queries.length = 0;
    client.writeStatus = 404;
    sink.write([pt(0, 1)]);
    await sink.flush();
    expect(sink.pendingLines).toBe(1);
    client.writeStatus = undefined;
    await sink.flush();
    expect(client.queries[0]).toBe('CREATE DATABASE "sq"');
    expect(sink.pendingLines).toBe(0);
    await sink.stop();
  });

  it('stop() waits for a flush in flight and tries once more', async () => {
    const { client, logger, sink } = setup();
    await sink.start();
    sink.write([pt(0, 1)]);
    client.down = true;
    await sink.stop();
    expect(logger.logs.at(-1)).toEqual(['warn', 'series: InfluxDB unreachable at shutdown, points lost']);
  });

  it('reads a series with an escaped InfluxQL filter and an inclusive ms window', async () => {
    const { client, sink } = setup();
    client.answers = [
      [
        /^SELECT "value"/,
        [
          {
            name: 'queue_stats.1min',
            columns: ['time', 'value'],
            values: [
              [T0, 1],
              [T0 + M, 2],
            ],
          },
        ],
      ],
    ];
    const pts = await sink.readSeries({ tenant: "o'k", queueID: 'Q\\1', metricID: '*asr' }, T0, T0 + M);
    expect(pts).toEqual([
      { timeMs: T0, value: 1 },
      { timeMs: T0 + M, value: 2 },
    ]);
    expect(client.queries.at(-1)).toBe(
      `SELECT "value" FROM "sq"."minute"."queue_stats.1min" WHERE "tenant" = 'o\\'k' AND "queue" = 'Q\\\\1' AND "metric" = '*asr' AND time >= ${T0}ms AND time <= ${T0 + M}ms`,
    );
  });

  it('writes daily rows once: skips rows InfluxDB already has and rows it wrote itself', async () => {
    const { client, sink } = setup();
    await sink.start();
    client.answers = [
      [
        /daily_summary/,
        [
          {
            name: 'daily_summary',
            tags: { tenant: 't', queue: 'Q1', metric: '*tps' },
            columns: ['time', 'max'],
            values: [[T0, 1]],
          },
        ],
      ],
    ];
    const row = { tenant: 't', queueID: 'Q1', metricID: '*asr', dayMs: T0, max: 5, total: 50 };
    expect(await sink.writeDailyRows([row, { ...row, metricID: '*tps' }])).toBe(1);
    expect(await sink.writeDailyRows([row])).toBe(0);
    await sink.flush();
    expect(client.writes.map((w) => [w.rp, w.lines])).toEqual([
      ['indefinite', ['daily_summary,metric=*asr,queue=Q1,tenant=t max=5,total=50 1704067200']],
    ]);
    await sink.stop();
  });
});
