import { TimestampFormat } from '../../../src/series/accept-negotiation';
import type { SeriesId, TimedValue } from '../../../src/series/minute-point';
import {
  MAX_BUCKETS,
  SeriesErrorText,
  bucketWindow,
  buildSeriesResponse,
  computeSummary,
  nearestRankPercentile,
  parseSeriesParams,
  pointWindowMs,
  requireParams,
  tooManyBucketsText,
  type RawSeriesParams,
} from '../../../src/series/series-query';
import { SeriesQueryError } from '../../../src/series/series-query-error';

const T0 = Date.UTC(2024, 0, 1); // 1704067200000
const min = (m: number): number => T0 + m * 60_000;

function points(entries: ReadonlyArray<readonly [number, number]>): TimedValue[] {
  return entries.map(([m, value]) => ({ timeMs: min(m), value }));
}

/** Only the points inside the query window, as a sink returns them. */
function window(raw: RawSeriesParams, all: readonly TimedValue[]): TimedValue[] {
  const { fromMs, toMs } = pointWindowMs(parseSeriesParams(raw));
  return all.filter((p) => p.timeMs >= fromMs && p.timeMs <= toMs);
}

function answer(
  raw: RawSeriesParams,
  all: readonly TimedValue[],
  id: SeriesId,
  format: TimestampFormat,
): unknown {
  return JSON.parse(
    JSON.stringify(buildSeriesResponse(parseSeriesParams(raw), id, window(raw, all), format)),
  );
}

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SeriesQueryError) return `${err.status} ${err.message}`;
    throw err;
  }
  throw new Error('no error');
}

const Q1: SeriesId = { tenant: 'cgrates.org', queueID: 'Q1', metricID: '*tcc' };
const TPS: SeriesId = { tenant: 'cgrates.org', queueID: 'Q1', metricID: '*tps' };

describe('series query: worked example A (unaligned 5m interval)', () => {
  // Minutes 00:03–00:12: 100…1000.
  const all = points([3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m, i) => [m, (i + 1) * 100] as const));
  const raw = { startDate: '2024-01-01T00:02:30Z', endDate: '2024-01-01T00:12:30Z', interval: '5m' };

  it('aligns buckets to startDate (offset = start seconds mod interval = 150 s)', () => {
    const w = bucketWindow(parseSeriesParams(raw));
    expect(w).toEqual({ firstStartMs: 1704067350000, intervalMs: 300_000, count: 3 });
  });

  it('gives the spec answer in unix mode', () => {
    // Inclusive bounds add a third (empty) bucket starting exactly at endDate; the spec's example is
    // cache_stats (exclusive end), which stops after two. Values of the shared buckets are identical.
    expect(answer(raw, all, Q1, TimestampFormat.UNIX)).toEqual({
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
    });
  });

  it('prints the spec times in RFC mode', () => {
    const r = answer({ ...raw, endDate: '2024-01-01T00:12:29Z' }, all, Q1, TimestampFormat.RFC) as {
      series: { values: unknown[] };
    };
    expect(r.series.values).toEqual([
      ['2024-01-01T00:02:30Z', 300],
      ['2024-01-01T00:07:30Z', 800],
    ]);
  });

  it('serialises unix nanoseconds as exact integers', () => {
    const q = parseSeriesParams(raw);
    const text = JSON.stringify(buildSeriesResponse(q, Q1, window(raw, all), TimestampFormat.UNIX));
    expect(text).toContain('[1704067350000000000,300]');
  });
});

