import { Dispatcher } from '../../src/rpc/dispatcher';
import { thresholdsV1Methods } from '../../src/rpc/methods/thresholds-v1';
import { createStatUpdateSink } from '../../src/rpc/stat-update-sinks';
import type { ClosableStatUpdateSink } from '../../src/rpc/stat-update-sinks';
import { startTcpServer } from '../../src/rpc/tcp-transport';
import type { TcpServer } from '../../src/rpc/tcp-transport';
import { FakeClock } from '../helpers/fake-clock';
import { statEngine } from '../helpers/stat-engine';
import type { StatEngine } from '../helpers/stat-engine';
import { captureLogger, thresholdEngine } from '../helpers/threshold-engine';
import type { ThresholdEngine } from '../helpers/threshold-engine';

/** Engine "B": a ThresholdS served over raw TCP. */
async function serveThresholds(th: ThresholdEngine, port = 0): Promise<TcpServer> {
  const dispatcher = new Dispatcher(new Map(thresholdsV1Methods(th.thresholds)), {
    logger: th.log.logger,
    apiKey: '',
  });
  return startTcpServer({
    host: '127.0.0.1',
    port,
    dispatcher,
    maxRequestBytes: 1 << 20,
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    logger: th.log.logger,
  });
}

function ev(id: string, event: Record<string, unknown>): Record<string, unknown> {
  return { Tenant: 'cgrates.org', ID: id, Event: event };
}

