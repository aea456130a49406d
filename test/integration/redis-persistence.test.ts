import pino from 'pino';
import { startStatQueue } from '../../src/main';
import type { RunningEngine } from '../../src/main';
import type { ConfigInput } from '../../src/config/schema';
import { startEngineProcess } from '../helpers/engine-process';
import { RedisServer, describeIfRedis } from '../helpers/redis-server';
import { RpcClient } from '../helpers/rpc-client';

const logger = pino({ level: 'silent' });

function configFor(redis: RedisServer, storeInterval: string | number): ConfigInput {
  return {
    listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' },
    data_db: { db_type: '*redis', db_host: redis.host, db_port: redis.port },
    stats: { store_interval: storeInterval, thresholds_conns: ['*internal'] },
    thresholds: { store_interval: storeInterval },
    series: { enabled: false },
  };
}

async function call(client: RpcClient, method: string, arg: unknown): Promise<unknown> {
  const { result, error } = await client.call(method, arg);
  if (error !== null) throw new Error(`${method}: ${JSON.stringify(error)}`);
  return result;
}

/** Sets a filter, a Stored profile with a TTL, a threshold on its StatUpdates, and an action set. */
async function provision(client: RpcClient): Promise<void> {
  await call(client, 'APIerSv1.SetFilter', {
    ID: 'FLTR_ACC',
    Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] }],
  });
  await call(client, 'APIerSv1.SetStatQueueProfile', {
    ID: 'SQ_STORED',
    FilterIDs: ['FLTR_ACC'],
    QueueLength: 50,
    TTL: '1h',
    Metrics: [
      { MetricID: '*asr' },
      { MetricID: '*acd' },
      { MetricID: '*tcc' },
      { MetricID: '*ddc' },
      { MetricID: '*sum#~*req.Usage' },
      { MetricID: '*highest#~*req.Cost' },
    ],
    Stored: true,
    ThresholdIDs: ['TH_SQ'],
  });
  await call(client, 'APIerSv1.SetActions', {
    ActionsId: 'ACT_LOG',
    Actions: [{ Identifier: '*log', Weight: 10 }],
  });
  await call(client, 'APIerSv1.SetThresholdProfile', {
    ID: 'TH_SQ',
    FilterIDs: ['*string:~*req.StatID:SQ_STORED'],
    MaxHits: -1,
    MinHits: 1,
    ActionIDs: ['ACT_LOG'],
  });
}

async function sendEvents(client: RpcClient, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const answered = i % 3 !== 0;
    await call(client, 'StatSv1.ProcessEvent', {
      ID: `ev${i}`,
      Event: {
        Account: i % 2 === 0 ? '1001' : '1002',
        Destination: `+4915${i % 7}`,
        ...(answered ? { AnswerTime: '2026-11-22T10:00:00Z' } : {}),
        Usage: `${10 + i}s`,
        Cost: i / 10,
      },
    });
  }
}

interface Snapshot {
  strings: unknown;
  floats: unknown;
  items: unknown;
  threshold: unknown;
  profile: unknown;
}

async function snapshot(client: RpcClient): Promise<Snapshot> {
  const queue = (await call(client, 'StatSv1.GetStatQueue', { ID: 'SQ_STORED' })) as { SQItems: unknown };
  return {
    strings: await call(client, 'StatSv1.GetQueueStringMetrics', { ID: 'SQ_STORED' }),
    floats: await call(client, 'StatSv1.GetQueueFloatMetrics', { ID: 'SQ_STORED' }),
    items: queue.SQItems,
    threshold: await call(client, 'ThresholdSv1.GetThreshold', { ID: 'TH_SQ' }),
    profile: await call(client, 'APIerSv1.GetStatQueueProfile', { ID: 'SQ_STORED' }),
  };
}

