import { ManualScheduler } from '../../../src/series/manual-scheduler';
import type { MinutePoint } from '../../../src/series/minute-point';
import {
  DAILY_SUMMARY_DELAY_MS,
  SeriesService,
  type SeriesServiceDeps,
} from '../../../src/series/series-service';
import { CGRError } from '../../../src/util/cgr-error';
import { FakeSource } from './fake-source';

const T0 = Date.UTC(2024, 0, 1);
const S = 1000;
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

function setup(startMs: number, extra: Partial<SeriesServiceDeps> = {}) {
  const sched = new ManualScheduler(startMs);
  const source = new FakeSource();
  const service = new SeriesService({ source, clock: sched, scheduler: sched, ...extra });
  return { sched, source, service };
}

async function rpcError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CGRError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

function write(service: SeriesService, points: ReadonlyArray<Omit<MinutePoint, 'tenant' | 'queueID'>>): void {
  service.sink?.write(points.map((p) => ({ tenant: 'cgrates.org', queueID: 'Q1', ...p })));
}

describe('SeriesService: sampling with a fake clock', () => {
  it('samples every 10 s and stores 1-minute means and *tps', async () => {
    const { sched, source, service } = setup(T0 - 5 * S);
    const q = source.add('cgrates.org', 'Q1', { '*asr': 0, '*acd': -1 }, 0);
    await service.start();
    // Minute 0: asr 10,20,…,60 at :00…:50, 6 events per 10 s; minute 1: asr 100, no events.
    for (let i = 0; i < 6; i++) {
      q.floatMetrics['*asr'] = (i + 1) * 10;
      await sched.advanceTo(T0 + i * 10 * S);
      q.eventsProcessed += 6;
    }
    q.floatMetrics['*asr'] = 100;
    await sched.advanceTo(T0 + 2 * M);
    const args = {
      ID: 'Q1',
      StartDate: '2024-01-01T00:00:00Z',
      EndDate: '2024-01-01T00:01:00Z',
      TimeFormat: 'unix',
    };
    const asr = await service.getQueueSeries({ ...args, MetricID: '*asr' });
    expect(asr.series?.values).toEqual([
      [T0 * 1e6, 35],
      [(T0 + M) * 1e6, 100],
    ]);
    const tps = await service.getQueueSeries({ ...args, MetricID: '*tps' });
    // 36 events during minute 0 (the :00 sample is the baseline, the :00 of minute 1 closes it).
    expect(tps.series?.values).toEqual([
      [T0 * 1e6, 36 / 60],
      [(T0 + M) * 1e6, 0],
    ]);
    expect(tps.summary?.totalTransactions).toBeCloseTo(36, 9);
    // N/A all along: no point, but the metric is known (live) so the answer is empty, not 404.
    const acd = await service.getQueueSeries({ ...args, MetricID: '*acd' });
    expect(acd.series).toBeUndefined();
    expect(acd.summary?.count).toBe(0);
    await service.stop();
  });

  it('stop() stores the minute in progress and cancels its timers', async () => {
    const { sched, source, service } = setup(T0 - 5 * S);
    source.add('cgrates.org', 'Q1', { '*asr': 42 });
    await service.start();
    expect(sched.pendingTasks).toBe(2);
    await sched.advanceTo(T0 + 20 * S);
    await service.stop();
    expect(sched.pendingTasks).toBe(0);
    const r = await service.getQueueSeries({
      ID: 'Q1',
      MetricID: '*asr',
      StartDate: '2024-01-01T00:00:00Z',
      EndDate: '2024-01-01T00:00:00Z',
    });
    expect(r.series?.values).toEqual([['2024-01-01T00:00:00Z', 42]]);
  });

  it('keeps sampling after the source throws, logging once per failure streak', async () => {
    const errors: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_o: object, m: string) => errors.push(m),
    };
    const { sched, source, service } = setup(T0 - 5 * S, { logger });
    const q = source.add('cgrates.org', 'Q1', { '*asr': 1 });
    let broken = true;
    const forEach = source.forEachQueue.bind(source);
    source.forEachQueue = (visit) => {
      if (broken) throw new Error('engine bug');
      forEach(visit);
    };
    await service.start();
    await sched.advanceTo(T0 + 30 * S);
    expect(errors).toEqual(['series: sampling failed']);
    broken = false;
    q.floatMetrics['*asr'] = 9;
    await sched.advanceTo(T0 + 2 * M);
    const r = await service.getQueueSeries({
      ID: 'Q1',
      MetricID: '*asr',
      StartDate: '0',
      EndDate: String((T0 + H) * 1e6),
      Exclude: 'series',
    });
    expect(r.summary?.count).toBe(2);
    await service.stop();
  });
});