describe('series query: worked example B (inclusive end, gap, n < 10)', () => {
  const all = points([
    [0, 1000],
    [1, 3000],
    [3, 2000],
    [4, 4000],
  ]);
  const raw = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T00:04:00Z', interval: '2m' };
  const series = {
    columns: ['time', 'mean'],
    count: 3,
    values: [
      ['2024-01-01T00:00:00Z', 2000],
      ['2024-01-01T00:02:00Z', 2000],
      ['2024-01-01T00:04:00Z', 4000],
    ],
  };
  const summary = {
    average: 2500,
    count: 4,
    fifthPercentile: 0,
    max: 4000,
    min: 1000,
    ninetyEighthPercentile: 4000,
    ninetyFifthPercentile: 4000,
    totalKiloBytes: null,
  };

  it('gives the spec buckets and summary, totalTransactions null for a non-rate metric', () => {
    expect(answer(raw, all, Q1, TimestampFormat.RFC)).toEqual({
      series: { ...series, name: '*tcc.1min', tags: { metric: '*tcc', queue: 'Q1', tenant: 'cgrates.org' } },
      summary: { ...summary, totalTransactions: null },
    });
  });

  it('gives totalTransactions = count × 60 × average = 600000 for the rate metric', () => {
    expect(answer(raw, all, TPS, TimestampFormat.RFC)).toEqual({
      series: { ...series, name: '*tps.1min', tags: { metric: '*tps', queue: 'Q1', tenant: 'cgrates.org' } },
      summary: { ...summary, totalTransactions: 600000 },
    });
  });

  it('keeps summary keys in Traffic Ops order', () => {
    expect(Object.keys(computeSummary(all, '*tps'))).toEqual([
      'average',
      'count',
      'fifthPercentile',
      'max',
      'min',
      'ninetyEighthPercentile',
      'ninetyFifthPercentile',
      'totalKiloBytes',
      'totalTransactions',
    ]);
  });
});

describe('series query: buckets', () => {
  const all = points([
    [0, 10],
    [1, 20],
    [5, 60],
  ]);

  it('omits series and zeroes the summary when the window has no point', () => {
    const raw = { startDate: '2024-01-01T01:00:00Z', endDate: '2024-01-01T02:00:00Z' };
    expect(answer(raw, all, Q1, TimestampFormat.RFC)).toEqual({
      summary: {
        average: 0,
        count: 0,
        fifthPercentile: 0,
        max: 0,
        min: 0,
        ninetyEighthPercentile: 0,
        ninetyFifthPercentile: 0,
        totalKiloBytes: null,
        totalTransactions: null,
      },
    });
    const tps = answer(raw, all, TPS, TimestampFormat.RFC) as { summary: { totalTransactions: unknown } };
    expect(tps.summary.totalTransactions).toBeNull();
  });

  it('emits empty buckets as null and counts them', () => {
    const raw = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T00:05:00Z' };
    const r = answer(raw, all, Q1, TimestampFormat.RFC) as { series: { count: number; values: unknown[] } };
    expect(r.series.count).toBe(6);
    expect(r.series.values.map((v) => (v as unknown[])[1])).toEqual([10, 20, null, null, null, 60]);
  });

  it('makes the first bucket null when the only data is before it (v4 doc cross-check shape)', () => {
    const raw = { startDate: '2024-01-01T00:00:30Z', endDate: '2024-01-01T00:02:00Z' };
    const r = answer(raw, all, Q1, TimestampFormat.RFC) as { series: { values: unknown[] } };
    expect(r.series.values).toEqual([
      ['2024-01-01T00:00:30Z', 20],
      ['2024-01-01T00:01:30Z', null],
    ]);
  });

  it('startDate == endDate keeps only a point at exactly that instant, in one bucket', () => {
    const raw = { startDate: '2024-01-01T00:01:00Z', endDate: '2024-01-01T00:01:00Z' };
    const r = answer(raw, all, Q1, TimestampFormat.RFC) as { series: unknown; summary: { count: number } };
    expect(r.series).toEqual(expect.objectContaining({ count: 1, values: [['2024-01-01T00:01:00Z', 20]] }));
    expect(r.summary.count).toBe(1);
  });

  it('aligns to whole seconds of a sub-second start while the window keeps the fraction', () => {
    const raw = { startDate: '2024-01-01T00:01:00.5Z', endDate: '2024-01-01T00:06:00Z', interval: '5m' };
    const q = parseSeriesParams(raw);
    expect(bucketWindow(q).firstStartMs).toBe(min(1));
    expect(pointWindowMs(q).fromMs).toBe(min(1) + 500);
    const r = answer(raw, all, Q1, TimestampFormat.RFC) as { series: { values: unknown[] } };
    // The 00:01 point is before 00:01:00.5, so only 00:05 counts.
    expect(r.series.values).toEqual([
      ['2024-01-01T00:01:00Z', 60],
      ['2024-01-01T00:06:00Z', null],
    ]);
  });

  it.each([
    ['1h', 3600],
    ['1d', 86400],
    ['2w', 1209600],
    ['90m', 5400],
  ])('understands interval %s', (interval, sec) => {
    expect(parseSeriesParams({ startDate: '0', endDate: '0', interval }).intervalSec).toBe(sec);
  });

  it('a very large interval gives one bucket', () => {
    const raw = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T00:05:00Z', interval: '999999w' };
    const r = answer(raw, all, Q1, TimestampFormat.RFC) as { series: { values: unknown[] } };
    expect(r.series.values).toEqual([['2024-01-01T00:00:00Z', 30]]);
  });
});

