import { Dispatcher } from '../../src/rpc/dispatcher';
import { apierThresholdMethods } from '../../src/rpc/methods/apier-v1-thresholds';
import { thresholdsV1Methods } from '../../src/rpc/methods/thresholds-v1';
import { startTcpServer } from '../../src/rpc/tcp-transport';
import type { TcpServer } from '../../src/rpc/tcp-transport';
import { RpcClient } from '../helpers/rpc-client';
import { thresholdEngine } from '../helpers/threshold-engine';
import type { ThresholdEngine } from '../helpers/threshold-engine';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The ThresholdSv1 and APIerSv1 threshold/action tables behind the real dispatcher and TCP listener. */
describe('ThresholdSv1 and APIerSv1 threshold methods over TCP', () => {
  let e: ThresholdEngine;
  let server: TcpServer;
  let client: RpcClient;

  beforeEach(async () => {
    e = thresholdEngine();
    const table = new Map([
      ...thresholdsV1Methods(e.thresholds),
      ...apierThresholdMethods(e.thresholds, e.actions),
    ]);
    server = await startTcpServer({
      host: '127.0.0.1',
      port: 0,
      dispatcher: new Dispatcher(table, { logger: e.log.logger, apiKey: '' }),
      maxRequestBytes: 1 << 20,
      maxConnections: 10,
      idleTimeoutMs: 60_000,
      logger: e.log.logger,
    });
    client = await RpcClient.connect(server.address().port);
  });

  afterEach(async () => {
    await client.close();
    await server.close(100);
  });

  it('administers threshold profiles with CGRateS replies and errors', async () => {
    expect(await client.call('APIerSv1.SetThresholdProfile', {})).toEqual({
      result: null,
      error: 'MANDATORY_IE_MISSING: [ID]',
    });
    expect(await client.call('APIerSv1.SetThresholdProfile', { ID: 'TH1', FilterIDs: ['FLTR_X'] })).toEqual({
      result: null,
      error: 'SERVER_ERROR: broken reference to filter: <FLTR_X> for item with ID: cgrates.org:TH1',
    });
    expect((await client.call('APIerSv1.SetThresholdProfile', { ID: 'TH1', MinSleep: 'abc' })).error).toMatch(
      /^SERVER_ERROR: /,
    );
    expect((await client.call('APIerSv1.SetThresholdProfile', { ID: 5 })).error).toBe(
      'json: cannot unmarshal number into Go struct field engine.ThresholdProfileWithAPIOpts.ID of type string',
    );
    expect(await client.call('APIerSv1.GetThresholdProfileIDs', {})).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });
    expect(await client.call('APIerSv1.GetThresholdProfileCount', {})).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });

    const profile = {
      Tenant: 'cgrates.org',
      ID: 'TH1',
      FilterIDs: ['*string:~*req.Account:1001'],
      ActivationInterval: null,
      MaxHits: -1,
      MinHits: 0,
      MinSleep: 300000000000,
      Blocker: false,
      Weight: 20,
      ActionIDs: ['ACT_LOG'],
      Async: false,
      EeIDs: null,
    };
    expect(
      await client.call('APIerSv1.SetThresholdProfile', {
        ...profile,
        MinSleep: '5m',
        APIOpts: { '*cache': '*reload' },
      }),
    ).toEqual({
      result: 'OK',
      error: null,
    });
    expect(await client.call('APIerSv1.GetThresholdProfile', { ID: 'TH1' })).toEqual({
      result: profile,
      error: null,
    });
    expect(await client.call('APIerSv1.GetThresholdProfileIDs', { Tenant: 'cgrates.org' })).toEqual({
      result: ['TH1'],
      error: null,
    });
    expect(await client.call('APIerSv1.GetThresholdProfileCount', { Tenant: 'cgrates.org' })).toEqual({
      result: 1,
      error: null,
    });
    expect(await client.call('APIerSv1.GetThresholdProfile', {})).toEqual({
      result: null,
      error: 'MANDATORY_IE_MISSING: [ID]',
    });
    expect(await client.call('APIerSv1.RemoveThresholdProfile', { ID: 'TH1' })).toEqual({
      result: 'OK',
      error: null,
    });
    expect(await client.call('APIerSv1.RemoveThresholdProfile', { ID: 'TH1' })).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });
  });

  it('administers action sets', async () => {
    const set = { ActionsId: 'ACT_LOG', Actions: [{ Identifier: '*log', Weight: 10 }] };
    expect(await client.call('APIerSv1.SetActions', set)).toEqual({ result: 'OK', error: null });
    expect(await client.call('APIerSv1.SetActions', set)).toEqual({ result: null, error: 'EXISTS' });
    expect(await client.call('APIerSv1.SetActions', { ...set, Overwrite: true })).toEqual({
      result: 'OK',
      error: null,
    });
    expect(
      await client.call('APIerSv1.SetActions', { ActionsId: 'X', Actions: [{ Identifier: '*nope' }] }),
    ).toEqual({
      result: null,
      error: 'SERVER_ERROR: unsupported action type <*nope>',
    });
    expect(
      (
        await client.call('APIerSv1.SetActions', {
          ActionsId: 'X',
          Actions: [{ Identifier: '*log', Units: '5' }],
        })
      ).error,
    ).toBe(
      'json: cannot unmarshal string into Go struct field v1.V1AttrSetActions.Actions.Units of type float64',
    );
    const got = await client.call('APIerSv1.GetActions', 'ACT_LOG');
    expect(got.error).toBeNull();
    expect(got.result).toEqual([expect.objectContaining({ Identifier: '*log', Units: '0', Weight: 10 })]);
    expect(await client.call('APIerSv1.GetActions', 'NOPE')).toEqual({
      result: null,
      error: 'SERVER_ERROR: NOT_FOUND',
    });
    expect(await client.call('APIerSv1.RemoveActions', {})).toEqual({ result: null, error: 'NOT_FOUND' });
    expect(await client.call('APIerSv1.RemoveActions', { ActionIDs: ['ACT_LOG'] })).toEqual({
      result: 'OK',
      error: null,
    });
    expect(await client.call('APIerSv1.GetActions', 'ACT_LOG')).toEqual({
      result: null,
      error: 'SERVER_ERROR: NOT_FOUND',
    });
  });

  it('serves ThresholdSv1 with CGRateS replies and errors', async () => {
    expect(await client.call('ThresholdSv1.Ping', {})).toEqual({ result: 'Pong', error: null });
    await client.call('APIerSv1.SetActions', { ActionsId: 'ACT_LOG', Actions: [{ Identifier: '*log' }] });
    await client.call('APIerSv1.SetThresholdProfile', {
      ID: 'TH1',
      FilterIDs: ['*string:~*req.Account:1001'],
      MaxHits: -1,
      ActionIDs: ['ACT_LOG'],
    });
    await client.call('APIerSv1.SetThresholdProfile', {
      ID: 'TH_BROKEN',
      FilterIDs: ['*string:~*req.Account:1002'],
      MaxHits: -1,
      ActionIDs: ['NOPE'],
    });
    const event = { Tenant: 'cgrates.org', ID: 'ev1', Event: { Account: '1001' } };
    expect(await client.call('ThresholdSv1.ProcessEvent', event)).toEqual({ result: ['TH1'], error: null });
    expect(await client.call('ThresholdSv1.ProcessEvent', { ...event, Event: { Account: '1002' } })).toEqual({
      result: null,
      error: 'PARTIALLY_EXECUTED',
    });
    expect(await client.call('ThresholdSv1.ProcessEvent', { ...event, Event: { Account: 'x' } })).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });
    expect(await client.call('ThresholdSv1.ProcessEvent', { Event: {} })).toEqual({
      result: null,
      error: 'MANDATORY_IE_MISSING: [ID]',
    });
    expect(await client.call('ThresholdSv1.ProcessEvent', {})).toEqual({
      result: null,
      error: 'MANDATORY_IE_MISSING: [ID]',
    });
    expect(await client.call('ThresholdSv1.GetThresholdsForEvent', event)).toEqual({
      result: [{ Tenant: 'cgrates.org', ID: 'TH1', Hits: 1, Snooze: expect.any(String) as string }],
      error: null,
    });
    expect((await client.call('ThresholdSv1.GetThresholdIDs', {})).result).toEqual(
      expect.arrayContaining(['TH1', 'TH_BROKEN']),
    );
    expect(await client.call('ThresholdSv1.GetThresholdIDs', { Tenant: 'other' })).toEqual({
      result: [],
      error: null,
    });
    expect(await client.call('ThresholdSv1.GetThreshold', { ID: 'TH1' })).toEqual({
      result: { Tenant: 'cgrates.org', ID: 'TH1', Hits: 1, Snooze: expect.any(String) as string },
      error: null,
    });
    expect(await client.call('ThresholdSv1.ResetThreshold', { ID: 'TH1' })).toEqual({
      result: 'OK',
      error: null,
    });
    expect(await client.call('ThresholdSv1.GetThreshold', { ID: 'TH1' })).toEqual({
      result: { Tenant: 'cgrates.org', ID: 'TH1', Hits: 0, Snooze: ZERO_TIME },
      error: null,
    });
    expect(await client.call('ThresholdSv1.GetThreshold', { ID: 'NOPE' })).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });
    // params:[{}] never crashes (deviation 7)
    for (const method of ['ThresholdSv1.GetThreshold', 'ThresholdSv1.ResetThreshold']) {
      expect(await client.call(method, {})).toEqual({ result: null, error: 'MANDATORY_IE_MISSING: [ID]' });
      expect(await client.call(method)).toEqual({ result: null, error: 'MANDATORY_IE_MISSING: [ID]' });
    }
  });
});
