import { connect } from 'node:net';
import pino from 'pino';
import { startStatQueue } from '../../src/main';
import type { RunningEngine } from '../../src/main';
import { RpcClient, httpCall, httpRequestRaw, parseReplyLines } from '../helpers/rpc-client';

const logger = pino({ level: 'silent' });

const STATS1 = {
  Tenant: 'cgrates.org',
  ID: 'Stats1',
  FilterIDs: ['FLTR_STS1'],
  ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '0001-01-01T00:00:00Z' },
  QueueLength: 100,
  TTL: 3_000_000_000,
  MinItems: 2,
  Metrics: [
    { MetricID: '*asr', FilterIDs: null },
    { MetricID: '*acc', FilterIDs: null },
    { MetricID: '*tcc', FilterIDs: null },
    { MetricID: '*acd', FilterIDs: null },
    { MetricID: '*tcd', FilterIDs: null },
    { MetricID: '*sum#~*req.Usage', FilterIDs: null },
    { MetricID: '*average#~*req.Usage', FilterIDs: null },
    { MetricID: '*pdd', FilterIDs: ['*exists:~*req.PDD:'] },
  ],
  Stored: true,
  Blocker: false,
  Weight: 20,
  ThresholdIDs: ['*none'],
};

/** Writes raw bytes on a fresh socket and collects reply lines until `count` arrived or the socket closed. */
function rawExchange(
  port: number,
  chunks: string[],
  count: number,
): Promise<{ replies: unknown[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const replies: unknown[] = [];
    let buf = '';
    let closed = false;
    const finish = (): void => {
      socket.destroy();
      resolve({ replies, closed });
    };
    socket.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        replies.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
      if (replies.length >= count) finish();
    });
    socket.on('close', () => {
      closed = true;
      resolve({ replies, closed });
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      void (async () => {
        for (const c of chunks) {
          socket.write(c);
          await new Promise((r) => setImmediate(r));
        }
      })();
    });
  });
}

