import { ActionService } from '../../../src/engine/action-service';
import type { ActionContext } from '../../../src/engine/actions/action-context';
import { renderTemplate } from '../../../src/engine/actions/cgr-rpc-template';
import { cgrEventGoJSON } from '../../../src/engine/actions/event-json';
import { tenantIDParam } from '../../../src/engine/actions/tenant-id-param';
import { StoreKind } from '../../../src/store/data-store';
import { FakeActionIO, captureLogger, errorOf } from '../../helpers/threshold-engine';
import type { CapturedLogger } from '../../helpers/threshold-engine';

interface Kit {
  actions: ActionService;
  io: FakeActionIO;
  log: CapturedLogger;
  resets: string[];
  persisted: string[];
}

function kit(): Kit {
  const io = new FakeActionIO();
  const log = captureLogger();
  const resets: string[] = [];
  const persisted: string[] = [];
  const actions = new ActionService({
    logger: log.logger,
    defaultTenant: 'cgrates.org',
    persist: (kind, tenant, id) => persisted.push(`${kind}|${tenant}|${id}`),
    resetStatQueue: (tenant, id) => {
      if (id === 'MISSING') throw new Error('NOT_FOUND');
      resets.push(`sq ${tenant}:${id}`);
    },
    resetThreshold: (tenant, id) => resets.push(`th ${tenant}:${id}`),
    io,
  });
  return { actions, io, log, resets, persisted };
}

const CTX: ActionContext = {
  tenant: 'cgrates.org',
  thresholdID: 'TH1',
  event: {
    Tenant: 'cgrates.org',
    ID: 'ev1',
    Time: null,
    Event: { Account: '1001', Destination: '<x&y>', Cost: 1.5 },
    APIOpts: { '*eventType': 'StatUpdate' },
  },
  account: 'cgrates.org:1001',
};

