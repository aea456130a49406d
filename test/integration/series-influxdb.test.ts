import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfluxClient, type InfluxSeries } from '../../src/series/influx-client';
import { InfluxSink } from '../../src/series/influx-sink';
import { ManualScheduler } from '../../src/series/manual-scheduler';
import { SeriesService } from '../../src/series/series-service';
import type { SeriesSource, QueueSample } from '../../src/series/series-source';
import { Influxd, describeIfInfluxd } from '../helpers/influxd';

const S = 1000;
const M = 60_000;
const H = 60 * M;

interface Queue {
  tenant: string;
  queueID: string;
  floatMetrics: Record<string, number>;
  eventsProcessed: number;
}

/** Queues whose metrics follow a seeded pseudo-random walk, identical for both services. */
class ScriptedSource implements SeriesSource {
  readonly queues: Queue[] = [
    { tenant: 'cgrates.org', queueID: 'Q1', floatMetrics: {}, eventsProcessed: 0 },
    { tenant: 'cgrates.org', queueID: 'Q 2,=x', floatMetrics: {}, eventsProcessed: 0 },
    { tenant: "o'brien.org", queueID: 'Q1', floatMetrics: {}, eventsProcessed: 0 },
  ];
  private seed = 42;

  step(tick: number): void {
    for (const q of this.queues) {
      q.floatMetrics['*asr'] = tick % 37 < 5 ? -1 : Math.round(this.rand() * 10000) / 100;
      q.floatMetrics['*acd'] = 30 + this.rand() * 90;
      q.floatMetrics['*sum#~*req.Usage'] = this.rand() * 1e-6;
      q.floatMetrics['*tcc'] = 0.1 * Math.floor(this.rand() * 1000);
      q.eventsProcessed += Math.floor(this.rand() * 50);
    }
  }

  forEachQueue(visit: (q: QueueSample) => void): void {
    for (const q of this.queues) visit(q);
  }

