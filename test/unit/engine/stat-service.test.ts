import type { StatQueueJSON } from '../../../src/engine/stat-queue';
import { RecordingSink, statEngine } from '../../helpers/stat-engine';
import type { StatEngine } from '../../helpers/stat-engine';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function ev(
  id: string,
  event: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { Tenant: 'cgrates.org', ID: id, Event: event, ...extra };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

/** Spec §7: Stats1 from oldtutorial, inline copy of FLTR_STS1. */
function setStats1(e: StatEngine): void {
  e.filters.setFilter({
    Tenant: 'cgrates.org',
    ID: 'FLTR_STS1',
    Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] }],
    ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '' },
  });
  e.stats.setProfile({
    Tenant: 'cgrates.org',
    ID: 'Stats1',
    FilterIDs: ['FLTR_STS1'],
    ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z' },
    QueueLength: 100,
    TTL: 3_000_000_000,
    MinItems: 2,
    Metrics: [
      { MetricID: '*asr' },
      { MetricID: '*acc' },
      { MetricID: '*tcc' },
      { MetricID: '*acd' },
      { MetricID: '*tcd' },
      { MetricID: '*sum#~*req.Usage' },
      { MetricID: '*average#~*req.Usage' },
      { MetricID: '*pdd', FilterIDs: ['*exists:~*req.PDD:'] },
    ],
    Stored: true,
    Weight: 20,
    ThresholdIDs: ['*none'],
  });
}

