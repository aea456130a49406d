import { StatQueue } from '../../../src/engine/stat-queue';
import type { StatQueueJSON } from '../../../src/engine/stat-queue';
import { statProfileFromArgs } from '../../../src/engine/stat-profile';
import type { StatProfile } from '../../../src/engine/stat-profile';
import type { EventDP } from '../../../src/engine/types';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const pass = (): boolean => true;
const noError = (_q: StatQueue, _m: string, err: unknown): void => {
  throw err;
};

function profile(over: Record<string, unknown> = {}): StatProfile {
  return statProfileFromArgs(
    {
      Tenant: 'cgrates.org',
      ID: 'SQ',
      QueueLength: 3,
      TTL: 0,
      MinItems: 0,
      Metrics: [{ MetricID: '*tcd' }, { MetricID: '*sum#~*req.Usage' }],
      ...over,
    },
    'cgrates.org',
    'UTC',
    T0,
  );
}

function dp(usageNs: number): EventDP {
  return { '*req': { Usage: usageNs }, '*opts': {} };
}

function add(q: StatQueue, id: string, usageNs = 1e9, nowMs = T0): void {
  q.processEvent(id, dp(usageNs), nowMs, pass, noError);
}

function eventsOf(q: StatQueue, metricID: string): Record<string, unknown> {
  return q.toJSON().SQMetrics[metricID]?.['Events'] as Record<string, unknown>;
}