  private rand(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describeIfInfluxd('series history on a real InfluxDB 1.x', () => {
  let influxd: Influxd;
  // Recent enough for the 24h retention policy, whole hours so buckets line up predictably.
  const startMs = Math.floor(Date.now() / H) * H - 3 * H;
  const database = `statqueue_it_${process.pid}`;
  const source = new ScriptedSource();
  const internalClock = new ManualScheduler(startMs - 5 * S);
  const influxClock = new ManualScheduler(startMs - 5 * S);
  let internal: SeriesService;
  let influx: SeriesService;

  beforeAll(async () => {
    influxd = await Influxd.start();
    internal = new SeriesService({ source, clock: internalClock, scheduler: internalClock });
    influx = new SeriesService({
      source,
      clock: influxClock,
      scheduler: influxClock,
      config: { db_type: '*influxdb', influxdb: { url: influxd.url, database } },
    });
    await internal.start();
    await influx.start();
    // One hour of 10 s samples, then one more minute so the last minute is closed.
    for (let t = startMs, tick = 0; t <= startMs + H + M; t += 10 * S, tick++) {
      source.step(tick);
      await internalClock.advanceTo(t);
      await influxClock.advanceTo(t);
    }
    await influx.sink?.flush();
  });

  afterAll(async () => {
    await internal?.stop();
    await influx?.stop();
    await influxd?.stop();
  });

  it('created the database, retention policies and continuous queries', async () => {
    const client = new InfluxClient({ url: influxd.url, database });
    const rows: unknown[][] = [];
    const collect = (s: InfluxSeries): void => {
      for (const v of s.values ?? []) rows.push([...v]);
    };
    try {
      await client.query(`SHOW RETENTION POLICIES ON "${database}"`, collect);
      await client.query('SHOW CONTINUOUS QUERIES', collect);
    } finally {
      client.close();
    }
    const text = JSON.stringify(rows);
    expect(rows).toEqual(expect.arrayContaining([expect.arrayContaining(['minute', '24h0m0s', true])]));
    expect(rows).toEqual(expect.arrayContaining([expect.arrayContaining(['indefinite', '0s', false])]));
    expect(text).toContain('queue_stats_1hour');
    expect(text).toContain('queue_stats_max_1day');
  });

  const windows: Array<Record<string, unknown>> = [
    { Interval: '1m' },
    { Interval: '5m' },
    { Interval: '7m', StartDate: 'offset:150' },
    { Interval: '1h', TimeFormat: 'unix' },
    { Interval: '2m', Limit: 5, Offset: 3 },
    { Interval: '1m', Exclude: 'series' },
    { Interval: '1d', Exclude: 'summary' },
    { Interval: '1m', StartDate: 'offset:7200', EndDate: 'offset:9000' }, // no data
  ];
  const metrics = ['*asr', '*acd', '*sum#~*req.Usage', '*tcc', '*tps'];

  it.each(metrics.flatMap((m) => windows.map((w) => [m, w] as const)))(
    'gives identical answers on both sinks: %s %j',
    async (metricID, w) => {
      const at = (v: unknown, dflt: number): string =>
        typeof v === 'string' && v.startsWith('offset:')
          ? new Date(startMs + Number(v.slice(7)) * S).toISOString()
          : new Date(startMs + dflt).toISOString();
      for (const q of source.queues) {
        const args = {
          ...w,
          Tenant: q.tenant,
          ID: q.queueID,
          MetricID: metricID,
          StartDate: at(w['StartDate'], 0),
          EndDate: at(w['EndDate'], H),
        };
        const expected = await internal.getQueueSeries(args);
        const actual = await influx.getQueueSeries(args);
        expect(actual).toEqual(expected);
        if (!('Exclude' in w) && w['StartDate'] !== 'offset:7200') {
          expect(expected.summary?.count).toBeGreaterThan(40);
          expect(expected.series?.count).toBeGreaterThan(0);
        }
      }
    },
  );

  it('serves the same HTTP answer from InfluxDB as from memory', async () => {
    const server = createServer((req, res) => {
      void influx.queueStatsRoute(req, res, new URL(req.url ?? '/', 'http://localhost'));
    });
    const port = await listen(server);
    try {
      const start = new Date(startMs + 150 * S).toISOString();
      const end = new Date(startMs + H).toISOString();
      const url =
        `http://127.0.0.1:${port}/api/queue_stats?tenant=cgrates.org&queue=${encodeURIComponent('Q 2,=x')}` +
        `&metricType=${encodeURIComponent('*tps')}&startDate=${start}&endDate=${end}&interval=5m`;
      const reply = await fetch(url, { headers: { Accept: 'application/json;timestamp=unix' } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/json; timestamp=unix');
      const body = (await reply.json()) as { response: unknown };
      const expected = await internal.getQueueSeries({
        ID: 'Q 2,=x',
        MetricID: '*tps',
        StartDate: start,
        EndDate: end,
        Interval: '5m',
        TimeFormat: 'unix',
      });
      expect(body.response).toEqual(JSON.parse(JSON.stringify(expected)));
      expect((expected.summary?.totalTransactions ?? 0) > 0).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('writes the daily summary once on both sinks and reads identical days back', async () => {
    // The fake clock's current UTC day: it always holds data, and the daily job (which summarises
    // the previous day only) has not written it yet, whatever the wall-clock hour of the run.
    const dayMs = Math.floor((startMs + H + M) / (24 * H)) * 24 * H;
    const written = await internal.runDailySummary(dayMs);
    expect(written).toBeGreaterThan(0);
    expect(await influx.runDailySummary(dayMs)).toBe(written);
    await influx.sink?.flush();
    expect(await internal.runDailySummary(dayMs)).toBe(0);
    expect(await influx.runDailySummary(dayMs)).toBe(0);
    let storedRows = 0;
    for (const q of source.queues)
      for (const metricID of metrics) {
        const args = { Tenant: q.tenant, ID: q.queueID, MetricID: metricID, Days: 3 };
        const expected = await internal.getDailySummary(args);
        expect(await influx.getDailySummary(args)).toEqual(expected);
        const id = { tenant: q.tenant, queueID: q.queueID, metricID };
        const stored = await influx.sink?.readDailyRows(id, dayMs, dayMs);
        expect(stored).toEqual(await internal.sink?.readDailyRows(id, dayMs, dayMs));
        storedRows += stored?.length ?? 0;
      }
    expect(storedRows).toBe(written);
  });

  it('finds the history of queues the engine no longer has (a restart with an empty engine)', async () => {
    const clock = new ManualScheduler(startMs + H + M);
    const restarted = new SeriesService({
      source: { forEachQueue: () => undefined },
      clock,
      scheduler: clock,
      config: { db_type: '*influxdb', influxdb: { url: influxd.url, database } },
    });
    await restarted.start();
    try {
      const args = {
        Tenant: "o'brien.org",
        ID: 'Q1',
        MetricID: '*sum#~*req.Usage',
        StartDate: new Date(startMs).toISOString(),
        EndDate: new Date(startMs + H).toISOString(),
        Interval: '10m',
      };
      const answer = await restarted.getQueueSeries(args);
      expect(answer).toEqual(await internal.getQueueSeries(args));
      expect(answer.summary?.count).toBe(61);
      await expect(restarted.getQueueSeries({ ...args, MetricID: '*pdd' })).rejects.toThrow('NOT_FOUND');
    } finally {
      await restarted.stop();
    }
  });

  it('answers NOT_FOUND the same way', async () => {
    const args = { ID: 'nope', MetricID: '*asr', StartDate: '0', EndDate: '0' };
    await expect(internal.getQueueSeries(args)).rejects.toThrow('NOT_FOUND');
    await expect(influx.getQueueSeries(args)).rejects.toThrow('NOT_FOUND');
  });

  it('keeps running with one warning while InfluxDB is unreachable', async () => {
    const warnings: string[] = [];
    const clock = new ManualScheduler(startMs);
    const sink = new InfluxSink({
      url: 'http://127.0.0.1:1',
      database,
      retentionMs: 24 * H,
      clock,
      scheduler: clock,
      timeoutMs: 2000,
      logger: { info: () => undefined, error: () => undefined, warn: (_o, m) => warnings.push(m) },
    });
    await sink.start();
    sink.write([{ tenant: 't', queueID: 'q', metricID: '*asr', timeMs: startMs, value: 1 }]);
    await clock.advanceBy(M);
    expect(sink.inOutage).toBe(true);
    expect(sink.pendingLines).toBe(1);
    await sink.stop();
    expect(warnings).toEqual([
      'series: InfluxDB unreachable; buffering points and retrying',
      'series: InfluxDB unreachable at shutdown, points lost',
    ]);
  });
});