describe('ActionService', () => {
  describe('SetActions / GetActions / RemoveActions', () => {
    it('checks mandatory fields as CGRateS does', () => {
      const { actions } = kit();
      expect(errorOf(() => actions.setActions({}))).toBe('MANDATORY_IE_MISSING: [ActionsId Actions]');
      expect(errorOf(() => actions.setActions({ ActionsId: 'A', Actions: [] }))).toBe(
        'MANDATORY_IE_MISSING: [Actions]',
      );
      expect(errorOf(() => actions.setActions({ ActionsId: ' ', Actions: [{ Identifier: '*log' }] }))).toBe(
        'MANDATORY_IE_MISSING: [ActionsId]',
      );
      expect(errorOf(() => actions.setActions({ ActionsId: 'A', Actions: [{ Weight: 10 }] }))).toBe(
        'MANDATORY_IE_MISSING:Action::[Identifier]',
      );
      expect(
        errorOf(() =>
          actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log', BalanceBlocker: 'x' }] }),
        ),
      ).toBe('strconv.ParseBool: parsing "x": invalid syntax');
    });

    it('refuses an existing set unless Overwrite, and persists each change', () => {
      const k = kit();
      k.actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log' }] });
      expect(errorOf(() => k.actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log' }] }))).toBe(
        'EXISTS',
      );
      k.actions.setActions({ ActionsId: 'A', Overwrite: true, Actions: [{ Identifier: '*log', Weight: 5 }] });
      expect(k.actions.getActions('A')[0]?.Weight).toBe(5);
      expect(k.persisted).toEqual(['actions||A', 'actions||A']);
    });

    it('refuses unknown action types, naming the type, and parameters it cannot run', () => {
      const { actions } = kit();
      expect(
        errorOf(() =>
          actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log' }, { Identifier: '*foo' }] }),
        ),
      ).toBe('SERVER_ERROR: unsupported action type <*foo>');
      expect(
        errorOf(() =>
          actions.setActions({
            ActionsId: 'A',
            Actions: [{ Identifier: '*http_post', ExtraParameters: 'nope' }],
          }),
        ),
      ).toBe('SERVER_ERROR: action *http_post: ExtraParameters must be an http(s) URL, got <nope>');
      expect(
        errorOf(() =>
          actions.setActions({
            ActionsId: 'A',
            Actions: [{ Identifier: '*cgr_rpc', ExtraParameters: '{"Address":' }],
          }),
        ),
      ).toMatch(/^SERVER_ERROR: action \*cgr_rpc: \*cgr_rpc: ExtraParameters is not JSON/);
      expect(
        errorOf(() =>
          actions.setActions({
            ActionsId: 'A',
            Actions: [{ Identifier: '*cgr_rpc', ExtraParameters: '{"Method":"<< .Account.ID >>"}' }],
          }),
        ),
      ).toBe(
        'SERVER_ERROR: action *cgr_rpc: *cgr_rpc template action <<.Account.ID>> is not supported: only << .ExtraData >> and << .ExtraData.Field... >> are',
      );
      expect(
        errorOf(() => actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*reset_threshold' }] })),
      ).toBe('SERVER_ERROR: action *reset_threshold: ExtraParameters must be <tenant:ID>');
      expect(actions.has('A')).toBe(false);
    });

    it('stores foreign types as given', () => {
      const { actions } = kit();
      actions.setActions({
        ActionsId: 'ACT_FRD_STOP',
        Actions: [{ Identifier: '*disable_account', Weight: 10 }],
      });
      expect(actions.getActions('ACT_FRD_STOP')[0]?.Identifier).toBe('*disable_account');
    });

    it('answers GetActions in the utils.TPAction shape, in the order given', () => {
      const { actions } = kit();
      actions.setActions({
        ActionsId: 'ACT_1',
        Actions: [
          { Identifier: '*log', Weight: 10 },
          {
            Identifier: '*topup',
            BalanceType: '*monetary',
            Units: 10.5,
            BalanceWeight: 20,
            BalanceBlocker: 'true',
            Filter: '*string:~*req.X:1',
            Weight: 20,
          },
        ],
      });
      expect(actions.getActions('ACT_1')).toEqual([
        {
          Identifier: '*log',
          BalanceId: '',
          BalanceUuid: '',
          BalanceType: '',
          Units: '0',
          ExpiryTime: '',
          Filters: '',
          TimingTags: '',
          DestinationIds: '',
          RatingSubject: '',
          Categories: '',
          SharedGroups: '',
          BalanceWeight: '0',
          ExtraParameters: '',
          BalanceBlocker: 'false',
          BalanceDisabled: 'false',
          Weight: 10,
        },
        expect.objectContaining({
          Identifier: '*topup',
          BalanceType: '*monetary',
          Units: '10.5',
          BalanceWeight: '20',
          BalanceBlocker: 'true',
          Filters: '*string:~*req.X:1',
          Weight: 20,
        }),
      ]);
    });

    it('accepts the tariff-plan loader form (TPAction strings)', () => {
      const { actions } = kit();
      actions.setActions({
        ActionsId: 'ACT_TP',
        Overwrite: true,
        Actions: [
          { Identifier: '*log', Units: '', BalanceWeight: '', BalanceBlocker: '', Filters: 'F1', Weight: 0 },
        ],
      });
      expect(actions.getActions('ACT_TP')[0]).toEqual(
        expect.objectContaining({ Units: '0', BalanceWeight: '0', Filters: 'F1' }),
      );
    });

    it('answers GetActions errors with CGRateS texts', () => {
      const { actions } = kit();
      expect(errorOf(() => actions.getActions(''))).toBe('MANDATORY_IE_MISSING ActionsId: ');
      expect(errorOf(() => actions.getActions(undefined))).toBe('MANDATORY_IE_MISSING ActionsId: ');
      expect(errorOf(() => actions.getActions({}))).toBe(
        'json: cannot unmarshal object into Go value of type string',
      );
      expect(errorOf(() => actions.getActions('NOPE'))).toBe('SERVER_ERROR: NOT_FOUND');
    });

    it('removes sets: a null list is NOT_FOUND, unknown IDs are ignored', () => {
      const k = kit();
      k.actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log' }] });
      expect(errorOf(() => k.actions.removeActions({}))).toBe('NOT_FOUND');
      k.persisted.length = 0;
      k.actions.removeActions({ ActionIDs: ['A', 'B'] });
      expect(k.actions.has('A')).toBe(false);
      expect(k.persisted).toEqual(['actions||A']);
      k.actions.removeActions({ ActionIDs: [] });
    });

    it('round-trips through snapshot and restore', () => {
      const a = kit();
      a.actions.setActions({
        ActionsId: 'A',
        Actions: [{ Identifier: '*http_post', ExtraParameters: 'http://h/x', Weight: 3 }],
      });
      const stored = a.actions.snapshot(StoreKind.ACTIONS, '', 'A');
      expect(a.actions.snapshot(StoreKind.ACTIONS, '', 'B')).toBeUndefined();
      const b = kit();
      b.actions.restoreActions(JSON.parse(JSON.stringify(stored)));
      expect(b.actions.getActions('A')).toEqual(a.actions.getActions('A'));
    });
  });

  describe('execute', () => {
    it('fails for a missing set with the CGRateS text', () => {
      const { actions } = kit();
      expect(errorOf(() => actions.execute('NOPE', CTX))).toBe('Failed to get actions for NOPE: NOT_FOUND');
    });

    it('runs by Weight descending and stops at the first failure', () => {
      const k = kit();
      k.actions.setActions({
        ActionsId: 'A',
        Actions: [
          { Identifier: '*reset_threshold', ExtraParameters: 'cgrates.org:LOW', Weight: 10 },
          { Identifier: '*reset_stat_queue', ExtraParameters: 'cgrates.org:MISSING', Weight: 15 },
          { Identifier: '*reset_stat_queue', ExtraParameters: 'cgrates.org:HIGH', Weight: 20 },
        ],
      });
      expect(errorOf(() => k.actions.execute('A', CTX))).toBe('NOT_FOUND');
      expect(k.resets).toEqual(['sq cgrates.org:HIGH']);
    });

    it('reads *reset_* ExtraParameters as tenant:ID, a bare ID meaning the default tenant', () => {
      expect(tenantIDParam('t1:SQ:1', 'cgrates.org')).toEqual({ tenant: 't1', id: 'SQ:1' });
      expect(tenantIDParam('SQ1', 'cgrates.org')).toEqual({ tenant: 'cgrates.org', id: 'SQ1' });
      expect(tenantIDParam(':SQ1', 'cgrates.org')).toEqual({ tenant: 'cgrates.org', id: 'SQ1' });
    });

    it('logs the event for *log as Go prints a CGREvent', () => {
      const k = kit();
      k.actions.setActions({ ActionsId: 'A', Actions: [{ Identifier: '*log' }] });
      expect(k.actions.execute('A', CTX)).toBeUndefined();
      const [line] = k.log.matching('LOG ExtraData:');
      expect(line?.['level']).toBe(30);
      expect(line?.['msg']).toBe(
        'LOG ExtraData: {"Tenant":"cgrates.org","ID":"ev1","Time":null,"Event":{"Account":"1001","Cost":1.5,"Destination":"\\u003cx\\u0026y\\u003e"},"APIOpts":{"*eventType":"StatUpdate"}}',
      );
      expect(line?.['account']).toBe('cgrates.org:1001');
    });

    it('skips foreign types with one log line per set and type', () => {
      const k = kit();
      k.actions.setActions({
        ActionsId: 'ACT_FRD',
        Actions: [
          { Identifier: '*disable_account', Weight: 30 },
          { Identifier: '*topup', Weight: 20 },
          { Identifier: '*log', Weight: 10 },
        ],
      });
      for (let i = 0; i < 3; i++) expect(k.actions.execute('ACT_FRD', CTX)).toBeUndefined();
      const skipped = k.log.lines.filter((l) => String(l['msg']).includes('skipped'));
      expect(skipped.map((l) => l['type'])).toEqual(['*disable_account', '*topup']);
      expect(k.log.matching('LOG ExtraData:')).toHaveLength(3);
      // a new definition of the set reports again
      k.actions.setActions({
        ActionsId: 'ACT_FRD',
        Overwrite: true,
        Actions: [{ Identifier: '*disable_account' }],
      });
      expect(k.actions.execute('ACT_FRD', CTX)).toBeUndefined();
      expect(k.log.lines.filter((l) => String(l['msg']).includes('skipped'))).toHaveLength(3);
    });

    it('posts the event JSON for *http_post and reports a failing URL once per outage', async () => {
      const k = kit();
      k.actions.setActions({
        ActionsId: 'HOOK',
        Actions: [
          { Identifier: '*http_post', ExtraParameters: 'http://127.0.0.1:1/hook', Weight: 20 },
          { Identifier: '*log', Weight: 10 },
        ],
      });
      await k.actions.execute('HOOK', CTX);
      expect(k.io.posts).toEqual([{ url: 'http://127.0.0.1:1/hook', body: cgrEventGoJSON(CTX.event) }]);
      // the *log after it ran once the post was done
      expect(k.log.matching('LOG ExtraData:')).toHaveLength(1);

      k.io.postOutcome = new Error('failed after 3 attempts: timeout after 5000ms');
      await expect(k.actions.execute('HOOK', CTX)).rejects.toThrow(
        '*http_post to http://127.0.0.1:1/hook: failed after 3 attempts: timeout after 5000ms',
      );
      await expect(k.actions.execute('HOOK', CTX)).rejects.toThrow('*http_post');
      expect(k.log.matching('LOG ExtraData:')).toHaveLength(1);
      expect(k.log.matching('target failing')).toHaveLength(1);
      k.io.postOutcome = undefined;
      await k.actions.execute('HOOK', CTX);
      expect(k.log.matching('target recovered')).toHaveLength(1);
      expect(k.log.matching('target failing')).toHaveLength(1);
    });

    it('makes the *cgr_rpc call described by ExtraParameters', async () => {
      const k = kit();
      k.actions.setActions({
        ActionsId: 'RPC',
        Actions: [
          {
            Identifier: '*cgr_rpc',
            ExtraParameters:
              '{"Address":"127.0.0.1:2012","Transport":"*json","Method":"StatSv1.ResetStatQueue","Attempts":2,"Async":false,"Params":{"Tenant":"cgrates.org","ID":"SQ1"}}',
          },
        ],
      });
      await k.actions.execute('RPC', CTX);
      expect(k.io.calls).toEqual([
        {
          address: '127.0.0.1:2012',
          transport: '*json',
          method: 'StatSv1.ResetStatQueue',
          params: { Tenant: 'cgrates.org', ID: 'SQ1' },
          attempts: 2,
        },
      ]);
      k.io.rpcOutcome = new Error('NOT_FOUND');
      await expect(k.actions.execute('RPC', CTX)).rejects.toThrow(
        '*cgr_rpc StatSv1.ResetStatQueue at 127.0.0.1:2012: NOT_FOUND',
      );
    });

    it('renders << .ExtraData... >> templates and does not wait for Async calls', () => {
      const k = kit();
      k.io.rpcOutcome = 'hang';
      k.actions.setActions({
        ActionsId: 'RPC',
        Actions: [
          {
            Identifier: '*cgr_rpc',
            ExtraParameters:
              '{"Address":"127.0.0.1:2012","Method":"X.Y","Async":true,"Params":{"Account":"<< .ExtraData.Event.Account >>","Tenant":"<<.ExtraData.Tenant>>"}}',
          },
        ],
      });
      expect(k.actions.execute('RPC', CTX)).toBeUndefined();
      expect(k.io.calls[0]?.params).toEqual({ Account: '1001', Tenant: 'cgrates.org' });
      k.io.release();
    });

    it('prints template values as Go %v does', () => {
      expect(
        renderTemplate(
          '<< .ExtraData.Event.Cost >>|<< .ExtraData.Event.Nope >>|<< .ExtraData.Time >>',
          CTX.event,
        ),
      ).toBe('1.5|<no value>|<nil>');
    });

    it('fails *reset_stat_queue when StatS is not there', () => {
      const log = captureLogger();
      const actions = new ActionService({
        logger: log.logger,
        defaultTenant: 'cgrates.org',
        persist: () => undefined,
      });
      actions.setActions({
        ActionsId: 'A',
        Actions: [{ Identifier: '*reset_stat_queue', ExtraParameters: 'SQ1' }],
      });
      expect(errorOf(() => actions.execute('A', CTX))).toBe('NOT_CONNECTED: StatS');
    });
  });
});
