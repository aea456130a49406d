import { ManualScheduler } from '../../../src/series/manual-scheduler';
import type { MinutePoint } from '../../../src/series/minute-point';
import { createQueueStatsRoute } from '../../../src/series/queue-stats-route';
import { SeriesService } from '../../../src/series/series-service';
import type { SeriesSink } from '../../../src/series/series-sink';
import { alertText, callRoute } from './fake-http';
import { FakeSource } from './fake-source';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;

function setup(opts: { enabled?: boolean } = {}) {
  const sched = new ManualScheduler(T0 + 30 * M);
  const source = new FakeSource();
  source.add('cgrates.org', 'Q1', { '*tcc': 1 });
  source.add('other.org', 'Q1', { '*tcc': 1 });
  const service = new SeriesService({
    source,
    clock: sched,
    scheduler: sched,
    config: { enabled: opts.enabled ?? true },
  });
  // Example A's points: minutes 00:03–00:12 = 100…1000.
  const points: MinutePoint[] = [];
  for (let i = 0; i < 10; i++)
    points.push({
      tenant: 'cgrates.org',
      queueID: 'Q1',
      metricID: '*tcc',
      timeMs: T0 + (3 + i) * M,
      value: (i + 1) * 100,
    });
  service.sink?.write(points);
  return service;
}

const EXAMPLE_A =
  '/api/queue_stats?queue=Q1&metricType=*tcc&startDate=2024-01-01T00:02:30Z&endDate=2024-01-01T00:12:30Z&interval=5m';