/** Waits until the engine reports no pending writes and no failing flush. */
async function waitFlushed(client: RpcClient, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await call(client, 'CoreSv1.Status', {})) as {
      store: { state: string; scheduler: { pending: number; failing: boolean; flushing: boolean } };
    };
    const s = status.store;
    if (s.state === 'up' && s.scheduler.pending === 0 && !s.scheduler.failing && !s.scheduler.flushing)
      return;
    if (Date.now() > deadline) throw new Error(`store never settled: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeIfRedis('persistence against a real Redis', () => {
  let redis: RedisServer;
  const engines: RunningEngine[] = [];
  const clients: RpcClient[] = [];

  async function engineOn(
    storeInterval: string | number,
  ): Promise<{ engine: RunningEngine; client: RpcClient }> {
    const engine = await startStatQueue(configFor(redis, storeInterval), { logger });
    const client = await RpcClient.connect(engine.tcpPort);
    engines.push(engine);
    clients.push(client);
    return { engine, client };
  }

  beforeEach(async () => {
    // append-only, so a Redis stopped mid-test comes back with its data, as a production one does
    redis = await RedisServer.start({ extraArgs: ['--appendonly', 'yes'] });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => undefined);
    for (const e of engines.splice(0)) await e.close().catch(() => undefined);
    await redis.dispose();
  });

  it('answers the same metrics, items and threshold hits after a graceful restart', async () => {
    const a = await engineOn('1s');
    await provision(a.client);
    await sendEvents(a.client, 0, 30);
    const before = await snapshot(a.client);
    expect((before.threshold as { Hits: number }).Hits).toBe(30);
    await a.engine.close();
    const b = await engineOn('1s');
    expect(await snapshot(b.client)).toEqual(before);
  });

  it('after kill -9 following a flush, the state equals the last flush', async () => {
    const cfg = configFor(redis, '200ms') as Record<string, unknown>;
    const first = await startEngineProcess(cfg);
    const c1 = await RpcClient.connect(first.tcpPort);
    await provision(c1);
    await sendEvents(c1, 0, 20);
    await waitFlushed(c1);
    const flushed = await snapshot(c1);
    first.child.kill('SIGKILL');
    await first.exited;
    await c1.close().catch(() => undefined);
    const second = await startEngineProcess(cfg);
    const c2 = await RpcClient.connect(second.tcpPort);
    try {
      expect(await snapshot(c2)).toEqual(flushed);
    } finally {
      await c2.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('keeps serving while Redis is down and writes every change once it is back', async () => {
    const a = await engineOn('200ms');
    await provision(a.client);
    await sendEvents(a.client, 0, 10);
    await waitFlushed(a.client);
    await redis.stop();
    // no request may fail because the store is gone
    await sendEvents(a.client, 10, 40);
    await call(a.client, 'APIerSv1.SetStatQueueProfile', {
      ID: 'SQ_DURING_OUTAGE',
      Metrics: [{ MetricID: '*sum#1' }],
      Stored: true,
    });
    await call(a.client, 'StatSv1.ProcessEvent', {
      ID: 'outage',
      Event: {},
      APIOpts: { '*stsProfileIDs': ['SQ_DURING_OUTAGE'] },
    });
    const status = (await call(a.client, 'CoreSv1.Status', {})) as { store: { state: string } };
    expect(status.store.state).not.toBe('up');
    const during = await snapshot(a.client);
    await redis.restart();
    await waitFlushed(a.client);
    await a.engine.close();
    const b = await engineOn('200ms');
    expect(await snapshot(b.client)).toEqual(during);
    expect(await call(b.client, 'StatSv1.GetQueueStringMetrics', { ID: 'SQ_DURING_OUTAGE' })).toEqual({
      '*sum#1': '1',
    });
  });

  it('persists profile and filter CRUD, and a second engine on the same Redis sees it', async () => {
    const a = await engineOn(-1);
    await provision(a.client);
    await call(a.client, 'APIerSv1.SetStatQueueProfile', { ID: 'SQ_GONE', Metrics: [{ MetricID: '*tcd' }] });
    await call(a.client, 'APIerSv1.RemoveStatQueueProfile', { ID: 'SQ_GONE' });
    await call(a.client, 'APIerSv1.SetDestination', { Id: 'DST_DE', Prefixes: ['+49'] });
    await waitFlushed(a.client);
    const b = await engineOn(-1);
    for (const method of [
      'APIerSv1.GetStatQueueProfileIDs',
      'APIerSv1.GetFilterIDs',
      'APIerSv1.GetThresholdProfileIDs',
    ]) {
      expect([method, await call(b.client, method, {})]).toEqual([method, await call(a.client, method, {})]);
    }
    expect(await call(b.client, 'APIerSv1.GetFilter', { ID: 'FLTR_ACC' })).toEqual(
      await call(a.client, 'APIerSv1.GetFilter', { ID: 'FLTR_ACC' }),
    );
    expect(await call(b.client, 'APIerSv1.GetDestination', 'DST_DE')).toEqual({
      Id: 'DST_DE',
      Prefixes: ['+49'],
    });
    expect(await b.client.call('APIerSv1.GetStatQueueProfile', { ID: 'SQ_GONE' })).toEqual({
      result: null,
      error: 'NOT_FOUND',
    });
  });
});