async function outcome(p: unknown): Promise<unknown> {
  try {
    return await p;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('StatS → remote ThresholdS (createStatUpdateSink with a host:port)', () => {
  const log = captureLogger();
  let b: ThresholdEngine;
  let server: TcpServer | undefined;
  let sink: ClosableStatUpdateSink | undefined;
  let a: StatEngine;

  beforeEach(async () => {
    log.lines.length = 0;
    b = thresholdEngine();
    b.actions.setActions({ ActionsId: 'ACT_LOG', Actions: [{ Identifier: '*log' }] });
    b.thresholds.setProfile({
      ID: 'TH_SQ1',
      FilterIDs: ['*string:~*req.StatID:SQ1', '*gte:~*req.*tcc:1'],
      MaxHits: -1,
      ActionIDs: ['ACT_LOG'],
    });
    server = await serveThresholds(b);
    sink = createStatUpdateSink([`127.0.0.1:${server.address().port}`], {
      logger: log.logger,
      callTimeoutMs: 1000,
      clientOptions: { reconnectMinMs: 20, reconnectMaxMs: 50 },
    });
    a = statEngine({}, sink, new FakeClock());
    a.stats.setProfile({ ID: 'SQ1', QueueLength: 10, Metrics: [{ MetricID: '*tcc' }] });
    a.stats.setProfile({
      ID: 'SQ2',
      FilterIDs: ['*string:~*req.Queue:2'],
      QueueLength: 10,
      Metrics: [{ MetricID: '*tcc' }],
    });
  });

  afterEach(async () => {
    await sink?.close();
    await server?.close(100);
    server = undefined;
  });

  it('delivers StatUpdate events and ignores NOT_FOUND', async () => {
    await expect(outcome(a.stats.processEvent(ev('e1', { Cost: 2 })))).resolves.toEqual(['SQ1']);
    expect(b.thresholds.getThreshold({ ID: 'TH_SQ1' })['Hits']).toBe(1);
    expect(b.log.matching('LOG ExtraData:')).toHaveLength(1);
    // SQ2's update matches nothing on B: NOT_FOUND is not a failure
    await expect(outcome(a.stats.processEvent(ev('e2', { Cost: 2, Queue: '2' })))).resolves.toEqual([
      'SQ1',
      'SQ2',
    ]);
  });

  it('answers PARTIALLY_EXECUTED at once while B is down, logs the outage once, and recovers', async () => {
    await expect(outcome(a.stats.processEvent(ev('e1', { Cost: 2 })))).resolves.toEqual(['SQ1']);
    const port = (server as TcpServer).address().port;
    await (server as TcpServer).close(100);
    server = undefined;

    for (let i = 0; i < 5; i++) {
      const startedMs = performance.now();
      expect(await outcome(a.stats.processEvent(ev(`down${i}`, { Cost: 1 })))).toBe('PARTIALLY_EXECUTED');
      expect(performance.now() - startedMs).toBeLessThan(500);
    }
    // the metrics were updated regardless
    expect(a.stats.floatMetrics({ ID: 'SQ1' })).toEqual({ '*tcc': 7 });
    expect(log.matching('unreachable')).toHaveLength(1);

    server = await serveThresholds(b, port);
    let delivered: unknown;
    for (let i = 0; i < 250 && !Array.isArray(delivered); i++) {
      delivered = await outcome(a.stats.processEvent(ev(`back${i}`, { Cost: 1 })));
      if (!Array.isArray(delivered)) await new Promise((r) => setTimeout(r, 20));
    }
    expect(delivered).toEqual(['SQ1']);
    expect(log.matching('reachable again')).toHaveLength(1);
    expect(log.matching('unreachable')).toHaveLength(1);
  });

  it('passes other error replies on as failures', async () => {
    b.thresholds.setProfile({
      ID: 'TH_SQ1',
      FilterIDs: ['*string:~*req.StatID:SQ1'],
      MaxHits: -1,
      ActionIDs: ['ACT_MISSING'],
    });
    expect(await outcome(a.stats.processEvent(ev('e1', { Cost: 2 })))).toBe('PARTIALLY_EXECUTED');
    expect(await outcome(a.stats.processEvent(ev('e2', { Cost: 2 })))).toBe('PARTIALLY_EXECUTED');
    expect(log.matching('remote ThresholdS answered an error')).toHaveLength(1);
  });
});

describe('createStatUpdateSink', () => {
  const log = captureLogger();

  it('builds nothing for an empty list and refuses *internal without ThresholdS', () => {
    expect(createStatUpdateSink([], { logger: log.logger, callTimeoutMs: 1000 })).toBeUndefined();
    expect(() => createStatUpdateSink(['*internal'], { logger: log.logger, callTimeoutMs: 1000 })).toThrow(
      'stats.thresholds_conns has *internal but thresholds are disabled',
    );
    expect(() => createStatUpdateSink(['nohost'], { logger: log.logger, callTimeoutMs: 1000 })).toThrow(
      'invalid address <nohost>',
    );
  });

  it('fans out to every conn and fails when one fails', async () => {
    const local = thresholdEngine();
    local.thresholds.setProfile({ ID: 'TH_LOCAL', MaxHits: -1 });
    const calls: string[] = [];
    let remoteFails = false;
    const sink = createStatUpdateSink(['*internal', '10.0.0.1:2012', '*internal'], {
      thresholds: local.thresholds,
      logger: log.logger,
      callTimeoutMs: 1000,
      createClient: (address) => ({
        address,
        call: (method) => {
          calls.push(method);
          return remoteFails
            ? Promise.reject(new Error('SERVER_ERROR: boom'))
            : Promise.resolve(['TH_REMOTE']);
        },
        close: () => Promise.resolve(),
      }),
    }) as ClosableStatUpdateSink;
    const event = { Tenant: 'cgrates.org', ID: 'u1', Time: null, Event: { StatID: 'SQ1' }, APIOpts: {} };
    await sink.send(event);
    expect(calls).toEqual(['ThresholdSv1.ProcessEvent']);
    expect(local.thresholds.getThreshold({ ID: 'TH_LOCAL' })['Hits']).toBe(1);
    remoteFails = true;
    await expect(sink.send({ ...event, ID: 'u2' })).rejects.toThrow('SERVER_ERROR: boom');
    // the in-process ThresholdS was still notified
    expect(local.thresholds.getThreshold({ ID: 'TH_LOCAL' })['Hits']).toBe(2);
    await sink.close();
  });
});