describe('SeriesService: GetQueueSeries', () => {
  it('answers worked example B for *tps with totals', async () => {
    const { source, service } = setup(T0 + 10 * M);
    source.add('cgrates.org', 'Q1', {});
    write(service, [
      { metricID: '*tps', timeMs: T0, value: 1000 },
      { metricID: '*tps', timeMs: T0 + M, value: 3000 },
      { metricID: '*tps', timeMs: T0 + 3 * M, value: 2000 },
      { metricID: '*tps', timeMs: T0 + 4 * M, value: 4000 },
    ]);
    const r = await service.getQueueSeries({
      Tenant: 'cgrates.org',
      ID: 'Q1',
      MetricID: '*tps',
      StartDate: '2024-01-01T00:00:00Z',
      EndDate: '2024-01-01T00:04:00Z',
      Interval: '2m',
    });
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      series: {
        columns: ['time', 'mean'],
        count: 3,
        name: '*tps.1min',
        tags: { metric: '*tps', queue: 'Q1', tenant: 'cgrates.org' },
        values: [
          ['2024-01-01T00:00:00Z', 2000],
          ['2024-01-01T00:02:00Z', 2000],
          ['2024-01-01T00:04:00Z', 4000],
        ],
      },
      summary: {
        average: 2500,
        count: 4,
        fifthPercentile: 0,
        max: 4000,
        min: 1000,
        ninetyEighthPercentile: 4000,
        ninetyFifthPercentile: 4000,
        totalKiloBytes: null,
        totalTransactions: 600000,
      },
    });
  });

  it('accepts numbers for dates (ns), Limit and Offset', async () => {
    const { source, service } = setup(T0 + 10 * M);
    source.add('cgrates.org', 'Q1', { '*asr': 1 });
    write(
      service,
      [0, 1, 2, 3].map((m) => ({ metricID: '*asr', timeMs: T0 + m * M, value: m })),
    );
    const r = await service.getQueueSeries({
      ID: 'Q1',
      MetricID: '*asr',
      StartDate: T0 * 1e6,
      EndDate: (T0 + 3 * M) * 1e6,
      Limit: 2,
      Offset: '1',
    });
    expect(r.series?.values).toEqual([
      ['2024-01-01T00:01:00Z', 1],
      ['2024-01-01T00:02:00Z', 2],
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['empty args', {}, 'MANDATORY_IE_MISSING: [ID MetricID StartDate EndDate]'],
    ['only ID', { ID: 'Q1' }, 'MANDATORY_IE_MISSING: [MetricID StartDate EndDate]'],
    [
      'empty dates',
      { ID: 'Q1', MetricID: '*asr', StartDate: '', EndDate: '' },
      'MANDATORY_IE_MISSING: [StartDate EndDate]',
    ],
    ['bad limit', { Limit: -1 }, 'SERVER_ERROR: Invalid limit!'],
    ['fractional limit', { Limit: 1.5 }, 'SERVER_ERROR: Invalid limit!'],
    ['bad offset', { Offset: 'x' }, 'SERVER_ERROR: Invalid offset!'],
    ['bad orderby', { OrderBy: 'value' }, "SERVER_ERROR: Invalid orderby! Can only be 'time'"],
    ['bad start', { StartDate: 'x' }, 'SERVER_ERROR: Invalid startDate!'],
    ['bad end', { EndDate: 1.5 }, 'SERVER_ERROR: Invalid endDate!'],
    [
      'bad interval',
      { Interval: '10s' },
      'SERVER_ERROR: interval: must be a valid InfluxQL duration literal (resolution no less than minute)',
    ],
    ['bad exclude', { Exclude: 'all' }, "SERVER_ERROR: Invalid exclude! Must be 'series' or 'summary'"],
    ['zero interval', { Interval: '0m' }, 'SERVER_ERROR: interval: must be greater than zero'],
    [
      'reversed range',
      { EndDate: '2023-01-01T00:00:00Z' },
      'SERVER_ERROR: Invalid endDate! Must not be before startDate',
    ],
    ['bad time format', { TimeFormat: 'iso' }, "SERVER_ERROR: Invalid TimeFormat! Must be 'rfc' or 'unix'"],
    ['unknown queue', { ID: 'nope' }, 'NOT_FOUND'],
    ['unknown metric', { MetricID: '*pdd' }, 'NOT_FOUND'],
    ['other tenant', { Tenant: 'other.org' }, 'NOT_FOUND'],
  ])('%s → %s', async (_name, args, text) => {
    const { source, service } = setup(T0 + 10 * M);
    source.add('cgrates.org', 'Q1', { '*asr': 1 });
    const base =
      _name.startsWith('empty') || _name === 'only ID'
        ? {}
        : {
            ID: 'Q1',
            MetricID: '*asr',
            StartDate: '2024-01-01T00:00:00Z',
            EndDate: '2024-01-01T01:00:00Z',
          };
    expect(await rpcError(service.getQueueSeries({ ...base, ...args }))).toBe(text);
  });

  it('answers the bucket cap with a clear error', async () => {
    const { source, service } = setup(T0, { maxBuckets: 10 });
    source.add('cgrates.org', 'Q1', { '*asr': 1 });
    const text = await rpcError(
      service.getQueueSeries({
        ID: 'Q1',
        MetricID: '*asr',
        StartDate: '2024-01-01T00:00:00Z',
        EndDate: '2024-01-01T01:00:00Z',
      }),
    );
    expect(text).toMatch(/^SERVER_ERROR: Too many buckets: the range holds 61 intervals, the maximum is 10/);
  });

  it('still answers for a queue removed from the engine while its history lasts', async () => {
    const { source, service } = setup(T0 + 10 * M);
    write(service, [{ metricID: '*asr', timeMs: T0, value: 5 }]);
    expect(source.queues).toHaveLength(0);
    const r = await service.getQueueSeries({
      ID: 'Q1',
      MetricID: '*asr',
      StartDate: '2024-01-01T00:00:00Z',
      EndDate: '2024-01-01T00:00:00Z',
    });
    expect(r.summary?.average).toBe(5);
    expect(
      await rpcError(service.getQueueSeries({ ID: 'Q1', MetricID: '*acd', StartDate: '0', EndDate: '0' })),
    ).toBe('NOT_FOUND');
  });

  it('answers SERVER_ERROR when disabled', async () => {
    const { source, service } = setup(T0, { config: { enabled: false } });
    source.add('cgrates.org', 'Q1', { '*asr': 1 });
    await service.start();
    expect(service.sink).toBeUndefined();
    expect(
      await rpcError(service.getQueueSeries({ ID: 'Q1', MetricID: '*asr', StartDate: '0', EndDate: '0' })),
    ).toBe('SERVER_ERROR: metric history is disabled (series.enabled is false)');
    await service.stop();
  });
});