describe('StatQueue event slots', () => {
  it('keeps the slot of a repeated ID until the last item carrying it leaves', () => {
    const q = new StatQueue(profile(), 'UTC');
    add(q, 'a');
    const slot = q.slots.slotOf('a');
    add(q, 'b');
    add(q, 'a');
    // two items, two metrics with one entry each
    expect(q.slots.refCount(slot)).toBe(4);
    expect(eventsOf(q, '*tcd')).toEqual({
      a: { Duration: 1e9, CompressFactor: 2 },
      b: { Duration: 1e9, CompressFactor: 1 },
    });

    add(q, 'c'); // the first 'a' leaves
    expect(q.slots.slotOf('a')).toBe(slot);
    expect(q.slots.refCount(slot)).toBe(3);
    expect(eventsOf(q, '*tcd')['a']).toEqual({ Duration: 1e9, CompressFactor: 1 });

    add(q, 'd'); // 'b' leaves
    expect(q.slots.slotOf('a')).toBe(slot);
    add(q, 'e'); // the last 'a' leaves
    expect(q.slots.slotOf('a')).toBe(-1);
    expect(q.slots.size).toBe(3);
    expect(Object.keys(eventsOf(q, '*sum#~*req.Usage')).sort()).toEqual(['c', 'd', 'e']);
    expect(q.stringMetrics(5)).toEqual({ '*tcd': '3s', '*sum#~*req.Usage': '3000000000' });
  });

  it('frees slots when items expire and reuses them', () => {
    const q = new StatQueue(profile({ QueueLength: 0, TTL: 1_000_000_000 }), 'UTC');
    add(q, 'a');
    add(q, 'b');
    expect(q.expire(T0 + 1000)).toBe(true);
    expect(q.slots.size).toBe(0);
    add(q, 'c', 2e9, T0 + 1000);
    expect(q.slots.slotOf('c')).toBeLessThan(2);
    expect(q.stringMetrics(5)['*tcd']).toBe('2s');
  });

  it('keeps the slot of an ID a metric skipped while its item is queued', () => {
    const q = new StatQueue(profile({ QueueLength: 1 }), 'UTC');
    const errors: string[] = [];
    q.processEvent('x', { '*req': {}, '*opts': {} }, T0, pass, (_q, m) => errors.push(m));
    expect(errors).toEqual(['*tcd', '*sum#~*req.Usage']);
    expect(q.slots.refCount(q.slots.slotOf('x'))).toBe(1);
    add(q, 'y');
    expect(q.slots.slotOf('x')).toBe(-1);
    expect(q.stringMetrics(5)['*tcd']).toBe('1s');
  });

  it('binds nothing in one-event mode', () => {
    const q = new StatQueue(profile({ QueueLength: -1, TTL: -1 }), 'UTC');
    add(q, 'a');
    add(q, 'a');
    expect(q.slots.size).toBe(0);
    expect(q.stringMetrics(5)['*tcd']).toBe('2s');
  });

  it('reset() gives the fresh metrics the same, emptied index', () => {
    const q = new StatQueue(profile(), 'UTC');
    add(q, 'a');
    add(q, 'b');
    q.reset();
    expect(q.slots.size).toBe(0);
    add(q, 'b', 5e9);
    expect(q.slots.refCount(q.slots.slotOf('b'))).toBe(3);
    expect(eventsOf(q, '*tcd')).toEqual({ b: { Duration: 5e9, CompressFactor: 1 } });
  });

  it('a profile update releases the references of dropped metrics; new ones share the index', () => {
    const q = new StatQueue(profile(), 'UTC');
    add(q, 'a');
    add(q, 'b');
    q.applyProfileKeepingItems(profile({ Metrics: [{ MetricID: '*tcd' }, { MetricID: '*acd' }] }));
    expect(q.slots.refCount(q.slots.slotOf('a'))).toBe(2);
    add(q, 'c', 4e9);
    expect(q.slots.refCount(q.slots.slotOf('c'))).toBe(3);
    expect(q.stringMetrics(5)).toEqual({ '*tcd': '6s', '*acd': '4s' });
    add(q, 'd'); // 'a' leaves: only *tcd knew it
    expect(q.slots.slotOf('a')).toBe(-1);
    expect(q.stringMetrics(5)).toEqual({ '*tcd': '6s', '*acd': '2.5s' });
  });

  it('loadJSON binds the stored items and entries, and they leave as usual', () => {
    const source = new StatQueue(profile(), 'UTC');
    add(source, 'a', 1e9);
    add(source, 'b', 2e9);
    add(source, 'a', 3e9);
    const stored = JSON.parse(JSON.stringify(source.toJSON())) as StatQueueJSON;

    const q = new StatQueue(profile(), 'UTC');
    add(q, 'old');
    q.loadJSON(stored);
    expect(q.toJSON()).toEqual(source.toJSON());
    expect(q.slots.slotOf('old')).toBe(-1);
    expect(q.slots.refCount(q.slots.slotOf('a'))).toBe(4);
    add(q, 'c');
    add(q, 'd');
    add(q, 'e');
    expect(q.slots.size).toBe(3);
    expect(q.stringMetrics(5)).toEqual({ '*tcd': '3s', '*sum#~*req.Usage': '3000000000' });
  });

  it('an entry stored without a queued item keeps its slot for as long as the metric has it', () => {
    const q = new StatQueue(profile(), 'UTC');
    const orphan = {
      FilterIDs: [],
      Sum: 7e9,
      Count: 1,
      Events: { ghost: { Duration: 7e9, CompressFactor: 1 } },
      MinItems: 0,
    };
    q.loadJSON({ Tenant: 'cgrates.org', ID: 'SQ', SQItems: [], SQMetrics: { '*tcd': orphan } });
    expect(q.slots.refCount(q.slots.slotOf('ghost'))).toBe(1);
    add(q, 'ghost');
    add(q, 'x');
    add(q, 'y');
    add(q, 'z'); // the queued 'ghost' leaves; the stored entry stays, as in CGRateS
    // folded to (7s + 1s) / 2 on the add; a removal keeps the folded Duration
    expect(eventsOf(q, '*tcd')['ghost']).toEqual({ Duration: 4e9, CompressFactor: 1 });
    expect(q.slots.refCount(q.slots.slotOf('ghost'))).toBe(1);
  });
});