describe('series query: limit and offset count buckets, summary untouched', () => {
  const all = points([
    [0, 1],
    [1, 2],
    [3, 4],
    [4, 5],
  ]);
  const base = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T00:04:00Z' };
  const values = (raw: RawSeriesParams): unknown =>
    (answer(raw, all, Q1, TimestampFormat.UNIX) as { series?: { values: unknown[] } }).series?.values.map(
      (v) => (v as unknown[])[1],
    );

  it.each([
    [{}, [1, 2, null, 4, 5]],
    [{ limit: '2' }, [1, 2]],
    [{ limit: '0' }, [1, 2, null, 4, 5]],
    [{ offset: '2' }, [null, 4, 5]],
    [{ offset: '2', limit: '1' }, [null]],
    [{ offset: '4', limit: '10' }, [5]],
    [{ offset: '5' }, undefined],
    [{ offset: '18446744073709551615' }, undefined],
  ])('%j → %j', (extra, expected) => {
    expect(values({ ...base, ...extra })).toEqual(expected);
  });

  it('keeps the full summary when offset leaves no row', () => {
    const r = answer({ ...base, offset: '99' }, all, Q1, TimestampFormat.UNIX) as {
      summary: { count: number };
    };
    expect(r).not.toHaveProperty('series');
    expect(r.summary.count).toBe(4);
  });

  it('exclude=series / exclude=summary drop one part', () => {
    expect(answer({ ...base, exclude: 'series' }, all, Q1, TimestampFormat.UNIX)).not.toHaveProperty(
      'series',
    );
    const r = answer({ ...base, exclude: 'summary' }, all, Q1, TimestampFormat.UNIX);
    expect(r).toHaveProperty('series');
    expect(r).not.toHaveProperty('summary');
  });

  it('orderby=time is accepted (ascending is the only order)', () => {
    expect(values({ ...base, orderby: 'time' })).toEqual([1, 2, null, 4, 5]);
  });
});

describe('nearestRankPercentile (InfluxQL percentile)', () => {
  const sorted = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);
  it.each([
    [1, 5, null],
    [9, 5, null],
    [10, 5, 1],
    [3, 95, 3],
    [10, 95, 10],
    [10, 98, 10],
    [20, 95, 19],
    [20, 5, 1],
    [100, 98, 98],
    [100, 95, 95],
    [100, 5, 5],
    [1, 95, 1],
  ])('n=%i p=%i → %p', (n, p, expected) => {
    expect(nearestRankPercentile(sorted(n), p)).toBe(expected);
  });

  it('sorts numerically, not as strings', () => {
    const pts = [100, 9, 20, 3, 1000, 7, 8, 6, 5, 4, 2].map((value, i) => ({ timeMs: i, value }));
    const s = computeSummary(pts, '*tcc');
    // sorted: 2 3 4 5 6 7 8 9 20 100 1000; P95 rank = floor(11·0.95 + 0.5) − 1 = 9.
    expect([s.min, s.max, s.fifthPercentile, s.ninetyFifthPercentile]).toEqual([2, 1000, 2, 100]);
  });
});