describe('the engine over JSON-RPC (TCP and HTTP)', () => {
  let engine: RunningEngine;
  let client: RpcClient;

  beforeAll(async () => {
    engine = await startStatQueue(
      {
        listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' },
        stats: { thresholds_conns: [] },
      },
      { logger },
    );
    client = await RpcClient.connect(engine.tcpPort);
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
  });

  it('answers Ping on every service over TCP and HTTP', async () => {
    for (const method of ['StatSv1.Ping', 'CoreSv1.Ping', 'APIerSv1.Ping']) {
      expect(await client.call(method, {})).toEqual({ result: 'Pong', error: null });
      expect(await httpCall(engine.httpPort, method, {})).toMatchObject({
        status: 200,
        result: 'Pong',
        error: null,
      });
    }
  });

  it('runs the spec §7 example end to end over TCP with CGRateS replies', async () => {
    const filter = {
      Tenant: 'cgrates.org',
      ID: 'FLTR_STS1',
      Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] }],
      ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '0001-01-01T00:00:00Z' },
    };
    expect(await client.call('APIerSv1.SetFilter', filter)).toEqual({ result: 'OK', error: null });
    expect(await client.call('APIerSv1.GetFilter', { ID: 'FLTR_STS1' })).toEqual({
      result: filter,
      error: null,
    });
    expect(await client.call('APIerSv1.SetStatQueueProfile', STATS1)).toEqual({ result: 'OK', error: null });
    expect(
      await client.call('APIerSv1.GetStatQueueProfile', { Tenant: 'cgrates.org', ID: 'Stats1' }),
    ).toEqual({
      result: STATS1,
      error: null,
    });
    const events = [
      {
        Account: '1001',
        AnswerTime: '2014-07-14T14:25:00Z',
        Usage: 135000000000,
        Cost: 123.0,
        PDD: 12000000000,
      },
      { Account: '1002', AnswerTime: '2014-07-14T14:25:00Z', Usage: 45000000000, Cost: 12.1 },
      { Account: '1002', SetupTime: '2014-07-14T14:25:00Z', Usage: 0, Cost: 0 },
    ];
    for (const [i, event] of events.entries()) {
      expect(
        await client.call('StatSv1.ProcessEvent', {
          Tenant: 'cgrates.org',
          ID: `event${i + 1}`,
          Event: event,
        }),
      ).toEqual({ result: ['Stats1'], error: null });
    }
    expect(
      await client.call('StatSv1.GetQueueStringMetrics', { Tenant: 'cgrates.org', ID: 'Stats1' }),
    ).toEqual({
      result: {
        '*asr': '66.66667%',
        '*acd': '1m0s',
        '*acc': '45.03333',
        '*tcd': '3m0s',
        '*tcc': '135.1',
        '*pdd': 'N/A',
        '*sum#~*req.Usage': '180000000000',
        '*average#~*req.Usage': '60000000000',
      },
      error: null,
    });
    expect(await client.call('StatSv1.GetQueueFloatMetrics', { ID: 'Stats1' })).toEqual({
      result: {
        '*asr': 66.66667,
        '*acd': 60000000000,
        '*tcc': 135.1,
        '*tcd': 180000000000,
        '*acc': 45.03333,
        '*pdd': -1,
        '*sum#~*req.Usage': 180000000000,
        '*average#~*req.Usage': 60000000000,
      },
      error: null,
    });
    const queue = await client.call('StatSv1.GetStatQueue', { ID: 'Stats1' });
    expect(queue.error).toBeNull();
    expect((queue.result as { SQItems: { EventID: string }[] }).SQItems.map((i) => i.EventID)).toEqual([
      'event1',
      'event2',
      'event3',
    ]);
    expect(
      await client.call('StatSv1.GetStatQueuesForEvent', { ID: 'x', Event: { Account: '1001' } }),
    ).toEqual({
      result: ['Stats1'],
      error: null,
    });
    expect(await client.call('StatSv1.GetQueueIDs', { Tenant: 'cgrates.org' })).toEqual({
      result: ['Stats1'],
      error: null,
    });
    expect(await client.call('APIerSv1.GetStatQueueProfileIDs', { Tenant: 'cgrates.org' })).toEqual({
      result: ['Stats1'],
      error: null,
    });
    expect(await client.call('APIerSv1.GetFilterIDs', {})).toEqual({ result: ['FLTR_STS1'], error: null });
    expect(await client.call('StatSv1.ResetStatQueue', { ID: 'Stats1' })).toEqual({
      result: 'OK',
      error: null,
    });
    expect(await client.call('StatSv1.GetQueueStringMetrics', { ID: 'Stats1' })).toMatchObject({
      result: { '*asr': 'N/A', '*sum#~*req.Usage': 'N/A' },
    });
  });

  it('answers with the CGRateS error strings', async () => {
    const cases: [string, unknown, string][] = [
      ['StatSv1.ProcessEvent', { Event: {} }, 'MANDATORY_IE_MISSING: [ID]'],
      ['StatSv1.ProcessEvent', { ID: 'e' }, 'MANDATORY_IE_MISSING: [Event]'],
      ['StatSv1.ProcessEvent', { ID: 'e', Event: { Account: 'nobody' } }, 'NOT_FOUND'],
      ['StatSv1.GetStatQueue', {}, 'MANDATORY_IE_MISSING: [ID]'],
      ['StatSv1.GetQueueStringMetrics', {}, 'MANDATORY_IE_MISSING: [ID]'],
      ['StatSv1.GetQueueFloatMetrics', { ID: 'nope' }, 'NOT_FOUND'],
      ['StatSv1.ResetStatQueue', {}, 'MANDATORY_IE_MISSING: [ID]'],
      ['APIerSv1.GetStatQueueProfile', { ID: 'nope' }, 'NOT_FOUND'],
      ['APIerSv1.RemoveStatQueueProfile', { ID: 'nope' }, 'NOT_FOUND'],
      ['APIerSv1.SetStatQueueProfile', { Tenant: 'cgrates.org' }, 'MANDATORY_IE_MISSING: [ID]'],
      [
        'APIerSv1.SetStatQueueProfile',
        { ID: 'TEST_PROFILE1', FilterIDs: ['*wrong:inline'] },
        'SERVER_ERROR: broken reference to filter: <*wrong:inline> for item with ID: cgrates.org:TEST_PROFILE1',
      ],
      [
        'APIerSv1.SetStatQueueProfile',
        { ID: 'X', Metrics: [{ MetricID: '*bogus' }] },
        'SERVER_ERROR: unsupported metric type <*bogus>',
      ],
      ['APIerSv1.GetStatQueueProfileIDs', { Tenant: 'empty.org' }, 'NOT_FOUND'],
      ['APIerSv1.GetFilter', { ID: 'nope' }, 'NOT_FOUND'],
      ['StatSv1.Nope', {}, "rpc: can't find method StatSv1.Nope"],
      ['NoSuchSv1.Ping', {}, "rpc: can't find service NoSuchSv1.Ping"],
      ['nodot', {}, 'rpc: service/method request ill-formed: nodot'],
      [
        'StatSv1.ProcessEvent',
        { ID: 5, Event: {} },
        'json: cannot unmarshal number into Go struct field utils.CGREvent.ID of type string',
      ],
      [
        'StatSv1.ProcessEvent',
        { ID: 'e', Event: {}, APIOpts: { '*stsProfileIDs': 'Stats1' } },
        'cannot convert field: string to []string',
      ],
    ];
    for (const [method, arg, error] of cases) {
      expect([method, await client.call(method, arg)]).toEqual([method, { result: null, error }]);
    }
    expect(await client.call('StatSv1.GetQueueIDs', { Tenant: 'empty.org' })).toEqual({
      result: [],
      error: null,
    });
  });

  it('reads Go-style case-insensitive field names and accepts Go duration strings for TTL', async () => {
    expect(
      await client.call('APIerSv1.SetStatQueueProfile', {
        tenant: 'cgrates.org',
        id: 'CASE',
        ttl: '10s',
        metrics: [{ MetricID: '*sum#1' }],
      }),
    ).toEqual({ result: 'OK', error: null });
    const profile = await client.call('APIerSv1.GetStatQueueProfile', { ID: 'CASE' });
    expect(profile.result).toMatchObject({ ID: 'CASE', TTL: 10_000_000_000 });
  });

  it('serves JSON-RPC 2.0 and batches on TCP and HTTP', async () => {
    const v2 = await client.request({ jsonrpc: '2.0', method: 'StatSv1.GetQueueIDs', params: [{}] });
    expect(v2).toEqual({
      jsonrpc: '2.0',
      id: expect.any(Number),
      result: expect.arrayContaining(['Stats1']),
    });
    const err = await client.request({
      jsonrpc: '2.0',
      method: 'StatSv1.GetStatQueue',
      params: { ID: 'nope' },
    });
    expect(err).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: 'NOT_FOUND' } });
    const res = await httpRequestRaw(engine.httpPort, {
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'StatSv1.Ping', params: [] },
        { jsonrpc: '2.0', id: 'b', method: 'APIerSv1.GetStatQueueProfile', params: [{ ID: 'nope' }] },
      ]),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([
      { jsonrpc: '2.0', id: 'a', result: 'Pong' },
      { jsonrpc: '2.0', id: 'b', error: { code: -32000, message: 'NOT_FOUND' } },
    ]);
  });

  it('reads newline-free, back-to-back and split frames and pipelines them on one connection', async () => {
    const calls = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ method: 'StatSv1.GetQueueStringMetrics', params: [{ ID: 'Stats1' }], id: i }),
    ).join('');
    const chunks: string[] = [];
    for (let i = 0; i < calls.length; i += 7) chunks.push(calls.slice(i, i + 7));
    const { replies } = await rawExchange(engine.tcpPort, chunks, 50);
    expect(replies).toHaveLength(50);
    expect(new Set(replies.map((r) => (r as { id: number }).id))).toEqual(
      new Set(Array.from({ length: 50 }, (_, i) => i)),
    );
    for (const r of replies) expect(r).toMatchObject({ error: null, result: { '*tcd': expect.any(String) } });
  });

  it('answers several concatenated requests in one HTTP body, whatever the content type', async () => {
    const res = await httpRequestRaw(engine.httpPort, {
      headers: { 'Content-Type': 'text/plain' },
      body: '{"method":"StatSv1.Ping","params":[],"id":1}{"method":"CoreSv1.Ping","params":[],"id":2}',
    });
    expect(res.status).toBe(200);
    expect(parseReplyLines(res.body).sort((a, b) => Number(a['id']) - Number(b['id']))).toEqual([
      { id: 1, result: 'Pong', error: null },
      { id: 2, result: 'Pong', error: null },
    ]);
  });

  it('exposes queue metrics to Prometheus and answers Traffic-Stats-style queries over HTTP', async () => {
    const metrics = await httpRequestRaw(engine.httpPort, { method: 'GET', path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    // Stats1 was reset above (N/A, not exported); CASE's *sum#1 reads 0
    expect(metrics.body).toMatch(
      /^statqueue_metric\{tenant="cgrates\.org",queue="CASE",metric="\*sum#1"\} 0$/m,
    );
    expect(metrics.body).toMatch(/^statqueue_events_processed_total \d+/m);
    const unknown = await httpRequestRaw(engine.httpPort, {
      method: 'GET',
      path: '/api/queue_stats?tenant=cgrates.org&queue=nope&metricType=*asr&startDate=2026-01-01T00:00:00Z&endDate=2026-01-02T00:00:00Z',
    });
    expect(unknown.status).toBe(404);
    const bad = await httpRequestRaw(engine.httpPort, {
      method: 'GET',
      path: '/api/queue_stats?tenant=cgrates.org&queue=Stats1&metricType=*asr&startDate=x&endDate=y',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ alerts: [{ text: 'Invalid startDate!', level: 'error' }] });
  });

  it('reports engine status', async () => {
    const { result } = await client.call('CoreSv1.Status', {});
    expect(result).toMatchObject({
      version: expect.stringMatching(/^StatQueue /),
      active_connections: expect.any(Number),
      events_processed: expect.any(Number),
      store: { type: '*internal', state: 'up' },
    });
  });

  it('survives every kind of bad input in one run while other connections and queues stay intact', async () => {
    const before = await client.call('StatSv1.GetStatQueue', { ID: 'Stats1' });
    const halfSent = new Promise<void>((resolve) => {
      const socket = connect({ port: engine.tcpPort, host: '127.0.0.1' }, () => {
        socket.write('{"method":"StatSv1.ProcessEvent","params":[{"ID":"half"');
        setImmediate(() => socket.destroy());
      });
      socket.on('close', () => resolve());
    });
    const bad: string[][] = [
      ['this is not json'],
      ['42'],
      ['{"method":"StatSv1.ProcessEvent","params":{"ID":"x"},"id":1}'],
      ['{"method":"StatSv1.ProcessEvent","params":[{}],"id":2}'],
      ['{"method":"StatSv1.GetStatQueue","params":[{}],"id":3}'],
      ['{"method":"APIerSv1.SetStatQueueProfile","params":[{"ID":"Stats1","QueueLength":"x"}],"id":4}'],
      [
        '{"method":"StatSv1.ProcessEvent","params":[{"ID":"e","Event":{"Account":"1001"}}],"id":"' +
          'x'.repeat(2 * 1024 * 1024) +
          '"}',
      ],
    ];
    // framing errors get one error reply and close their own connection: wait for the close
    const framing = new Set([0, 1, 6]);
    const results = await Promise.all(
      bad.map((chunks, i) => rawExchange(engine.tcpPort, chunks, framing.has(i) ? Infinity : 1)),
    );
    await halfSent;
    for (const i of framing) {
      expect(results[i]?.closed).toBe(true);
      expect(results[i]?.replies).toEqual([{ id: null, result: null, error: expect.any(String) }]);
    }
    expect(results[2]?.replies[0]).toMatchObject({
      error: 'json: cannot unmarshal object into Go value of type [1]interface {}',
    });
    expect(results[3]?.replies[0]).toMatchObject({ error: 'MANDATORY_IE_MISSING: [ID]' });
    expect(results[4]?.replies[0]).toMatchObject({ error: 'MANDATORY_IE_MISSING: [ID]' });
    expect(results[5]?.replies[0]).toMatchObject({
      error: expect.stringContaining('json: cannot unmarshal string'),
    });
    expect(await client.call('StatSv1.GetStatQueue', { ID: 'Stats1' })).toEqual(before);
    expect(await client.call('StatSv1.Ping', {})).toEqual({ result: 'Pong', error: null });
  });
});
