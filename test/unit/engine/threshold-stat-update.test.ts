import type { CGREvent } from '../../../src/engine/cgr-event';
import { InternalThresholdSink } from '../../../src/engine/internal-threshold-sink';
import { FakeClock } from '../../helpers/fake-clock';
import { statEngine } from '../../helpers/stat-engine';
import type { StatEngine } from '../../helpers/stat-engine';
import { errorOf, thresholdEngine } from '../../helpers/threshold-engine';
import type { ThresholdEngine } from '../../helpers/threshold-engine';

interface Wired {
  stats: StatEngine;
  th: ThresholdEngine;
  delivered: CGREvent[];
}

/** StatS → InternalThresholdSink → ThresholdS, on one fake clock; every StatUpdate event is recorded. */
function wired(): Wired {
  const clock = new FakeClock();
  const th = thresholdEngine({ clock });
  const delivered: CGREvent[] = [];
  const real = th.thresholds.processCGREvent.bind(th.thresholds);
  jest.spyOn(th.thresholds, 'processCGREvent').mockImplementation((ev) => {
    delivered.push(ev);
    return real(ev);
  });
  const stats = statEngine({}, new InternalThresholdSink(th.thresholds), clock);
  return { stats, th, delivered };
}

function call(
  id: string,
  event: Record<string, unknown>,
  opts?: Record<string, unknown>,
): Record<string, unknown> {
  return { Tenant: 'cgrates.org', ID: id, Event: event, ...(opts === undefined ? {} : { APIOpts: opts }) };
}

