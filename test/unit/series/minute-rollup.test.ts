import { MinuteRollup } from '../../../src/series/minute-rollup';
import type { MinutePoint } from '../../../src/series/minute-point';
import { FakeSource } from './fake-source';

const T0 = Date.UTC(2024, 0, 1);
const S = 1000;
const M = 60_000;

function byKey(points: readonly MinutePoint[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of points) out[`${p.queueID}/${p.metricID}@${(p.timeMs - T0) / M}`] = p.value;
  return out;
}

describe('MinuteRollup', () => {
  it('rolls 10 s samples up to the minute mean, emitted by the first sample of the next minute', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', { '*asr': 0 });
    const rollup = new MinuteRollup();
    const out: MinutePoint[] = [];
    // Samples at :00 … :50 of minute 0 with values 10, 20, … 60, then 100 at minute 1.
    for (let i = 0; i < 6; i++) {
      q.floatMetrics['*asr'] = (i + 1) * 10;
      const emitted = rollup.sample(source, T0 + i * 10 * S);
      expect(emitted.filter((p) => p.metricID === '*asr')).toEqual([]);
      out.push(...emitted);
    }
    q.floatMetrics['*asr'] = 100;
    const emitted = rollup.sample(source, T0 + M);
    expect(emitted.filter((p) => p.metricID === '*asr')).toEqual([
      { tenant: 't', queueID: 'Q1', metricID: '*asr', timeMs: T0, value: 35 },
    ]);
  });

  it('skips N/A (-1) and non-finite samples; a minute with none has no point', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', { '*acd': -1, '*tcd': 5 });
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    q.floatMetrics['*acd'] = 30;
    q.floatMetrics['*tcd'] = Number.NaN;
    rollup.sample(source, T0 + 30 * S);
    const points = byKey(rollup.sample(source, T0 + M));
    expect(points['Q1/*acd@0']).toBe(30);
    expect(points['Q1/*tcd@0']).toBe(5);
    q.floatMetrics['*acd'] = -1;
    const next = byKey([...rollup.sample(source, T0 + 90 * S), ...rollup.sample(source, T0 + 2 * M)]);
    expect(next['Q1/*acd@1']).toBe(30); // only the :00 sample of minute 1 was valid
  });

  it('computes *tps = events processed in the minute / 60, the first sample being a baseline', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', {}, 1000);
    const rollup = new MinuteRollup();
    const all: MinutePoint[] = [];
    // 12 events per 10 s during minute 0 and 1 → 72 events per minute → 1.2 tps.
    for (let i = 0; i <= 12; i++) {
      all.push(...rollup.sample(source, T0 + i * 10 * S));
      q.eventsProcessed += 12;
    }
    const tps = byKey(all.filter((p) => p.metricID === '*tps'));
    expect(tps).toEqual({ 'Q1/*tps@0': 1.2, 'Q1/*tps@1': 1.2 });
  });

  it('credits events to the minute of the interval midpoint, so a late tick does not shift them', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', {}, 0);
    const rollup = new MinuteRollup();
    rollup.sample(source, T0 + 50 * S + 3);
    q.eventsProcessed = 60;
    const points = rollup.sample(source, T0 + M + 4); // 4 ms late
    expect(byKey(points)).toEqual({ 'Q1/*tps@0': 1 });
  });

  it('counts a queue created after the first sample from zero, and a counter reset from its new value', () => {
    const source = new FakeSource();
    source.add('t', 'Q0', {}, 0);
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    const q = source.add('t', 'Q1', {}, 30);
    rollup.sample(source, T0 + 10 * S);
    q.eventsProcessed = 6; // queue re-created: counter restarted
    rollup.sample(source, T0 + 20 * S);
    const points = byKey(rollup.sample(source, T0 + M));
    expect(points['Q1/*tps@0']).toBe((30 + 6) / 60);
    expect(points['Q0/*tps@0']).toBe(0);
  });

  it('closes the minutes of a queue that disappeared, and forgets its counter', () => {
    const source = new FakeSource();
    source.add('t', 'Q1', { '*asr': 50 }, 0);
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    rollup.sample(source, T0 + 10 * S);
    source.remove('t', 'Q1');
    expect(byKey(rollup.sample(source, T0 + M))).toEqual({ 'Q1/*asr@0': 50, 'Q1/*tps@0': 0 });
    expect(rollup.trackedQueues).toBe(0);
    source.add('t', 'Q1', {}, 5);
    rollup.sample(source, T0 + M + 10 * S);
    expect(byKey(rollup.sample(source, T0 + 2 * M))['Q1/*tps@1']).toBe(5 / 60);
  });

  it('attributes values by metric ID when a queue lists its metrics in another order', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', { '*asr': 10, '*acd': 100 });
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    q.floatMetrics = { '*acd': 200, '*tcd': 7, '*asr': 20 };
    rollup.sample(source, T0 + 10 * S);
    q.floatMetrics = { '*tcd': 9 };
    rollup.sample(source, T0 + 20 * S);
    const points = byKey(rollup.sample(source, T0 + M));
    expect(points).toEqual({ 'Q1/*asr@0': 15, 'Q1/*acd@0': 150, 'Q1/*tcd@0': 8, 'Q1/*tps@0': 0 });
  });

  it('stops emitting a metric the queue no longer lists, and picks it up again', () => {
    const source = new FakeSource();
    const q = source.add('t', 'Q1', { '*asr': 10, '*acd': 1 });
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    q.floatMetrics = { '*acd': 2 };
    const m1 = byKey([...rollup.sample(source, T0 + M), ...rollup.sample(source, T0 + 2 * M)]);
    expect(m1['Q1/*asr@0']).toBe(10);
    expect(m1['Q1/*acd@1']).toBe(2);
    expect(Object.keys(m1).filter((k) => k.startsWith('Q1/*asr@1'))).toEqual([]);
    q.floatMetrics = { '*asr': 30, '*acd': 3 };
    const m3 = byKey([...rollup.sample(source, T0 + 3 * M), ...rollup.sample(source, T0 + 4 * M)]);
    expect(m3['Q1/*asr@3']).toBe(30);
    expect(m3['Q1/*acd@3']).toBe(3);
  });

  it('keeps tenants and queues apart', () => {
    const source = new FakeSource();
    source.add('a', 'Q', { '*asr': 1 });
    source.add('b', 'Q', { '*asr': 2 });
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    const asr = rollup.sample(source, T0 + M).filter((p) => p.metricID === '*asr');
    expect(asr.map((p) => [p.tenant, p.value])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('drain() emits the minute in progress', () => {
    const source = new FakeSource();
    source.add('t', 'Q1', { '*asr': 7 });
    const rollup = new MinuteRollup();
    rollup.sample(source, T0);
    rollup.sample(source, T0 + 10 * S);
    expect(byKey(rollup.drain())).toEqual({ 'Q1/*asr@0': 7, 'Q1/*tps@0': 0 });
    expect(rollup.drain()).toEqual([]);
  });
});