describe('GET /api/queue_stats', () => {
  it('answers worked example A in unix mode with TO headers and a trailing newline', async () => {
    const reply = await callRoute(setup().queueStatsRoute, EXAMPLE_A, {
      accept: 'application/json;timestamp=unix',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['Content-Type']).toBe('application/json; timestamp=unix');
    expect(reply.headers['Vary']).toBe('Accept');
    expect(reply.body.endsWith('}\n')).toBe(true);
    expect(JSON.parse(reply.body)).toEqual({
      response: {
        series: {
          columns: ['time', 'mean'],
          count: 3,
          name: '*tcc.1min',
          tags: { metric: '*tcc', queue: 'Q1', tenant: 'cgrates.org' },
          values: [
            [1704067350000000000, 300],
            [1704067650000000000, 800],
            [1704067950000000000, null],
          ],
        },
        summary: {
          average: 550,
          count: 10,
          fifthPercentile: 100,
          max: 1000,
          min: 100,
          ninetyEighthPercentile: 1000,
          ninetyFifthPercentile: 1000,
          totalKiloBytes: null,
          totalTransactions: null,
        },
      },
    });
  });

  it('defaults to RFC timestamps without an Accept header', async () => {
    const reply = await callRoute(setup().queueStatsRoute, `${EXAMPLE_A}&limit=2`);
    expect(reply.headers['Content-Type']).toBe('application/json; timestamp=rfc');
    const body = JSON.parse(reply.body) as { response: { series: { values: unknown[] } } };
    expect(body.response.series.values).toEqual([
      ['2024-01-01T00:02:30Z', 300],
      ['2024-01-01T00:07:30Z', 800],
    ]);
  });

  it('strips a trailing .json from values and reads only the first of repeated keys', async () => {
    const reply = await callRoute(
      setup().queueStatsRoute,
      `${EXAMPLE_A}&exclude=series.json&exclude=summary`,
    );
    const body = JSON.parse(reply.body) as { response: { series?: unknown; summary?: { count: number } } };
    expect(Object.keys(body.response)).toEqual(['summary']);
    expect(body.response.summary?.count).toBe(10);
  });

  it('uses the tenant parameter, defaulting to the default tenant', async () => {
    const route = setup().queueStatsRoute;
    type Body = { response: { series?: unknown; summary: { count: number } } };
    const other = JSON.parse((await callRoute(route, `${EXAMPLE_A}&tenant=other.org`)).body) as Body;
    expect(other.response.series).toBeUndefined();
    expect(other.response.summary.count).toBe(0);
    const empty = JSON.parse((await callRoute(route, `${EXAMPLE_A}&tenant=`)).body) as Body;
    expect(empty.response.summary.count).toBe(10);
  });

  it('answers HEAD with headers only', async () => {
    const reply = await callRoute(setup().queueStatsRoute, EXAMPLE_A, {}, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('');
    expect(Number(reply.headers['Content-Length'])).toBeGreaterThan(0);
  });

  it.each<[string, string, Record<string, string>, number, string]>([
    [
      'missing everything',
      '/api/queue_stats',
      {},
      400,
      'required parameters missing: missing required parameters: metricType, startDate, endDate, queue',
    ],
    [
      'missing queue (presence only: empty values pass)',
      '/api/queue_stats?metricType=&startDate=&endDate=',
      {},
      400,
      'required parameters missing: missing required parameters: queue',
    ],
    [
      'required check before Accept',
      '/api/queue_stats?queue=Q1',
      { accept: 'text/html' },
      400,
      'required parameters missing: missing required parameters: metricType, startDate, endDate',
    ],
    [
      '406 before limit',
      `${EXAMPLE_A}&limit=x`,
      { accept: 'application/json; charset=utf-8' },
      406,
      'Failed to negotiate content; cannot produce output satisfying application/json; charset=utf-8',
    ],
    ['limit', `${EXAMPLE_A}&limit=-1`, {}, 400, 'Invalid limit!'],
    ['offset', `${EXAMPLE_A}&offset=a`, {}, 400, 'Invalid offset!'],
    ['orderby', `${EXAMPLE_A}&orderby=desc`, {}, 400, "Invalid orderby! Can only be 'time'"],
    ['startDate', EXAMPLE_A.replace('2024-01-01T00:02:30Z', 'x'), {}, 400, 'Invalid startDate!'],
    ['endDate', EXAMPLE_A.replace('2024-01-01T00:12:30Z', ''), {}, 400, 'Invalid endDate!'],
    [
      'an unencoded + in the TO layout decodes to a space',
      EXAMPLE_A.replace('2024-01-01T00:02:30Z', '2024-01-01 00:02:30+00'),
      {},
      400,
      'Invalid startDate!',
    ],
    [
      'interval',
      EXAMPLE_A.replace('5m', '300s'),
      {},
      400,
      'interval: must be a valid InfluxQL duration literal (resolution no less than minute)',
    ],
    ['exclude', `${EXAMPLE_A}&exclude=none`, {}, 400, "Invalid exclude! Must be 'series' or 'summary'"],
    ['interval 0', EXAMPLE_A.replace('5m', '0m'), {}, 400, 'interval: must be greater than zero'],
    [
      'reversed range',
      EXAMPLE_A.replace('2024-01-01T00:12:30Z', '2023-01-01T00:00:00Z'),
      {},
      400,
      'Invalid endDate! Must not be before startDate',
    ],
    [
      'bucket cap',
      EXAMPLE_A.replace('2024-01-01T00:12:30Z', '2025-01-01T00:00:00Z').replace('5m', '1m'),
      {},
      400,
      'Too many buckets: the range holds 527038 intervals, the maximum is 100000; use a longer interval or a shorter range',
    ],
    ['unknown queue', EXAMPLE_A.replace('queue=Q1', 'queue=Q9'), {}, 404, 'No such queue: cgrates.org:Q9'],
    [
      'unknown metric',
      EXAMPLE_A.replace('*tcc', '*pdd'),
      {},
      404,
      'No such metric: *pdd on queue cgrates.org:Q1',
    ],
  ])('%s', async (_name, path, headers, status, text) => {
    const reply = await callRoute(setup().queueStatsRoute, path, headers);
    expect(reply.status).toBe(status);
    expect(reply.headers['Content-Type']).toBe('application/json');
    expect(alertText(reply)).toBe(text);
  });

  it('encoded + in the TO layout works', async () => {
    const reply = await callRoute(
      setup().queueStatsRoute,
      EXAMPLE_A.replace('2024-01-01T00:02:30Z', '2024-01-01%2000:02:30%2B00'),
    );
    expect(reply.status).toBe(200);
  });

  it('answers 503 when the history is disabled', async () => {
    const reply = await callRoute(setup({ enabled: false }).queueStatsRoute, EXAMPLE_A);
    expect(reply.status).toBe(503);
    expect(alertText(reply)).toBe('metric history is disabled (series.enabled is false)');
  });

  it('answers 500 "Internal Server Error" and logs the cause when storage fails', async () => {
    const errors: object[] = [];
    const failing: SeriesSink = {
      type: '*influxdb',
      start: () => Promise.resolve(),
      write: () => undefined,
      readSeries: () => Promise.reject(new Error('connection refused')),
      metricsOf: () => Promise.resolve(new Set(['*tcc'])),
      scanWindow: () => Promise.resolve(),
      writeDailyRows: () => Promise.resolve(0),
      readDailyRows: () => Promise.resolve([]),
      flush: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const sched = new ManualScheduler(T0);
    const logger = { info: () => undefined, warn: () => undefined, error: (o: object) => errors.push(o) };
    const service = new SeriesService({
      source: new FakeSource(),
      clock: sched,
      scheduler: sched,
      sink: failing,
      logger,
    });
    const reply = await callRoute(createQueueStatsRoute(service, logger), EXAMPLE_A);
    expect(reply.status).toBe(500);
    expect(alertText(reply)).toBe('Internal Server Error');
    expect(JSON.stringify(errors)).toContain('connection refused');
  });
});
