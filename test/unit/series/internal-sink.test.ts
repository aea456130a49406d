import { INTERNAL_MAX_SERIES, InternalSink, internalSeriesCap } from '../../../src/series/internal-sink';
import type { MinutePoint } from '../../../src/series/minute-point';
import type { SeriesLogger } from '../../../src/series/series-logger';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;
const H = 60 * M;

class Clock {
  ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  nowMs(): number {
    return this.ms;
  }
}

function recorder(): SeriesLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, error: () => undefined, warn: (_o, msg) => warnings.push(msg) };
}

const pt = (minute: number, value: number, queueID = 'Q1', metricID = '*asr', tenant = 't'): MinutePoint => ({
  tenant,
  queueID,
  metricID,
  timeMs: T0 + minute * M,
  value,
});
const ID = { tenant: 't', queueID: 'Q1', metricID: '*asr' };

describe('InternalSink', () => {
  it('returns points of one series inside an inclusive window, ascending', async () => {
    const clock = new Clock(T0 + 10 * M);
    const sink = new InternalSink({ clock, retentionMs: 24 * H });
    sink.write([pt(3, 30), pt(1, 10), pt(2, 20), pt(2, 5, 'Q2'), pt(2, 6, 'Q1', '*acd')]);
    expect(await sink.readSeries(ID, T0 + M, T0 + 2 * M)).toEqual([
      { timeMs: T0 + M, value: 10 },
      { timeMs: T0 + 2 * M, value: 20 },
    ]);
    expect(await sink.readSeries(ID, T0 + M + 1, T0 + 3 * M - 1)).toEqual([
      { timeMs: T0 + 2 * M, value: 20 },
    ]);
    expect(await sink.readSeries({ ...ID, tenant: 'other' }, T0, T0 + H)).toEqual([]);
  });

  it('overwrites a minute written twice', async () => {
    const sink = new InternalSink({ clock: new Clock(T0 + 10 * M), retentionMs: H });
    sink.write([pt(1, 10)]);
    sink.write([pt(1, 11)]);
    expect(await sink.readSeries(ID, T0, T0 + H)).toEqual([{ timeMs: T0 + M, value: 11 }]);
  });

  it('keeps only `retention` of points relative to the clock, dropping the oldest', async () => {
    const clock = new Clock(T0);
    const sink = new InternalSink({ clock, retentionMs: H });
    for (let m = 0; m < 120; m++) {
      clock.ms = T0 + (m + 1) * M;
      sink.write([pt(m, m)]);
    }
    const pts = await sink.readSeries(ID, T0, T0 + 3 * H);
    expect(pts).toHaveLength(60);
    expect(pts[0]).toEqual({ timeMs: T0 + 60 * M, value: 60 });
    expect(pts[59]).toEqual({ timeMs: T0 + 119 * M, value: 119 });
    // Time passes without writes: old points become invisible, then the series is freed.
    clock.ms = T0 + 150 * M;
    expect(await sink.readSeries(ID, T0, T0 + 3 * H)).toHaveLength(30);
    clock.ms = T0 + 200 * M;
    sink.write([]);
    expect(sink.seriesCount).toBe(0);
    expect((await sink.metricsOf('t', 'Q1')).size).toBe(0);
  });

  it('refuses points older than the retention and clears skipped slots when jumping ahead', async () => {
    const clock = new Clock(T0 + 2 * H);
    const sink = new InternalSink({ clock, retentionMs: H });
    sink.write([pt(10, 1)]); // 1h50m old: beyond the 1h retention
    expect(sink.seriesCount).toBe(0);
    sink.write([pt(100, 100), pt(101, 101)]);
    clock.ms = T0 + 2 * H + 59 * M;
    sink.write([pt(178, 178)]); // the ring wraps past 100/101's slots
    expect(await sink.readSeries(ID, T0, T0 + 4 * H)).toEqual([{ timeMs: T0 + 178 * M, value: 178 }]);
  });

  it('caps the number of series and warns once', async () => {
    const log = recorder();
    const sink = new InternalSink({
      clock: new Clock(T0 + 10 * M),
      retentionMs: H,
      maxSeries: 2,
      logger: log,
    });
    sink.write([pt(1, 1, 'A'), pt(1, 1, 'B'), pt(1, 1, 'C'), pt(1, 1, 'D')]);
    sink.write([pt(2, 2, 'A'), pt(2, 2, 'E')]);
    expect(sink.seriesCount).toBe(2);
    expect(await sink.readSeries({ ...ID, queueID: 'A' }, T0, T0 + H)).toHaveLength(2);
    expect(await sink.readSeries({ ...ID, queueID: 'C' }, T0, T0 + H)).toHaveLength(0);
    expect(log.warnings).toHaveLength(1);
  });

  it('derives its series cap from the memory budget', () => {
    expect(internalSeriesCap(24 * H)).toBe(INTERNAL_MAX_SERIES);
    // 30 days: 43,200 slots × 8 B = 345,920 B per series → 388 series in 128 MiB.
    expect(internalSeriesCap(30 * 24 * H)).toBe(Math.floor((128 * 1024 * 1024) / (43200 * 8 + 320)));
    expect(new InternalSink({ clock: new Clock(0), retentionMs: 24 * H }).maxSeries).toBe(10_000);
  });

  it('lists the metrics that have history for a queue', async () => {
    const sink = new InternalSink({ clock: new Clock(T0 + 10 * M), retentionMs: H });
    sink.write([pt(1, 1, 'Q1', '*asr'), pt(1, 1, 'Q1', '*tps'), pt(1, 1, 'Q2', '*acd')]);
    expect([...(await sink.metricsOf('t', 'Q1'))].sort()).toEqual(['*asr', '*tps']);
    expect((await sink.metricsOf('t', 'Q3')).size).toBe(0);
  });

  it('scans a half-open window across all series', async () => {
    const sink = new InternalSink({ clock: new Clock(T0 + 10 * M), retentionMs: H });
    sink.write([pt(0, 1), pt(1, 2), pt(2, 3), pt(1, 9, 'Q2')]);
    const seen: string[] = [];
    await sink.scanWindow(T0, T0 + 2 * M, (id, t, v) => seen.push(`${id.queueID}@${(t - T0) / M}=${v}`));
    expect(seen.sort()).toEqual(['Q1@0=1', 'Q1@1=2', 'Q2@1=9']);
  });

  it('stores daily rows first-write-wins and reads them back by range', async () => {
    const sink = new InternalSink({ clock: new Clock(T0 + 3 * 24 * H), retentionMs: H });
    const row = { ...ID, dayMs: T0, max: 5, total: 50 };
    expect(await sink.writeDailyRows([row, { ...row, dayMs: T0 + 24 * H }])).toBe(2);
    expect(await sink.writeDailyRows([{ ...row, max: 99 }])).toBe(0);
    expect(await sink.readDailyRows(ID, T0, T0 + 24 * H)).toEqual([row, { ...row, dayMs: T0 + 24 * H }]);
    expect(await sink.readDailyRows(ID, T0 + 24 * H, T0 + 48 * H)).toHaveLength(1);
  });

  it('drops daily rows older than 31 days', async () => {
    const clock = new Clock(T0);
    const sink = new InternalSink({ clock, retentionMs: H });
    await sink.writeDailyRows([{ ...ID, dayMs: T0, max: 1, total: 1 }]);
    clock.ms = T0 + 32 * 24 * H;
    await sink.writeDailyRows([]);
    expect(await sink.readDailyRows(ID, 0, clock.ms)).toEqual([]);
  });
});