describe('StatUpdate events through the in-process sink', () => {
  it('carry typed metric values: durations in ns, N/A as -1', () => {
    const w = wired();
    w.stats.stats.setProfile({
      ID: 'SQ1',
      QueueLength: 10,
      MinItems: 2,
      Metrics: [{ MetricID: '*asr' }, { MetricID: '*acd' }, { MetricID: '*tcc' }],
      ThresholdIDs: ['TH1'],
    });
    expect(
      w.stats.stats.processEvent(call('ev1', { AnswerTime: '2026-01-01T11:00:00Z', Usage: '1m', Cost: 2 })),
    ).toEqual(['SQ1']);
    w.stats.clock.advanceMs(1);
    expect(
      w.stats.stats.processEvent(
        call(
          'ev2',
          { AnswerTime: '2026-01-01T11:00:00Z', Usage: 90_000_000_000, Cost: 1.5 },
          { '*accountID': '1001' },
        ),
      ),
    ).toEqual(['SQ1']);
    expect(w.delivered).toHaveLength(2);
    const [first, second] = w.delivered as [CGREvent, CGREvent];
    expect(first).toEqual({
      Tenant: 'cgrates.org',
      ID: expect.any(String) as string,
      Time: null,
      Event: { EventType: 'StatUpdate', StatID: 'SQ1', '*asr': -1, '*acd': -1, '*tcc': -1 },
      APIOpts: { '*eventType': 'StatUpdate', '*thdProfileIDs': ['TH1'] },
    });
    expect(second.Event).toEqual({
      EventType: 'StatUpdate',
      StatID: 'SQ1',
      '*asr': 100,
      '*acd': 75_000_000_000,
      '*tcc': 3.5,
    });
    // the caller's options travel along (the fraud example relies on *accountID)
    expect(second.APIOpts).toEqual({
      '*accountID': '1001',
      '*eventType': 'StatUpdate',
      '*thdProfileIDs': ['TH1'],
    });
  });

  it('ignores NOT_FOUND from ThresholdS and skips queues with ThresholdIDs *none', () => {
    const w = wired();
    w.stats.stats.setProfile({
      ID: 'SQ_NONE',
      QueueLength: 10,
      Metrics: [{ MetricID: '*tcc' }],
      ThresholdIDs: ['*none'],
    });
    w.stats.stats.setProfile({ ID: 'SQ_ANY', QueueLength: 10, Metrics: [{ MetricID: '*tcc' }] });
    expect(w.stats.stats.processEvent(call('ev1', { Cost: 1 }))).toEqual(['SQ_ANY', 'SQ_NONE']);
    expect(w.delivered.map((e) => e.Event['StatID'])).toEqual(['SQ_ANY']);
    expect(w.delivered[0]?.APIOpts['*thdProfileIDs']).toBeNull();
  });

  it('lets a threshold on a metric fire (filters address ~*req.<metricID>)', () => {
    const w = wired();
    w.th.actions.setActions({ ActionsId: 'ACT_LOG', Actions: [{ Identifier: '*log' }] });
    w.th.thresholds.setProfile({
      ID: 'THD_Stat',
      FilterIDs: [
        '*string:~*req.EventType:StatUpdate',
        '*string:~*req.StatID:SQ1',
        '*exists:~*req.*tcd:',
        '*gte:~*req.*tcd:1s',
      ],
      MaxHits: -1,
      MinSleep: '5m',
      Weight: 20,
      ActionIDs: ['ACT_LOG'],
      Async: true,
    });
    w.stats.stats.setProfile({ ID: 'SQ1', QueueLength: 10, TTL: '1s', Metrics: [{ MetricID: '*tcd' }] });
    expect(w.stats.stats.processEvent(call('ev1', { Usage: '45s' }))).toEqual(['SQ1']);
    expect(w.th.thresholds.getThreshold({ ID: 'THD_Stat' })['Hits']).toBe(1);
    expect(w.th.log.matching('LOG ExtraData:')).toHaveLength(1);
  });

  it('makes StatS answer PARTIALLY_EXECUTED when a synchronous action set is missing, after updating the metrics', () => {
    const w = wired();
    w.th.thresholds.setProfile({
      ID: 'TH1',
      FilterIDs: ['*string:~*req.StatID:SQ1'],
      MaxHits: -1,
      ActionIDs: ['ACT_MISSING'],
    });
    w.stats.stats.setProfile({ ID: 'SQ1', QueueLength: 10, Metrics: [{ MetricID: '*tcc' }] });
    expect(errorOf(() => w.stats.stats.processEvent(call('ev1', { Cost: 4 })))).toBe('PARTIALLY_EXECUTED');
    expect(w.stats.stats.floatMetrics({ ID: 'SQ1' })).toEqual({ '*tcc': 4 });
    expect(w.th.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(1);
  });

  it('resets a stat queue from a threshold action (*reset_stat_queue)', () => {
    const clock = new FakeClock();
    const th = thresholdEngine({
      clock,
      resetStatQueue: (tenant, id) => stats.stats.resetQueueByID(tenant, id),
    });
    const stats = statEngine({}, new InternalThresholdSink(th.thresholds), clock);
    th.actions.setActions({
      ActionsId: 'ACT_RESET',
      Actions: [{ Identifier: '*reset_stat_queue', ExtraParameters: 'cgrates.org:SQ1' }],
    });
    th.thresholds.setProfile({
      ID: 'TH_RESET',
      FilterIDs: ['*gte:~*req.*tcc:10'],
      MaxHits: -1,
      ActionIDs: ['ACT_RESET'],
    });
    stats.stats.setProfile({ ID: 'SQ1', QueueLength: 10, Metrics: [{ MetricID: '*tcc' }] });
    expect(stats.stats.processEvent(call('ev1', { Cost: 6 }))).toEqual(['SQ1']);
    expect(stats.stats.floatMetrics({ ID: 'SQ1' })).toEqual({ '*tcc': 6 });
    expect(stats.stats.processEvent(call('ev2', { Cost: 6 }))).toEqual(['SQ1']);
    // *tcc reached 12 >= 10: the threshold reset the queue
    expect(stats.stats.floatMetrics({ ID: 'SQ1' })).toEqual({ '*tcc': -1 });
    expect(th.thresholds.getThreshold({ ID: 'TH_RESET' })['Hits']).toBe(1);
  });
});
