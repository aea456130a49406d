import { applyTariffPlanOverRpc } from '../../../src/cli/apply-tariff-plan-over-rpc';
import type { RpcCaller } from '../../../src/cli/apply-tariff-plan-over-rpc';
import { RpcTransportError, TransportFailure } from '../../../src/rpc/json-rpc-client';
import { emptyTariffPlan } from '../../../src/tariffplan';
import type { TariffPlan, TpStatQueueProfileJSON } from '../../../src/tariffplan';
import { CGRError } from '../../../src/util/cgr-error';

interface Pending {
  readonly method: string;
  readonly arg: unknown;
  settle(error?: Error): void;
}

/** A caller whose calls stay pending until the test settles them (or that settles them at once). */
class FakeCaller implements RpcCaller {
  readonly pending: Pending[] = [];
  readonly log: string[] = [];
  maxInFlight = 0;
  private inFlight = 0;

  private readonly auto: ((method: string, arg: unknown) => Error | undefined) | undefined;

  constructor(auto?: (method: string, arg: unknown) => Error | undefined) {
    this.auto = auto;
  }

  call(method: string, arg: unknown): Promise<unknown> {
    this.log.push(`${method} ${idOf(arg)}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        this.inFlight--;
        if (error === undefined) resolve('OK');
        else reject(error);
      };
      if (this.auto !== undefined) {
        const error = this.auto(method, arg);
        queueMicrotask(() => settle(error));
      } else {
        this.pending.push({ method, arg, settle });
      }
    });
  }

  /** Settles every pending call (successfully) and waits for the apply to react. */
  async settleAll(): Promise<void> {
    for (const p of this.pending.splice(0)) p.settle();
    await new Promise((r) => setImmediate(r));
  }
}

function idOf(arg: unknown): string {
  if (typeof arg !== 'object' || arg === null) return String(arg);
  const a = arg as Record<string, unknown>;
  return String(a['ID'] ?? a['Id'] ?? a['ActionsId']);
}

function stat(id: string): TpStatQueueProfileJSON {
  return {
    Tenant: 'cgrates.org',
    ID: id,
    FilterIDs: ['FLTR_1'],
    ActivationInterval: null,
    QueueLength: 10,
    TTL: 0,
    MinItems: 0,
    Metrics: [{ MetricID: '*asr', FilterIDs: null }],
    Stored: false,
    Blocker: false,
    Weight: 0,
    ThresholdIDs: [],
  };
}

function plan(stats = 3): TariffPlan {
  const p = emptyTariffPlan();
  p.destinations.push({ ID: 'DST_1', Prefixes: ['10', '20'] });
  p.filters.push({ Tenant: 'cgrates.org', ID: 'FLTR_1', Rules: [], ActivationInterval: null });
  p.filters.push({ Tenant: 'cgrates.org', ID: 'FLTR_2', Rules: [], ActivationInterval: null });
  const action = {
    Identifier: '*topup_reset',
    BalanceId: '',
    BalanceUuid: '',
    BalanceType: '*voice',
    Units: '90s',
    ExpiryTime: '*unlimited',
    Filters: '',
    TimingTags: '',
    DestinationIds: '*any',
    RatingSubject: '',
    Categories: '',
    SharedGroups: '',
    BalanceWeight: '',
    ExtraParameters: '',
    BalanceBlocker: 'false',
    BalanceDisabled: 'false',
    Weight: 10,
  };
  p.actions.push({
    ActionsId: 'ACT_1',
    Overwrite: true,
    Actions: [action, { ...action, BalanceType: '*monetary', Units: '2.5', BalanceWeight: '20' }],
  });
  for (let i = 0; i < stats; i++) p.stats.push(stat(`SQ_${i}`));
  return p;
}

describe('applyTariffPlanOverRpc', () => {
  it('calls the APIerSv1 Set methods with their wire argument shapes', async () => {
    const caller = new FakeCaller(() => undefined);
    const report = await applyTariffPlanOverRpc(plan(1), caller, { partial: false, window: 10 });
    expect(report).toEqual({
      applied: { destinations: 1, filters: 2, actions: 1, stats: 1, thresholds: 0 },
      failed: [],
      notAttempted: 0,
    });
    expect(caller.log).toEqual([
      'APIerSv1.SetDestination DST_1',
      'APIerSv1.SetFilter FLTR_1',
      'APIerSv1.SetFilter FLTR_2',
      'APIerSv1.SetActions ACT_1',
      'APIerSv1.SetStatQueueProfile SQ_0',
    ]);
  });

  it('sends AttrSetDestination with Overwrite, and V1TPAction numbers (a *voice duration in ns)', async () => {
    const args: Record<string, unknown> = {};
    const caller = new FakeCaller((method, arg) => {
      args[method] = arg;
      return undefined;
    });
    await applyTariffPlanOverRpc(plan(0), caller, { partial: false, window: 10 });
    expect(args['APIerSv1.SetDestination']).toEqual({ Id: 'DST_1', Prefixes: ['10', '20'], Overwrite: true });
    const set = args['APIerSv1.SetActions'] as { Overwrite: boolean; Actions: Record<string, unknown>[] };
    expect(set.Overwrite).toBe(true);
    expect(set.Actions.map((a) => [a['Units'], a['BalanceWeight'], a['Weight']])).toEqual([
      [90_000_000_000, null, 10],
      [2.5, 20, 10],
    ]);
  });

  it('keeps at most `window` calls in flight, and starts a kind only when the previous one has settled', async () => {
    const caller = new FakeCaller();
    const done = applyTariffPlanOverRpc(plan(5), caller, { partial: false, window: 2 });
    await new Promise((r) => setImmediate(r));
    expect(caller.log).toEqual(['APIerSv1.SetDestination DST_1']);
    await caller.settleAll();
    expect(caller.log.slice(1)).toEqual(['APIerSv1.SetFilter FLTR_1', 'APIerSv1.SetFilter FLTR_2']);
    await caller.settleAll(); // filters → actions
    await caller.settleAll(); // actions → first stats
    expect(caller.pending.map((p) => idOf(p.arg))).toEqual(['SQ_0', 'SQ_1']);
    while (caller.pending.length > 0) await caller.settleAll();
    expect((await done).applied.stats).toBe(5);
    expect(caller.maxInFlight).toBe(2);
  });

  it('stops starting calls at the first refusal unless partial, and counts what was never attempted', async () => {
    const refuseSQ1 = (_m: string, arg: unknown): Error | undefined =>
      idOf(arg) === 'SQ_1' ? new CGRError('SERVER_ERROR: broken reference to filter: <FLTR_9>') : undefined;
    const strict = await applyTariffPlanOverRpc(plan(6), new FakeCaller(refuseSQ1), {
      partial: false,
      window: 1,
    });
    expect(strict.failed).toEqual([
      {
        kind: 'stats',
        key: 'cgrates.org:SQ_1',
        message: 'SERVER_ERROR: broken reference to filter: <FLTR_9>',
      },
    ]);
    expect(strict.applied.stats).toBe(1);
    expect(strict.notAttempted).toBe(4);

    const partial = await applyTariffPlanOverRpc(plan(6), new FakeCaller(refuseSQ1), {
      partial: true,
      window: 1,
    });
    expect(partial.failed).toHaveLength(1);
    expect(partial.applied.stats).toBe(5);
    expect(partial.notAttempted).toBe(0);
  });

  it('stops even a partial apply when the engine cannot be reached', async () => {
    const down = new FakeCaller(
      () => new RpcTransportError(TransportFailure.DISCONNECTED, 'connect ECONNREFUSED'),
    );
    const report = await applyTariffPlanOverRpc(plan(3), down, { partial: true, window: 1 });
    expect(report.failed).toEqual([
      { kind: 'destinations', key: 'DST_1', message: 'DISCONNECTED: connect ECONNREFUSED' },
    ]);
    expect(report.notAttempted).toBe(6);
  });

  it('reports progress per kind', async () => {
    const seen: string[] = [];
    await applyTariffPlanOverRpc(plan(2), new FakeCaller(() => undefined), {
      partial: false,
      window: 10,
      onProgress: (kind, done, total) => seen.push(`${kind} ${done}/${total}`),
    });
    expect(seen).toEqual([
      'destinations 1/1',
      'filters 1/2',
      'filters 2/2',
      'actions 1/1',
      'stats 1/2',
      'stats 2/2',
    ]);
  });
});
