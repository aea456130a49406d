import { applyTariffPlan, emptyTariffPlan, readTariffPlan } from '../../../src/tariffplan';
import type { TariffPlan } from '../../../src/tariffplan';
import { CGRError } from '../../../src/util/cgr-error';
import { RecordingSink } from './recording-sink';
import { fixture } from './tp-paths';

const OPTS = { timezone: 'UTC', nowMs: Date.UTC(2026, 0, 1) };

async function validSmall(): Promise<TariffPlan> {
  const r = await readTariffPlan(fixture('valid-small'), OPTS);
  expect(r.errors).toEqual([]);
  return r.plan;
}

describe('applyTariffPlan', () => {
  it('applies in dependency order: destinations, filters, actions, stats, thresholds', async () => {
    const sink = new RecordingSink();
    const report = await applyTariffPlan(await validSmall(), sink, { partial: false });
    expect(sink.applied).toEqual([
      'setDestination DST_A',
      'setDestination DST_B',
      'setFilter cgrates.org:FLTR_A',
      'setFilter cgrates.org:FLTR_B',
      'setFilter cgrates.org:FLTR_DST',
      'setFilter tenant2.org:FLTR_A',
      'setActions ACT_LOG',
      'setActions ACT_RESET',
      'setStatQueueProfile cgrates.org:STS_A',
      'setStatQueueProfile cgrates.org:STS_B',
      'setThresholdProfile cgrates.org:TH_A',
      'setThresholdProfile cgrates.org:TH_B',
    ]);
    expect(report).toEqual({
      applied: { destinations: 2, filters: 4, actions: 2, stats: 2, thresholds: 2 },
      failed: [],
      notAttempted: 0,
    });
  });

  it('passes the wire objects unchanged (what the Set APIs take)', async () => {
    const plan = await validSmall();
    const sink = new RecordingSink();
    await applyTariffPlan(plan, sink, { partial: false });
    const stats = sink.calls.filter((c) => c.op === 'setStatQueueProfile').map((c) => c.arg);
    expect(stats).toEqual(plan.stats);
    expect(JSON.parse(JSON.stringify(plan.stats[1]))).toEqual(plan.stats[1]);
  });

  it('stops at the first refused item unless partial', async () => {
    const refuseFLTR_B = new RecordingSink((c) =>
      c.op === 'setFilter' && c.arg.ID === 'FLTR_B' ? 'SERVER_ERROR: disk full' : undefined,
    );
    const report = await applyTariffPlan(await validSmall(), refuseFLTR_B, { partial: false });
    expect(refuseFLTR_B.applied).toEqual([
      'setDestination DST_A',
      'setDestination DST_B',
      'setFilter cgrates.org:FLTR_A',
    ]);
    expect(report.failed).toEqual([
      { kind: 'filters', key: 'cgrates.org:FLTR_B', message: 'SERVER_ERROR: disk full' },
    ]);
    expect(report.notAttempted).toBe(8);
  });

  it('partial: goes on past refused items (sync throws and async rejections) and reports each', async () => {
    const sink = new RecordingSink((c) => {
      if (c.op === 'setFilter' && c.arg.ID === 'FLTR_B') return 'refused filter';
      if (c.op === 'setStatQueueProfile' && c.arg.ID === 'STS_A') return 'refused queue';
      return undefined;
    });
    const report = await applyTariffPlan(await validSmall(), sink, { partial: true });
    expect(report.failed).toEqual([
      { kind: 'filters', key: 'cgrates.org:FLTR_B', message: 'refused filter' },
      { kind: 'stats', key: 'cgrates.org:STS_A', message: 'refused queue' },
    ]);
    expect(report.applied).toEqual({ destinations: 2, filters: 3, actions: 2, stats: 1, thresholds: 2 });
    expect(report.notAttempted).toBe(0);
  });

  it('reports a CGRError message verbatim', async () => {
    const plan = emptyTariffPlan();
    plan.destinations.push({ ID: 'D', Prefixes: ['1'] });
    const report = await applyTariffPlan(
      plan,
      {
        setDestination: () => {
          throw new CGRError('NOT_IMPLEMENTED:destinations');
        },
        setFilter: () => undefined,
        setActions: () => undefined,
        setStatQueueProfile: () => undefined,
        setThresholdProfile: () => undefined,
      },
      { partial: false },
    );
    expect(report.failed).toEqual([
      { kind: 'destinations', key: 'D', message: 'NOT_IMPLEMENTED:destinations' },
    ]);
  });
});
