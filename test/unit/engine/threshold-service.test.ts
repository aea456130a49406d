import { StoreKind } from '../../../src/store/data-store';
import { FakeActionIO, errorOf, thresholdEngine } from '../../helpers/threshold-engine';
import type { ThresholdEngine } from '../../helpers/threshold-engine';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const MIN_NS = 60_000_000_000;

function ev(
  id: string,
  event: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { Tenant: 'cgrates.org', ID: id, Event: event, ...extra };
}

/** An action set whose runs are counted in `e.statResets` (a *reset_stat_queue on a fake target). */
function setCounter(e: ThresholdEngine, id = 'ACT_COUNT'): void {
  e.actions.setActions({
    ActionsId: id,
    Actions: [{ Identifier: '*reset_stat_queue', ExtraParameters: `cgrates.org:${id}` }],
  });
}

function runs(e: ThresholdEngine, id = 'ACT_COUNT'): number {
  return e.statResets.filter((r) => r.id === id).length;
}

function setTH(e: ThresholdEngine, fields: Record<string, unknown>): void {
  e.thresholds.setProfile({
    Tenant: 'cgrates.org',
    FilterIDs: ['*string:~*req.Account:1001'],
    MaxHits: -1,
    MinHits: 0,
    MinSleep: 0,
    ActionIDs: ['ACT_COUNT'],
    ...fields,
  });
}

function process(
  e: ThresholdEngine,
  id: string,
  event: Record<string, unknown> = { Account: '1001' },
): unknown {
  return e.thresholds.processEvent(ev(id, event));
}