describe('SeriesService: daily summary', () => {
  const day1 = T0;
  const day2 = T0 + D;

  function seed(service: SeriesService): void {
    write(service, [
      { metricID: '*tps', timeMs: day1 + 10 * M, value: 2 },
      { metricID: '*tps', timeMs: day1 + 11 * M, value: 3 },
      { metricID: '*tps', timeMs: day1 + D - M, value: 1 }, // 23:59, still day 1
      { metricID: '*asr', timeMs: day1 + 10 * M, value: 40 },
      { metricID: '*asr', timeMs: day1 + 20 * M, value: 60 },
      { metricID: '*tps', timeMs: day2, value: 5 }, // 00:00 of day 2 belongs to day 2
      { metricID: '*tps', timeMs: day2 + M, value: 1 },
    ]);
  }

  it('writes each series once per UTC day, even when the job runs twice', async () => {
    const { sched, source, service } = setup(day2 - 30 * S);
    // A live queue keeps the sampler busy; Q1 exists only as history.
    source.add('cgrates.org', 'Q0', { '*asr': 1 });
    await service.start();
    seed(service);
    await sched.advanceTo(day2 + 5 * M); // the daily check runs every minute after midnight
    // Late points for day 1 do not change the stored row.
    write(service, [{ metricID: '*tps', timeMs: day1 + 12 * M, value: 100 }]);
    expect(await service.runDailySummary(day1)).toBe(0);
    const tps = await service.getDailySummary({ ID: 'Q1', MetricID: '*tps', Days: 2 });
    expect(tps).toEqual([
      { Date: '2024-01-01', Max: 3, Total: (2 + 3 + 1) * 60 },
      { Date: '2024-01-02', Max: 5, Total: 6 * 60 },
    ]);
    const asr = await service.getDailySummary({ ID: 'Q1', MetricID: '*asr', Days: 3 });
    expect(asr).toEqual([
      { Date: '2023-12-31', Max: null, Total: null },
      { Date: '2024-01-01', Max: 60, Total: 100 },
      { Date: '2024-01-02', Max: null, Total: null },
    ]);
    await service.stop();
  });

  it('waits DAILY_SUMMARY_DELAY_MS after midnight, so the last minute (emitted at 00:00) is in the row', async () => {
    const { sched, source, service } = setup(day2 - 2 * M - 5 * S);
    const q = source.add('cgrates.org', 'Q1', {}, 0);
    await service.start();
    for (let t = day2 - 2 * M; t <= day2 + 4 * M; t += 10 * S) {
      await sched.advanceTo(t);
      q.eventsProcessed += t < day2 ? 10 : 0;
    }
    const id = { tenant: 'cgrates.org', queueID: 'Q1', metricID: '*tps' };
    expect(await service.sink?.readDailyRows(id, day1, day1)).toEqual([]);
    await sched.advanceTo(day2 + DAILY_SUMMARY_DELAY_MS);
    // 12 increments of 10 events between 23:58:00 and 23:59:50; the last ones are credited to
    // 23:59 by the 00:00:00 sample. Every event of the day is in the total.
    expect(await service.sink?.readDailyRows(id, day1, day1)).toEqual([
      { ...id, dayMs: day1, max: 1, total: 120 },
    ]);
    await service.stop();
  });

  it('computes a past day on the fly when the job has not stored it yet, and today always', async () => {
    const { source, service } = setup(day2 + 2 * M);
    source.add('cgrates.org', 'Q1', {});
    seed(service);
    expect(await service.getDailySummary({ ID: 'Q1', MetricID: '*tps', Days: 2 })).toEqual([
      { Date: '2024-01-01', Max: 3, Total: 360 },
      { Date: '2024-01-02', Max: 5, Total: 360 },
    ]);
    expect(await service.getDailySummary({ ID: 'Q1', MetricID: '*tps' })).toEqual([
      { Date: '2024-01-02', Max: 5, Total: 360 },
    ]);
  });

  it('runDailySummary returns the rows written, then 0', async () => {
    const { service } = setup(day2 + M);
    seed(service);
    expect(await service.runDailySummary(day1)).toBe(2);
    expect(await service.runDailySummary(day1)).toBe(0);
  });

  it.each<[Record<string, unknown>, string]>([
    [{}, 'MANDATORY_IE_MISSING: [ID MetricID]'],
    [{ ID: 'Q1' }, 'MANDATORY_IE_MISSING: [MetricID]'],
    [{ ID: 'Q1', MetricID: '*tps', Days: 0 }, 'SERVER_ERROR: Invalid Days! Must be an integer from 1 to 366'],
    [
      { ID: 'Q1', MetricID: '*tps', Days: 367 },
      'SERVER_ERROR: Invalid Days! Must be an integer from 1 to 366',
    ],
    [
      { ID: 'Q1', MetricID: '*tps', Days: '2' },
      'SERVER_ERROR: Invalid Days! Must be an integer from 1 to 366',
    ],
    [{ ID: 'Q9', MetricID: '*tps' }, 'NOT_FOUND'],
  ])('GetDailySummary %j → %s', async (args, text) => {
    const { source, service } = setup(day2);
    source.add('cgrates.org', 'Q1', {});
    expect(await rpcError(service.getDailySummary(args))).toBe(text);
  });
});