describe('series query: validation (Traffic Ops order and texts)', () => {
  const ok = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T01:00:00Z' };

  it('reports missing required parameters in check order', () => {
    expect(
      errorText(() =>
        requireParams(['metricType', 'startDate', 'endDate', 'queue'], (n) => n === 'startDate'),
      ),
    ).toBe('400 required parameters missing: missing required parameters: metricType, endDate, queue');
  });

  it.each<[string, Partial<RawSeriesParams>, string]>([
    ['limit negative', { limit: '-1' }, SeriesErrorText.LIMIT],
    ['limit not a number', { limit: 'ten' }, SeriesErrorText.LIMIT],
    ['limit empty', { limit: '' }, SeriesErrorText.LIMIT],
    ['limit with sign', { limit: '+5' }, SeriesErrorText.LIMIT],
    ['limit over uint64', { limit: '18446744073709551616' }, SeriesErrorText.LIMIT],
    ['offset', { offset: '1.5' }, SeriesErrorText.OFFSET],
    ['orderby', { orderby: 'value' }, "Invalid orderby! Can only be 'time'"],
    ['orderby case', { orderby: 'Time' }, SeriesErrorText.ORDER_BY],
    ['startDate', { startDate: 'yesterday' }, 'Invalid startDate!'],
    ['endDate', { endDate: '2024-13-01T00:00:00Z' }, 'Invalid endDate!'],
    ['interval seconds', { interval: '30s' }, SeriesErrorText.INTERVAL],
    ['interval bare', { interval: '5' }, SeriesErrorText.INTERVAL],
    ['interval empty', { interval: '' }, SeriesErrorText.INTERVAL],
    ['interval absurd', { interval: '99999999999999999999w' }, SeriesErrorText.INTERVAL],
    ['exclude', { exclude: 'both' }, "Invalid exclude! Must be 'series' or 'summary'"],
    ['interval 0 (deviation)', { interval: '0m' }, 'interval: must be greater than zero'],
    [
      'end before start (deviation)',
      { startDate: '2024-01-02T00:00:00Z' },
      'Invalid endDate! Must not be before startDate',
    ],
  ])('%s → 400', (_name, extra, text) => {
    expect(errorText(() => parseSeriesParams({ ...ok, ...extra }))).toBe(`400 ${text}`);
  });

  it('checks in Traffic Ops order: limit before offset before orderby before dates before interval before exclude', () => {
    const bad = {
      limit: 'x',
      offset: 'x',
      orderby: 'x',
      startDate: 'x',
      endDate: 'x',
      interval: 'x',
      exclude: 'x',
    };
    const order = ['limit', 'offset', 'orderby', 'startDate', 'endDate', 'interval', 'exclude'] as const;
    const texts = [
      SeriesErrorText.LIMIT,
      SeriesErrorText.OFFSET,
      SeriesErrorText.ORDER_BY,
      SeriesErrorText.START_DATE,
      SeriesErrorText.END_DATE,
      SeriesErrorText.INTERVAL,
      SeriesErrorText.EXCLUDE,
    ];
    const params: Record<string, string> = { ...ok, ...bad };
    order.forEach((key, i) => {
      expect(errorText(() => parseSeriesParams(params as unknown as RawSeriesParams))).toBe(
        `400 ${texts[i]}`,
      );
      params[key] =
        key === 'startDate' || key === 'endDate'
          ? ok[key]
          : key === 'orderby'
            ? 'time'
            : key === 'interval'
              ? '1m'
              : key === 'exclude'
                ? 'series'
                : '1';
    });
    expect(() => parseSeriesParams(params as unknown as RawSeriesParams)).not.toThrow();
  });

  it('caps the number of buckets (deviation) unless the series is excluded', () => {
    const year = { startDate: '2024-01-01T00:00:00Z', endDate: '2025-01-01T00:00:00Z' };
    // 366 days of minutes, inclusive end: 527041 buckets.
    expect(errorText(() => parseSeriesParams(year))).toBe(`400 ${tooManyBucketsText(527041, MAX_BUCKETS)}`);
    expect(() => parseSeriesParams({ ...year, exclude: 'series' })).not.toThrow();
    expect(() => parseSeriesParams({ ...year, interval: '1h' })).not.toThrow();
    expect(() => parseSeriesParams({ ...year, interval: '1m' }, 600_000)).not.toThrow();
    // Exactly at the cap is allowed.
    const atCap = { startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T01:39:00Z' };
    expect(() => parseSeriesParams(atCap, 100)).not.toThrow();
    expect(errorText(() => parseSeriesParams({ ...atCap, endDate: '2024-01-01T01:40:00Z' }, 100))).toBe(
      `400 ${tooManyBucketsText(101, 100)}`,
    );
  });
});