describe('ThresholdService', () => {
  describe('profiles', () => {
    it('requires an ID and fills the default tenant', () => {
      const e = thresholdEngine();
      expect(errorOf(() => e.thresholds.setProfile({}))).toBe('MANDATORY_IE_MISSING: [ID]');
      e.thresholds.setProfile({ ID: 'TH1', MinSleep: '5m', ActionIDs: ['A'] });
      expect(e.thresholds.getProfile({ ID: 'TH1' })).toEqual({
        Tenant: 'cgrates.org',
        ID: 'TH1',
        FilterIDs: null,
        ActivationInterval: null,
        MaxHits: 0,
        MinHits: 0,
        MinSleep: 5 * MIN_NS,
        Blocker: false,
        Weight: 0,
        ActionIDs: ['A'],
        Async: false,
        EeIDs: null,
      });
    });

    it('keeps the ProfileJSON example of the spec as sent', () => {
      const e = thresholdEngine();
      const profile = {
        Tenant: 'cgrates.org',
        ID: 'THD_Test',
        FilterIDs: ['*string:~*req.Account:1001'],
        ActivationInterval: { ActivationTime: '2014-07-14T14:35:00Z', ExpiryTime: '2014-07-14T14:35:00Z' },
        MaxHits: -1,
        MinHits: 0,
        MinSleep: 300000000000,
        Blocker: false,
        Weight: 20,
        ActionIDs: ['ACT_1'],
        Async: true,
        EeIDs: null,
      };
      e.thresholds.setProfile(profile);
      expect(e.thresholds.getProfile({ Tenant: 'cgrates.org', ID: 'THD_Test' })).toEqual(profile);
    });

    it('refuses a reference to a missing stored filter', () => {
      const e = thresholdEngine();
      expect(errorOf(() => e.thresholds.setProfile({ ID: 'TH1', FilterIDs: ['FLTR_X'] }))).toBe(
        'broken reference to filter: <FLTR_X> for item with ID: cgrates.org:TH1',
      );
      expect(errorOf(() => e.thresholds.getProfile({ ID: 'TH1' }))).toBe('NOT_FOUND');
    });

    it('creates the state with the profile, zero hits and the zero Snooze', () => {
      const e = thresholdEngine();
      setTH(e, { ID: 'TH1' });
      expect(e.thresholds.getThreshold({ ID: 'TH1' })).toEqual({
        Tenant: 'cgrates.org',
        ID: 'TH1',
        Hits: 0,
        Snooze: ZERO_TIME,
      });
      expect(e.persisted).toEqual([
        { kind: StoreKind.THRESHOLD_PROFILE, tenant: 'cgrates.org', id: 'TH1' },
        { kind: StoreKind.THRESHOLD, tenant: 'cgrates.org', id: 'TH1' },
      ]);
    });

    it('lists, paginates, counts and removes', () => {
      const e = thresholdEngine();
      expect(errorOf(() => e.thresholds.profileIDs({}))).toBe('NOT_FOUND');
      expect(errorOf(() => e.thresholds.profileCount(''))).toBe('NOT_FOUND');
      expect(e.thresholds.thresholdIDs('')).toEqual([]);
      for (const id of ['TH3', 'TH1', 'TH2']) setTH(e, { ID: id });
      expect(e.thresholds.profileIDs({})).toEqual(['TH1', 'TH2', 'TH3']);
      expect(e.thresholds.profileIDs({ Offset: 1, Limit: 1 })).toEqual(['TH2']);
      expect(e.thresholds.profileIDs({ Search: 'thp_cgrates.org:TH3' })).toEqual(['TH3']);
      expect(e.thresholds.profileCount('cgrates.org')).toBe(3);
      expect(e.thresholds.thresholdIDs('cgrates.org').sort()).toEqual(['TH1', 'TH2', 'TH3']);

      e.persisted.length = 0;
      e.thresholds.removeProfile({ ID: 'TH2' });
      expect(e.persisted).toEqual([
        { kind: StoreKind.THRESHOLD_PROFILE, tenant: 'cgrates.org', id: 'TH2' },
        { kind: StoreKind.THRESHOLD, tenant: 'cgrates.org', id: 'TH2' },
      ]);
      expect(errorOf(() => e.thresholds.getThreshold({ ID: 'TH2' }))).toBe('NOT_FOUND');
      expect(errorOf(() => e.thresholds.removeProfile({ ID: 'TH2' }))).toBe('NOT_FOUND');
      expect(e.thresholds.snapshot(StoreKind.THRESHOLD, 'cgrates.org', 'TH2')).toBeUndefined();
      setCounter(e);
      // the index no longer holds TH2: only the other two are hit
      expect(process(e, 'e1')).toEqual(['TH1', 'TH3']);
    });

    it('answers an empty argument with MANDATORY_IE_MISSING (deviation 7)', () => {
      const e = thresholdEngine();
      for (const call of [
        () => e.thresholds.getThreshold({}),
        () => e.thresholds.resetThreshold(undefined),
        () => e.thresholds.getProfile({}),
        () => e.thresholds.removeProfile(null),
      ]) {
        expect(errorOf(call)).toBe('MANDATORY_IE_MISSING: [ID]');
      }
    });
  });

  describe('processEvent', () => {
    it('validates the CGREvent in CGRateS order', () => {
      const e = thresholdEngine();
      expect(errorOf(() => e.thresholds.processEvent(null))).toBe('MANDATORY_IE_MISSING: [CGREvent]');
      expect(errorOf(() => e.thresholds.processEvent({ Event: {} }))).toBe('MANDATORY_IE_MISSING: [ID]');
      expect(errorOf(() => e.thresholds.processEvent({ ID: 'x' }))).toBe('MANDATORY_IE_MISSING: [Event]');
      expect(errorOf(() => e.thresholds.processEvent({ ID: 'x', Event: {} }))).toBe('NOT_FOUND');
    });

    it('is NOT_FOUND when nothing matches and passes filter errors through', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1' });
      expect(errorOf(() => process(e, 'e1', { Account: '1002' }))).toBe('NOT_FOUND');
      // a profile restored from the store before its filter: the reference dangles at run time
      e.thresholds.restoreProfile({ ID: 'TH_F', FilterIDs: ['F'], MaxHits: -1 });
      expect(errorOf(() => process(e, 'e2'))).toBe('NOT_FOUND:F');
    });

    it.each([
      // [MaxHits, MinHits, events, replies of each event, action runs, final Hits]
      ['unlimited', -1, 0, 4, [['TH1'], ['TH1'], ['TH1'], ['TH1']], 4, 4],
      ['MaxHits 0 never processes', 0, 0, 2, [[], []], 0, 0],
      ['MaxHits 2 stops after two', 2, 0, 4, [['TH1'], ['TH1'], [], []], 2, 2],
      ['MinHits 3 waits for the third hit', -1, 3, 4, [['TH1'], ['TH1'], ['TH1'], ['TH1']], 2, 4],
      ['MinHits above MaxHits never runs actions', 2, 3, 3, [['TH1'], ['TH1'], []], 0, 2],
    ])('%s', (_name, maxHits, minHits, events, replies, actionRuns, finalHits) => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', MaxHits: maxHits, MinHits: minHits });
      const got = [];
      for (let i = 0; i < events; i++) {
        got.push(process(e, `e${i}`));
        e.clock.advanceMs(1);
      }
      expect(got).toEqual(replies);
      expect(runs(e)).toBe(actionRuns);
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(finalHits);
    });

    it('keeps a MaxHits-exhausted threshold visible and re-arms it on reset', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', MaxHits: 1 });
      expect(process(e, 'e1')).toEqual(['TH1']);
      expect(process(e, 'e2')).toEqual([]);
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(1);
      expect(e.thresholds.thresholdsForEvent(ev('e3', { Account: '1001' }))).toEqual([
        { Tenant: 'cgrates.org', ID: 'TH1', Hits: 1, Snooze: expect.any(String) as string },
      ]);
      e.thresholds.resetThreshold({ ID: 'TH1' });
      expect(e.thresholds.getThreshold({ ID: 'TH1' })).toEqual({
        Tenant: 'cgrates.org',
        ID: 'TH1',
        Hits: 0,
        Snooze: ZERO_TIME,
      });
      expect(process(e, 'e4')).toEqual(['TH1']);
      expect(runs(e)).toBe(2);
    });

    it('snoozes actions for MinSleep but still counts hits', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', MinSleep: '10s' });
      const t0 = e.clock.nowMs();
      expect(process(e, 'e1')).toEqual(['TH1']);
      expect(runs(e)).toBe(1);
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Snooze']).toBe(
        new Date(t0 + 10_000).toISOString().replace('.000Z', 'Z'),
      );
      e.clock.advanceMs(5_000);
      expect(process(e, 'e2')).toEqual(['TH1']);
      e.clock.advanceMs(5_000); // exactly at Snooze: still snoozed (strict "after")
      expect(process(e, 'e3')).toEqual(['TH1']);
      expect(runs(e)).toBe(1);
      e.clock.advanceMs(1);
      expect(process(e, 'e4')).toEqual(['TH1']);
      expect(runs(e)).toBe(2);
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(4);
    });

    it('orders by Weight (ties by ID) and stops after the first Blocker', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'FIRST', Weight: 30 });
      setTH(e, { ID: 'SECOND', Weight: 40 });
      setTH(e, { ID: 'THIRD', Weight: 30 });
      setTH(e, { ID: 'FOURTH', Weight: 35 });
      expect(process(e, 'e1')).toEqual(['SECOND', 'FOURTH', 'FIRST', 'THIRD']);
      setTH(e, { ID: 'FOURTH', Weight: 35, Blocker: true });
      expect(process(e, 'e2')).toEqual(['SECOND', 'FOURTH']);
      expect(e.thresholds.getThreshold({ ID: 'FIRST' })['Hits']).toBe(1);
    });

    it('resets the state when MaxHits, MinHits or MinSleep change, and only then', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH4', MinSleep: 10 * MIN_NS });
      process(e, 'e1');
      process(e, 'e2');
      setTH(e, { ID: 'TH4', MinSleep: 10 * MIN_NS, Weight: 50 });
      expect(e.thresholds.getThreshold({ ID: 'TH4' })['Hits']).toBe(2);
      setTH(e, { ID: 'TH4', MinSleep: '5m', Weight: 50 });
      expect(e.thresholds.getThreshold({ ID: 'TH4' })).toEqual({
        Tenant: 'cgrates.org',
        ID: 'TH4',
        Hits: 0,
        Snooze: ZERO_TIME,
      });
      process(e, 'e3');
      setTH(e, { ID: 'TH4', MinSleep: '5m', Weight: 50, MinHits: 1 });
      expect(e.thresholds.getThreshold({ ID: 'TH4' })['Hits']).toBe(0);
      process(e, 'e4');
      setTH(e, { ID: 'TH4', MinSleep: '5m', Weight: 50, MinHits: 1, MaxHits: 10 });
      expect(e.thresholds.getThreshold({ ID: 'TH4' })['Hits']).toBe(0);
    });

    it('reaches a threshold with only a non-indexable filter through *thdProfileIDs (fraud detection)', () => {
      const e = thresholdEngine();
      e.actions.setActions({ ActionsId: 'ACT_FRD_LOG', Actions: [{ Identifier: '*log' }] });
      // Thresholds.csv: cgrates.org,THD_FRD,*gte:~*req.*tcc:2,,-1,1,0,false,0,ACT_FRD_STOP;ACT_FRD_LOG,true,
      e.thresholds.setProfile({
        ID: 'THD_FRD',
        FilterIDs: ['*gte:~*req.*tcc:2'],
        MaxHits: -1,
        MinHits: 1,
        ActionIDs: ['ACT_FRD_LOG'],
        Async: true,
      });
      const statUpdate = (id: string, tcc: number, opts: Record<string, unknown>): unknown =>
        e.thresholds.processEvent(
          ev(
            id,
            { EventType: 'StatUpdate', StatID: 'STATS_FRD', '*tcc': tcc },
            { APIOpts: { '*eventType': 'StatUpdate', ...opts } },
          ),
        );
      expect(errorOf(() => statUpdate('e1', 1, { '*thdProfileIDs': ['THD_FRD'] }))).toBe('NOT_FOUND');
      expect(statUpdate('e2', 2, { '*thdProfileIDs': ['THD_FRD'] })).toEqual(['THD_FRD']);
      expect(
        statUpdate('e3', 1, { '*thdProfileIDs': ['THD_FRD'], '*thdProfileIgnoreFilters': true }),
      ).toEqual(['THD_FRD']);
      // deviation 1: the index never hides it, even without explicit IDs
      expect(statUpdate('e4', 3, {})).toEqual(['THD_FRD']);
      // *thdProfileIgnoreFilters applies only with explicit IDs
      expect(errorOf(() => statUpdate('e5', 1, { '*thdProfileIgnoreFilters': true }))).toBe('NOT_FOUND');
      expect(errorOf(() => statUpdate('e6', 2, { '*thdProfileIDs': 'THD_FRD' }))).toBe(
        'cannot convert field: string to []string',
      );
      expect(e.log.matching('LOG ExtraData:')).toHaveLength(3);
    });

    it('uses the thresholds.opts defaults when the event has no options', () => {
      const e = thresholdEngine({ settings: { profileIDs: ['TH2'], profileIgnoreFilters: true } });
      setCounter(e);
      setTH(e, { ID: 'TH1' });
      setTH(e, { ID: 'TH2', FilterIDs: ['*string:~*req.Account:nobody'] });
      expect(process(e, 'e1')).toEqual(['TH2']);
      expect(
        e.thresholds.processEvent(ev('e2', { Account: '1001' }, { APIOpts: { '*thdProfileIDs': ['TH1'] } })),
      ).toEqual(['TH1']);
    });

    it('checks the ActivationInterval against the event Time, else the engine clock (deviation 4)', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', ActivationInterval: { ActivationTime: '2026-01-01T12:30:00Z', ExpiryTime: '' } });
      expect(errorOf(() => process(e, 'e1'))).toBe('NOT_FOUND');
      expect(
        e.thresholds.processEvent(ev('e2', { Account: '1001' }, { Time: '2026-01-02T00:00:00Z' })),
      ).toEqual(['TH1']);
      e.clock.advanceMs(3_600_000);
      expect(process(e, 'e3')).toEqual(['TH1']);
    });

    it('answers PARTIALLY_EXECUTED for a missing action set, counts the hit and logs once', () => {
      const e = thresholdEngine();
      setTH(e, { ID: 'TH1', ActionIDs: ['ACT_MISSING'] });
      expect(errorOf(() => process(e, 'e1'))).toBe('PARTIALLY_EXECUTED');
      expect(errorOf(() => process(e, 'e2'))).toBe('PARTIALLY_EXECUTED');
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(2);
      const warnings = e.log.lines.filter((l) => l['level'] === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.['msg']).toBe(
        '<ThresholdS> failed executing actions: ACT_MISSING, error: Failed to get actions for ACT_MISSING: NOT_FOUND',
      );
    });

    it('runs the later action sets after a failed one and snoozes anyway', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', ActionIDs: ['ACT_MISSING', 'ACT_COUNT'], MinSleep: '1m' });
      expect(errorOf(() => process(e, 'e1'))).toBe('PARTIALLY_EXECUTED');
      expect(runs(e)).toBe(1);
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Snooze']).not.toBe(ZERO_TIME);
    });

    it('only logs the failures of an Async threshold', () => {
      const e = thresholdEngine();
      setTH(e, { ID: 'TH1', ActionIDs: ['ACT_MISSING'], Async: true });
      expect(process(e, 'e1')).toEqual(['TH1']);
      expect(e.log.matching('failed executing actions: ACT_MISSING')).toHaveLength(1);
    });

    it('does not delay the reply for Async thresholds, and waits for synchronous ones', async () => {
      const io = new FakeActionIO();
      io.postOutcome = 'hang';
      const e = thresholdEngine({ io });
      e.actions.setActions({
        ActionsId: 'ACT_HOOK',
        Actions: [{ Identifier: '*http_post', ExtraParameters: 'http://127.0.0.1:9/hook' }],
      });
      setTH(e, { ID: 'TH_ASYNC', ActionIDs: ['ACT_HOOK'], Async: true, MinSleep: '1m' });
      expect(process(e, 'e1')).toEqual(['TH_ASYNC']);
      expect(io.posts).toHaveLength(1);
      // the snooze is already in force while the webhook hangs
      expect(process(e, 'e2')).toEqual(['TH_ASYNC']);
      expect(io.posts).toHaveLength(1);

      setTH(e, { ID: 'TH_SYNC', ActionIDs: ['ACT_HOOK'], Weight: 10 });
      const reply = process(e, 'e3');
      expect(reply).toBeInstanceOf(Promise);
      let settled = false;
      void (reply as Promise<string[]>).then(() => {
        settled = true;
      });
      await Promise.resolve();
      expect(settled).toBe(false);
      io.release();
      await expect(reply).resolves.toEqual(['TH_SYNC', 'TH_ASYNC']);
    });

    it('answers PARTIALLY_EXECUTED after a synchronous webhook failed', async () => {
      const io = new FakeActionIO();
      io.postOutcome = new Error('failed after 3 attempts: connect ECONNREFUSED');
      const e = thresholdEngine({ io });
      e.actions.setActions({
        ActionsId: 'ACT_HOOK',
        Actions: [{ Identifier: '*http_post', ExtraParameters: 'http://127.0.0.1:9/hook' }],
      });
      setTH(e, { ID: 'TH1', ActionIDs: ['ACT_HOOK'] });
      await expect(process(e, 'e1')).rejects.toThrow('PARTIALLY_EXECUTED');
      expect(e.thresholds.getThreshold({ ID: 'TH1' })['Hits']).toBe(1);
    });

    it.each([
      ['Account', { Account: '1001' }, {}, 'cgrates.org:1001'],
      [
        'AccountID on AccountUpdate',
        { Account: 'x', AccountID: '1002' },
        { '*eventType': 'AccountUpdate' },
        'cgrates.org:1002',
      ],
      ['the *accountID opt first', { Account: '1001' }, { '*accountID': '1003' }, 'cgrates.org:1003'],
      ['none', { Other: 1 }, {}, undefined],
    ])('passes the account to actions: %s', (_name, event, opts, account) => {
      const e = thresholdEngine();
      e.actions.setActions({ ActionsId: 'ACT_LOG', Actions: [{ Identifier: '*log' }] });
      e.thresholds.setProfile({ ID: 'TH1', MaxHits: -1, ActionIDs: ['ACT_LOG'] });
      expect(e.thresholds.processEvent(ev('e1', event, { APIOpts: opts }))).toEqual(['TH1']);
      const line = e.log.matching('LOG ExtraData:')[0];
      expect(line?.['account']).toBe(account);
    });

    it('changes nothing on GetThresholdsForEvent', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1' });
      e.persisted.length = 0;
      expect(e.thresholds.thresholdsForEvent(ev('e1', { Account: '1001' }))).toEqual([
        { Tenant: 'cgrates.org', ID: 'TH1', Hits: 0, Snooze: ZERO_TIME },
      ]);
      expect(runs(e)).toBe(0);
      expect(e.persisted).toEqual([]);
      expect(errorOf(() => e.thresholds.thresholdsForEvent(ev('e2', { Account: 'x' })))).toBe('NOT_FOUND');
    });

    it('marks each hit threshold for the store', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1' });
      e.persisted.length = 0;
      process(e, 'e1');
      expect(e.persisted).toContainEqual({ kind: StoreKind.THRESHOLD, tenant: 'cgrates.org', id: 'TH1' });
    });

    it('lets *reset_threshold re-arm another threshold', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH_LIMIT', MaxHits: 1, Weight: 10 });
      e.actions.setActions({
        ActionsId: 'ACT_REARM',
        Actions: [{ Identifier: '*reset_threshold', ExtraParameters: 'cgrates.org:TH_LIMIT' }],
      });
      e.thresholds.setProfile({
        ID: 'TH_REARM',
        FilterIDs: ['*string:~*req.Rearm:yes'],
        MaxHits: -1,
        ActionIDs: ['ACT_REARM'],
      });
      expect(process(e, 'e1')).toEqual(['TH_LIMIT']);
      expect(process(e, 'e2')).toEqual([]);
      expect(process(e, 'e3', { Account: '1001', Rearm: 'yes' })).toEqual(['TH_REARM']);
      expect(process(e, 'e4')).toEqual(['TH_LIMIT']);
    });
  });

  describe('persistence', () => {
    it('round-trips profiles and state through snapshot and restore', () => {
      const e = thresholdEngine();
      setCounter(e);
      setTH(e, { ID: 'TH1', MinSleep: '1m' });
      process(e, 'e1');
      process(e, 'e2');
      const profile = e.thresholds.snapshot(StoreKind.THRESHOLD_PROFILE, 'cgrates.org', 'TH1');
      const state = e.thresholds.snapshot(StoreKind.THRESHOLD, 'cgrates.org', 'TH1');

      const r = thresholdEngine();
      setCounter(r);
      r.thresholds.restoreProfile(profile);
      expect(r.thresholds.restoreThreshold(state)).toBe(true);
      expect(
        r.thresholds.restoreThreshold({ Tenant: 'cgrates.org', ID: 'GONE', Hits: 1, Snooze: ZERO_TIME }),
      ).toBe(false);
      expect(r.thresholds.getThreshold({ ID: 'TH1' })).toEqual(state);
      expect(r.thresholds.getProfile({ ID: 'TH1' })).toEqual(profile);
      // the restored Snooze is in force
      expect(process(r, 'e3')).toEqual(['TH1']);
      expect(runs(r)).toBe(0);
    });
  });
});