describe('StatService', () => {
  describe('the end-to-end example of spec §7', () => {
    it('gives the listed string and float maps after three events', () => {
      const e = statEngine({}, new RecordingSink());
      setStats1(e);
      const id = { ID: 'Stats1' };
      expect(
        e.process(
          ev('event1', {
            Account: '1001',
            AnswerTime: '2014-07-14T14:25:00Z',
            Usage: 135000000000,
            Cost: 123.0,
            PDD: 12000000000,
          }),
        ),
      ).toEqual(['Stats1']);
      expect(Object.values(e.stats.stringMetrics(id))).toEqual(Array(8).fill('N/A'));
      expect(Object.values(e.stats.floatMetrics(id))).toEqual(Array(8).fill(-1));
      e.process(
        ev('event2', { Account: '1002', AnswerTime: '2014-07-14T14:25:00Z', Usage: 45000000000, Cost: 12.1 }),
      );
      e.process(ev('event3', { Account: '1002', SetupTime: '2014-07-14T14:25:00Z', Usage: 0, Cost: 0 }));
      expect(e.stats.stringMetrics(id)).toEqual({
        '*asr': '66.66667%',
        '*acd': '1m0s',
        '*acc': '45.03333',
        '*tcd': '3m0s',
        '*tcc': '135.1',
        '*pdd': 'N/A',
        '*sum#~*req.Usage': '180000000000',
        '*average#~*req.Usage': '60000000000',
      });
      expect(e.stats.floatMetrics(id)).toEqual({
        '*asr': 66.66667,
        '*acd': 60000000000,
        '*tcc': 135.1,
        '*tcd': 180000000000,
        '*acc': 45.03333,
        '*pdd': -1,
        '*sum#~*req.Usage': 180000000000,
        '*average#~*req.Usage': 60000000000,
      });
    });
  });

  describe('queue rules', () => {
    function simpleQueue(e: StatEngine, extra: Record<string, unknown> = {}): void {
      e.stats.setProfile({
        ID: 'SQ',
        QueueLength: 2,
        Metrics: [{ MetricID: '*tcd' }, { MetricID: '*sum#1' }],
        ...extra,
      });
    }

    it('evicts exactly the oldest item when the queue is full (FIFO)', () => {
      const e = statEngine();
      simpleQueue(e);
      for (const [i, usage] of [10, 20, 30].entries()) e.process(ev(`e${i}`, { Usage: `${usage}s` }));
      const q = e.stats.getQueue({ ID: 'SQ' });
      expect(q.SQItems.map((i) => i.EventID)).toEqual(['e1', 'e2']);
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*tcd': '50s', '*sum#1': '2' });
    });

    it('expires items by TTL on the next event and on reads', () => {
      const e = statEngine();
      simpleQueue(e, { QueueLength: 0, TTL: '10s' });
      e.process(ev('a', { Usage: '10s' }));
      e.clock.advanceMs(5_000);
      e.process(ev('b', { Usage: '20s' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })['*tcd']).toBe('30s');
      e.clock.advanceMs(5_000);
      expect(e.stats.stringMetrics({ ID: 'SQ' })['*tcd']).toBe('20s');
      expect(e.stats.getQueue({ ID: 'SQ' }).SQItems.map((i) => i.EventID)).toEqual(['b']);
      e.clock.advanceMs(5_000);
      expect(e.stats.stringMetrics({ ID: 'SQ' })['*tcd']).toBe('N/A');
    });

    it('lets a 1ns TTL expire an event at once', () => {
      const e = statEngine();
      simpleQueue(e, { QueueLength: 0, TTL: 1 });
      e.process(ev('a', { Usage: '10s' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })['*tcd']).toBe('N/A');
    });

    it('keeps nothing in one-event mode and counts repeated IDs again', () => {
      const e = statEngine();
      simpleQueue(e, { QueueLength: -1, TTL: -1 });
      for (let i = 0; i < 3; i++) e.process(ev('same', { Usage: '10s' }));
      expect(e.stats.getQueue({ ID: 'SQ' }).SQItems).toEqual([]);
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*tcd': '30s', '*sum#1': '3' });
    });

    it('reports N/A until MinItems events were counted', () => {
      const e = statEngine();
      simpleQueue(e, { MinItems: 2 });
      e.process(ev('a', { Usage: '10s' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*tcd': 'N/A', '*sum#1': 'N/A' });
      e.process(ev('b', { Usage: '10s' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*tcd': '20s', '*sum#1': '2' });
    });

    it('skips only the metric whose field is missing (deviation 2) and still queues the event', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'SQ',
        Metrics: [{ MetricID: '*acd' }, { MetricID: '*acc' }, { MetricID: '*sum#1' }],
      });
      e.process(ev('a', { Cost: 2 }));
      e.process(ev('b', { Cost: -1, Usage: '4s' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*acd': '4s', '*acc': '2', '*sum#1': '2' });
      expect(e.stats.getQueue({ ID: 'SQ' }).SQItems.map((i) => i.EventID)).toEqual(['a', 'b']);
    });

    it('applies per-metric filters to that metric only', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'SQ',
        Metrics: [{ MetricID: '*sum#1' }, { MetricID: '*sum#2', FilterIDs: ['*string:~*req.Kind:x'] }],
      });
      e.process(ev('a', { Kind: 'x' }));
      e.process(ev('b', { Kind: 'y' }));
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*sum#1': '2', '*sum#2': '2' });
    });
  });

  describe('matching', () => {
    function profiles(e: StatEngine): void {
      const w = (id: string, weight: number, extra: Record<string, unknown> = {}): void =>
        e.stats.setProfile({ ID: id, Weight: weight, Metrics: [{ MetricID: '*sum#1' }], ...extra });
      w('FIRST', 30);
      w('SECOND', 40);
      w('THIRD', 30);
      w('FOURTH', 35);
    }

    it('orders by Weight descending, ties by ID (TestStatQueuesSort)', () => {
      const e = statEngine();
      profiles(e);
      expect(e.process(ev('x', {}))).toEqual(['SECOND', 'FOURTH', 'FIRST', 'THIRD']);
    });

    it('drops every queue after the first Blocker', () => {
      const e = statEngine();
      profiles(e);
      e.stats.setProfile({ ID: 'FOURTH', Weight: 35, Blocker: true, Metrics: [{ MetricID: '*sum#1' }] });
      expect(e.stats.queuesForEvent(ev('x', {}))).toEqual(['SECOND', 'FOURTH']);
    });

    it('answers NOT_FOUND when nothing matches, also for an unknown tenant', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'SQ',
        FilterIDs: ['*string:~*req.Account:1001'],
        Metrics: [{ MetricID: '*tcd' }],
      });
      expect(errorOf(() => e.process(ev('x', { Account: '1002' })))).toBe('NOT_FOUND');
      expect(errorOf(() => e.process({ Tenant: 'other', ID: 'x', Event: {} }))).toBe('NOT_FOUND');
    });

    it('finds profiles whose only filters are not indexable (deviation 1)', () => {
      const e = statEngine();
      e.stats.setProfile({ ID: 'GT', FilterIDs: ['*gt:~*req.Cost:10'], Metrics: [{ MetricID: '*sum#1' }] });
      e.stats.setProfile({
        ID: 'PFX',
        FilterIDs: ['*prefix:~*req.Destination:+49'],
        Metrics: [{ MetricID: '*sum#1' }],
      });
      expect(e.process(ev('x', { Cost: 11, Destination: '+4915' }))).toEqual(['GT', 'PFX']);
    });

    it('uses *stsProfileIDs and *stsProfileIgnoreFilters', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'A',
        FilterIDs: ['*string:~*req.Account:1001'],
        Metrics: [{ MetricID: '*sum#1' }],
      });
      e.stats.setProfile({ ID: 'B', Metrics: [{ MetricID: '*sum#1' }] });
      const opts = (o: Record<string, unknown>): Record<string, unknown> => ({ APIOpts: o });
      expect(e.process(ev('x', {}, opts({ '*stsProfileIDs': ['A', 'B'] })))).toEqual(['B']);
      expect(
        e.process(ev('y', {}, opts({ '*stsProfileIDs': ['A'], '*stsProfileIgnoreFilters': true }))),
      ).toEqual(['A']);
      expect(errorOf(() => e.process(ev('z', {}, opts({ '*stsProfileIDs': 'A' }))))).toBe(
        'cannot convert field: string to []string',
      );
      expect(
        errorOf(() =>
          e.process(ev('z', {}, opts({ '*stsProfileIDs': ['A'], '*stsProfileIgnoreFilters': 'test' }))),
        ),
      ).toBe('strconv.ParseBool: parsing "test": invalid syntax');
    });

    it('checks ActivationInterval against the event Time, else the engine clock (deviation 4)', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'SQ',
        ActivationInterval: { ActivationTime: new Date(T0 + 60_000).toISOString() },
        Metrics: [{ MetricID: '*sum#1' }],
      });
      expect(errorOf(() => e.process(ev('a', {})))).toBe('NOT_FOUND');
      expect(e.process(ev('b', {}, { Time: new Date(T0 + 120_000).toISOString() }))).toEqual(['SQ']);
      e.clock.advanceMs(120_000);
      expect(e.process(ev('c', {}))).toEqual(['SQ']);
    });
  });

  describe('matching shortcuts', () => {
    it('evaluates the filters of explicit *stsProfileIDs even after the index proved them for another event', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'A',
        FilterIDs: ['*string:~*req.Account:1001'],
        Metrics: [{ MetricID: '*sum#1' }],
      });
      expect(e.stats.queuesForEvent(ev('x', { Account: '1001' }))).toEqual(['A']);
      expect(
        errorOf(() =>
          e.stats.queuesForEvent(ev('y', { Account: '1002' }, { APIOpts: { '*stsProfileIDs': ['A'] } })),
        ),
      ).toBe('NOT_FOUND');
    });

    it('raises FilterS errors of candidates as before: unknown stored filters, in FilterIDs order', () => {
      const e = statEngine();
      e.stats.restoreProfile({ ID: 'R', FilterIDs: ['*string:~*req.A:1', 'F_LATER'], Metrics: [] });
      // The first filter fails first: no error, as FilterS.Pass.
      expect(errorOf(() => e.stats.queuesForEvent(ev('x', { A: '2' })))).toBe('NOT_FOUND');
      expect(errorOf(() => e.stats.queuesForEvent(ev('y', { A: '1' })))).toBe('NOT_FOUND:F_LATER');
      e.filters.setFilter({
        Tenant: 'cgrates.org',
        ID: 'F_LATER',
        Rules: [{ Type: '*string', Element: '~*req.B', Values: ['2'] }],
        ActivationInterval: null,
      });
      expect(e.stats.queuesForEvent(ev('z', { A: '1', B: '2' }))).toEqual(['R']);
    });

    it('refuses an event whose Time does not parse, whatever its candidates', () => {
      const e = statEngine();
      e.stats.setProfile({
        ID: 'PLAIN',
        FilterIDs: ['*string:~*req.A:1'],
        Metrics: [{ MetricID: '*sum#1' }],
      });
      e.stats.setProfile({
        ID: 'TIMED',
        FilterIDs: ['*string:~*req.A:2'],
        ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z' },
        Metrics: [{ MetricID: '*sum#1' }],
      });
      expect(errorOf(() => e.stats.queuesForEvent(ev('a', { A: '1' }, { Time: 'not a time' })))).toBe(
        'Unsupported time format',
      );
      expect(errorOf(() => e.stats.queuesForEvent(ev('b', { A: '2' }, { Time: 'not a time' })))).toBe(
        'Unsupported time format',
      );
      expect(e.stats.queuesForEvent(ev('c', { A: '2' }, { Time: '2026-01-01T00:00:00Z' }))).toEqual([
        'TIMED',
      ]);
    });
  });

  describe('profile updates (spec §5.4)', () => {
    const base = {
      ID: 'SQ',
      QueueLength: 10,
      Metrics: [{ MetricID: '*sum#1' }, { MetricID: '*tcd' }],
      Stored: true,
    };

    it.each([
      ['QueueLength', { QueueLength: 20 }],
      ['TTL', { TTL: '1h' }],
      ['MinItems', { MinItems: 1 }],
      ['Stored true→false', { Stored: false }],
    ])('resets the queue when %s changes', (_name, change) => {
      const e = statEngine();
      e.stats.setProfile(base);
      e.process(ev('a', { Usage: '1s' }));
      e.stats.setProfile({ ...base, ...change });
      expect(e.stats.getQueue({ ID: 'SQ' }).SQItems).toEqual([]);
    });

    it('keeps items and untouched metrics otherwise; new and re-filtered metrics start fresh; removed ones go', () => {
      const e = statEngine();
      e.stats.setProfile(base);
      e.process(ev('a', { Usage: '1s' }));
      e.stats.setProfile({
        ...base,
        Weight: 10,
        Metrics: [
          { MetricID: '*sum#1' },
          { MetricID: '*tcd', FilterIDs: ['*exists:~*req.Usage:'] },
          { MetricID: '*tcc' },
        ],
      });
      expect(e.stats.getQueue({ ID: 'SQ' }).SQItems.map((i) => i.EventID)).toEqual(['a']);
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*sum#1': '1', '*tcd': 'N/A', '*tcc': 'N/A' });
    });
  });

  describe('StatUpdate events (spec §2.7)', () => {
    it('sends typed metric values with the thresholds options', () => {
      const sink = new RecordingSink();
      const e = statEngine({}, sink);
      e.stats.setProfile({
        ID: 'SQ',
        ThresholdIDs: ['TH1'],
        Metrics: [{ MetricID: '*tcd' }, { MetricID: '*asr' }],
      });
      e.stats.setProfile({ ID: 'NONE', ThresholdIDs: ['*none'], Metrics: [{ MetricID: '*tcd' }] });
      e.stats.setProfile({ ID: 'OPEN', Weight: -1, Metrics: [{ MetricID: '*tcd' }] });
      e.process(ev('a', { Usage: '1h' }, { APIOpts: { '*accountID': '1001' } }));
      expect(sink.events.map((x) => x.Event['StatID'])).toEqual(['SQ', 'OPEN']);
      const first = sink.events[0];
      expect(first?.Event).toEqual({
        EventType: 'StatUpdate',
        StatID: 'SQ',
        '*tcd': 3600000000000,
        '*asr': 0,
      });
      expect(first?.APIOpts).toEqual({
        '*accountID': '1001',
        '*eventType': 'StatUpdate',
        '*thdProfileIDs': ['TH1'],
      });
      expect(first?.Time).toBeNull();
      expect(sink.events[1]?.APIOpts['*thdProfileIDs']).toBeNull();
    });

    it('answers PARTIALLY_EXECUTED when ThresholdS fails, after updating the metrics', () => {
      const sink = new RecordingSink();
      const e = statEngine({}, sink);
      e.stats.setProfile({ ID: 'SQ', Metrics: [{ MetricID: '*sum#1' }] });
      sink.fail = new Error('down');
      expect(errorOf(() => e.process(ev('a', {})))).toBe('PARTIALLY_EXECUTED');
      expect(e.stats.stringMetrics({ ID: 'SQ' })).toEqual({ '*sum#1': '1' });
    });
  });

  describe('administration and reads', () => {
    it('validates profiles with the CGRateS texts and changes nothing on failure', () => {
      const e = statEngine();
      expect(errorOf(() => e.stats.setProfile({ Metrics: [] }))).toBe('MANDATORY_IE_MISSING: [ID]');
      expect(errorOf(() => e.stats.setProfile({ ID: 'SQ', Metrics: [{ MetricID: '*bogus' }] }))).toBe(
        'unsupported metric type <*bogus>',
      );
      expect(errorOf(() => e.stats.setProfile({ ID: 'SQ', FilterIDs: ['FLTR_X'] }))).toBe(
        'broken reference to filter: <FLTR_X> for item with ID: cgrates.org:SQ',
      );
      expect(errorOf(() => e.stats.setProfile({ ID: 'SQ', FilterIDs: ['*wrong:inline'] }))).toBe(
        'broken reference to filter: <*wrong:inline> for item with ID: cgrates.org:SQ',
      );
      expect(errorOf(() => e.stats.getProfile({ ID: 'SQ' }))).toBe('NOT_FOUND');
    });

    it('answers MANDATORY_IE_MISSING for empty arguments (deviation 7) and NOT_FOUND for unknown queues', () => {
      const e = statEngine();
      const reads: ((arg: unknown) => unknown)[] = [
        (arg) => e.stats.getQueue(arg),
        (arg) => e.stats.stringMetrics(arg),
        (arg) => e.stats.floatMetrics(arg),
        (arg) => e.stats.resetQueue(arg),
      ];
      for (const read of reads) {
        expect(errorOf(() => read({}))).toBe('MANDATORY_IE_MISSING: [ID]');
        expect(errorOf(() => read({ ID: 'nope' }))).toBe('NOT_FOUND');
      }
      expect(errorOf(() => e.process(undefined))).toBe('MANDATORY_IE_MISSING: [CGREvent]');
      expect(errorOf(() => e.process({ Event: {} }))).toBe('MANDATORY_IE_MISSING: [ID]');
      expect(errorOf(() => e.process({ ID: 'x' }))).toBe('MANDATORY_IE_MISSING: [Event]');
    });

    it('lists, paginates, resets and removes', () => {
      const e = statEngine();
      for (const id of ['C', 'A', 'B']) e.stats.setProfile({ ID: id, Metrics: [{ MetricID: '*sum#1' }] });
      expect(e.stats.profileIDs({})).toEqual(['A', 'B', 'C']);
      expect(e.stats.profileIDs({ Offset: 1, Limit: 1 })).toEqual(['B']);
      expect(e.stats.profileIDs({ Offset: 5 })).toEqual([]);
      expect(errorOf(() => e.stats.profileIDs({ Tenant: 'empty' }))).toBe('NOT_FOUND');
      expect(e.stats.queueIDs('empty')).toEqual([]);
      e.process(ev('x', {}));
      e.stats.resetQueue({ ID: 'A' });
      expect(e.stats.stringMetrics({ ID: 'A' })).toEqual({ '*sum#1': '0' });
      e.stats.removeProfile({ ID: 'A' });
      expect(errorOf(() => e.stats.getQueue({ ID: 'A' }))).toBe('NOT_FOUND');
      expect(errorOf(() => e.stats.removeProfile({ ID: 'A' }))).toBe('NOT_FOUND');
      expect(e.stats.queueIDs(undefined).sort()).toEqual(['B', 'C']);
    });

    it('marks only tracked queues for the store, and reset queues always', () => {
      const e = statEngine();
      e.stats.setProfile({ ID: 'KEEP', Stored: true, Metrics: [{ MetricID: '*sum#1' }] });
      e.stats.setProfile({ ID: 'VOLATILE', Metrics: [{ MetricID: '*sum#1' }] });
      e.persisted.length = 0;
      e.process(ev('x', {}));
      e.process(ev('y', {}));
      expect(e.persisted.map((p) => `${p.kind}:${p.id}`)).toEqual(['stat_queue:KEEP', 'stat_queue:KEEP']);
      e.persisted.length = 0;
      e.stats.resetQueue({ ID: 'VOLATILE' });
      expect(e.persisted.map((p) => `${p.kind}:${p.id}`)).toEqual(['stat_queue:VOLATILE']);
    });

    it('restores a stored queue so it answers the same metrics', () => {
      const a = statEngine();
      setStats1(a);
      a.process(ev('e1', { Account: '1001', AnswerTime: '2014-07-14T14:25:00Z', Usage: '10s', Cost: 1 }));
      a.process(ev('e2', { Account: '1001', Usage: '20s', Cost: 2 }));
      const b = statEngine({}, undefined, a.clock);
      b.filters.setFilter(a.filters.getFilter('cgrates.org', 'FLTR_STS1')!);
      b.stats.restoreProfile(a.stats.snapshot('stat_profile', 'cgrates.org', 'Stats1'));
      const stored = JSON.parse(JSON.stringify(a.stats.getQueue({ ID: 'Stats1' }))) as StatQueueJSON;
      expect(b.stats.restoreQueue(stored)).toBe(true);
      expect(b.stats.stringMetrics({ ID: 'Stats1' })).toEqual(a.stats.stringMetrics({ ID: 'Stats1' }));
      expect(b.stats.getQueue({ ID: 'Stats1' })).toEqual(a.stats.getQueue({ ID: 'Stats1' }));
    });
  });
});
