import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { startStatQueue } from '../../src/main';
import type { RunningEngine } from '../../src/main';
import { FakeClock } from '../helpers/fake-clock';
import { RpcClient } from '../helpers/rpc-client';

/**
 * The worked example of docs/thresholds.md on the whole engine: a `*asr` queue, a threshold
 * `*lt:~*req.*asr:50` posting a webhook, over the real TCP listener.
 */
describe('ASR below 50% posts a webhook (docs/thresholds.md example)', () => {
  let hook: Server;
  let hookURL: string;
  let posts: Record<string, unknown>[];
  let engine: RunningEngine;
  let rpc: RpcClient;
  let clock: FakeClock;
  let callNo = 0;

  beforeEach(async () => {
    posts = [];
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookURL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/asr`;
    clock = new FakeClock();
    engine = await startStatQueue(
      { listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' }, series: { enabled: false } },
      { logger: pino({ level: 'silent' }), clock },
    );
    rpc = await RpcClient.connect(engine.tcpPort);
    await ok('APIerSv1.SetStatQueueProfile', {
      Tenant: 'cgrates.org',
      ID: 'STATS_ASR_ACME',
      FilterIDs: ['*string:~*req.Customer:ACME'],
      QueueLength: 10,
      TTL: 0,
      MinItems: 4,
      Metrics: [{ MetricID: '*asr' }],
      Weight: 10,
      ThresholdIDs: ['THD_ASR_LOW', 'THD_ASR_OK'],
    });
    await ok('APIerSv1.SetActions', {
      ActionsId: 'ACT_ASR_WEBHOOK',
      Overwrite: true,
      Actions: [{ Identifier: '*http_post', ExtraParameters: hookURL, Weight: 20 }],
    });
    await ok('APIerSv1.SetFilter', {
      Tenant: 'cgrates.org',
      ID: 'FLTR_ASR_LOW',
      Rules: [
        { Type: '*string', Element: '~*req.StatID', Values: ['STATS_ASR_ACME'] },
        { Type: '*gte', Element: '~*req.*asr', Values: ['0'] },
        { Type: '*lt', Element: '~*req.*asr', Values: ['50'] },
      ],
    });
  });

  afterEach(async () => {
    await rpc.close();
    await engine.close();
    hook.closeAllConnections();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  async function ok(method: string, arg: unknown): Promise<unknown> {
    const reply = await rpc.call(method, arg);
    if (reply.error !== null) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  /** One call of customer ACME, answered or not; the threshold is synchronous, so the post is done on reply. */
  async function call(answered: boolean): Promise<unknown> {
    clock.advanceMs(1000);
    callNo++;
    const event = {
      Customer: 'ACME',
      AnswerTime: answered ? '2026-01-01T12:00:00Z' : '',
      Usage: answered ? '60s' : '0s',
    };
    return ok('StatSv1.ProcessEvent', { Tenant: 'cgrates.org', ID: `call-${callNo}`, Event: event });
  }

  async function asr(): Promise<unknown> {
    return ((await ok('StatSv1.GetQueueFloatMetrics', { ID: 'STATS_ASR_ACME' })) as Record<string, unknown>)[
      '*asr'
    ];
  }

  it('posts once when ASR crosses below 50%, then stays quiet for MinSleep', async () => {
    await ok('APIerSv1.SetThresholdProfile', {
      Tenant: 'cgrates.org',
      ID: 'THD_ASR_LOW',
      FilterIDs: ['FLTR_ASR_LOW'],
      MaxHits: -1,
      MinHits: 1,
      MinSleep: '10m',
      Weight: 20,
      ActionIDs: ['ACT_ASR_WEBHOOK'],
      Async: false,
    });
    // ASR not available yet (-1) below MinItems: the *gte:0 rule keeps the threshold quiet
    for (let i = 0; i < 3; i++) expect(await call(true)).toEqual(['STATS_ASR_ACME']);
    expect(await asr()).toBe(-1);
    for (let i = 0; i < 3; i++) await call(false); // 75%, 60%, 50%
    expect(await asr()).toBe(50);
    expect(posts).toHaveLength(0);
    await call(false); // 3 of 7 = 42.85714%: the crossing
    expect(posts).toHaveLength(1);
    expect(posts[0]).toEqual({
      Tenant: 'cgrates.org',
      ID: expect.any(String) as string,
      Time: null,
      Event: { '*asr': 42.85714, EventType: 'StatUpdate', StatID: 'STATS_ASR_ACME' },
      APIOpts: { '*eventType': 'StatUpdate', '*thdProfileIDs': ['THD_ASR_LOW', 'THD_ASR_OK'] },
    });
    for (let i = 0; i < 3; i++) await call(false); // still low, snoozed
    expect(posts).toHaveLength(1);
    const th = (await ok('ThresholdSv1.GetThreshold', { ID: 'THD_ASR_LOW' })) as Record<string, unknown>;
    expect(th['Hits']).toBe(4);
    clock.advanceMs(10 * 60_000);
    await call(false); // MinSleep over, still low: posts again
    expect(posts).toHaveLength(2);
  });

  it('posts exactly once per crossing with MaxHits 1 and a re-arming threshold', async () => {
    await ok('APIerSv1.SetThresholdProfile', {
      ID: 'THD_ASR_LOW',
      FilterIDs: ['FLTR_ASR_LOW'],
      MaxHits: 1,
      MinHits: 1,
      MinSleep: 0,
      Weight: 20,
      ActionIDs: ['ACT_ASR_WEBHOOK'],
    });
    await ok('APIerSv1.SetActions', {
      ActionsId: 'ACT_REARM_ASR',
      Actions: [{ Identifier: '*reset_threshold', ExtraParameters: 'cgrates.org:THD_ASR_LOW', Weight: 10 }],
    });
    await ok('APIerSv1.SetThresholdProfile', {
      ID: 'THD_ASR_OK',
      FilterIDs: ['*string:~*req.StatID:STATS_ASR_ACME', '*gte:~*req.*asr:50'],
      MaxHits: -1,
      MinHits: 1,
      MinSleep: 0,
      Weight: 10,
      ActionIDs: ['ACT_REARM_ASR'],
    });
    for (let i = 0; i < 4; i++) await call(true);
    for (let i = 0; i < 5; i++) await call(false); // 4 of 9 < 50% from the 5th
    expect(posts).toHaveLength(1);
    for (let i = 0; i < 6; i++) await call(true); // back above 50%: re-armed
    expect(await asr()).toBeGreaterThanOrEqual(50);
    expect(posts).toHaveLength(1);
    for (let i = 0; i < 6; i++) await call(false); // below again: the second crossing
    expect(posts).toHaveLength(2);
  });
});
