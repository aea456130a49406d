import { performance } from 'node:perf_hooks';
import { BenchChild } from './bench-child';
import type { BenchParams } from './bench-params';
import type { EngineChildArg, QueueStats } from './engine-child';
import { BenchRpcClient } from './rpc-client';
import { runLoad } from './run-load';
import type { LoadSummary } from './run-load';
import { SET_PROFILE_METHOD, prefillEvents, profileArg } from './workload';
import type { WorkloadShape } from './workload';

/** How the engine under test was prepared. */
export interface EngineSetup {
  readonly dataDb: string;
  readonly profiles: number;
  readonly queueLength: number;
  readonly metricsPerQueue: number;
  readonly loadProfilesMs: number;
  readonly prefillEvents: number;
  readonly prefillMs: number;
  readonly prefillRps: number;
  readonly prefillErrors: number;
  readonly queues: number;
  readonly items: number;
  /** Every queue holds exactly QueueLength items, so every further event evicts one per queue. */
  readonly queuesFull: boolean;
}

const ENGINE_LIFETIME_MS = 30 * 60_000;

/**
 * A StatQueue child with the bench workload loaded over RPC (APIerSv1.SetStatQueueProfile) and
 * every queue pre-filled over RPC (StatSv1.ProcessEvent), ready for load.
 */
export class EngineSession {
  readonly child: BenchChild;
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly setup: EngineSetup;
  readonly shape: WorkloadShape;

  private constructor(
    child: BenchChild,
    tcpPort: number,
    httpPort: number,
    setup: EngineSetup,
    shape: WorkloadShape,
  ) {
    this.child = child;
    this.tcpPort = tcpPort;
    this.httpPort = httpPort;
    this.setup = setup;
    this.shape = shape;
  }

  static async start(
    p: BenchParams,
    dataDb: EngineChildArg['dataDb'],
    execArgv: readonly string[] = [],
  ): Promise<EngineSession> {
    const shape: WorkloadShape = {
      profiles: p.profiles,
      queueLength: p.queueLength,
      stored: dataDb.type === '*redis',
      metrics: p.metricsPerQueue,
    };
    const arg: EngineChildArg = { dataDb, lifetimeMs: ENGINE_LIFETIME_MS };
    const { child, ready } = await BenchChild.start('engine-child', arg, {
      lifetimeMs: ENGINE_LIFETIME_MS,
      execArgv,
    });
    try {
      const tcpPort = Number(ready['tcpPort']);
      const httpPort = Number(ready['httpPort']);
      const client = await BenchRpcClient.connect(tcpPort);
      const t0 = performance.now();
      try {
        const args = Array.from({ length: shape.profiles }, (_, i) => profileArg(shape, i));
        await client.callMany(SET_PROFILE_METHOD, args, p.wire.loadWindow);
      } finally {
        client.close();
      }
      const loadProfilesMs = performance.now() - t0;
      const events = prefillEvents(shape);
      const prefill: LoadSummary = await runLoad(
        {
          mode: 'count',
          transport: 'tcp',
          port: tcpPort,
          httpPath: '/jsonrpc',
          connections: p.wire.prefillConnections,
          window: p.wire.prefillWindow,
          warmupMs: 0,
          durationMs: p.wire.prefillBudgetMs,
          rate: 0,
          count: events,
          profiles: shape.profiles,
          runTag: 'pf',
        },
        null,
      );
      if (prefill.received !== events || prefill.errors > 0) {
        throw new Error(
          `pre-fill: ${prefill.received}/${events} replies, ${prefill.errors} errors (${prefill.firstError ?? 'none'})`,
        );
      }
      const qs = (await child.request({ type: 'queue-stats' }, 'queue-stats', 60_000))['stats'] as QueueStats;
      const setup: EngineSetup = {
        dataDb: dataDb.type,
        profiles: shape.profiles,
        queueLength: shape.queueLength,
        metricsPerQueue: shape.metrics,
        loadProfilesMs: Math.round(loadProfilesMs),
        prefillEvents: events,
        prefillMs: prefill.windowMs,
        prefillRps: prefill.rps,
        prefillErrors: prefill.errors,
        queues: qs.queues,
        items: qs.items,
        queuesFull: qs.queues === shape.profiles && qs.minItems === shape.queueLength,
      };
      return new EngineSession(child, tcpPort, httpPort, setup, shape);
    } catch (err) {
      await child.kill();
      throw err;
    }
  }

  /** Current queue fill (checks that the queues stayed full under load). */
  async queueStats(): Promise<QueueStats> {
    return (await this.child.request({ type: 'queue-stats' }, 'queue-stats', 60_000))['stats'] as QueueStats;
  }

  /**
   * Marks every queue dirty and flushes the store, back to back, until `durationMs` has passed
   * or `maxRuns` flushes ran; resolves with each flush's duration.
   */
  async flush(
    durationMs: number,
    maxRuns: number,
  ): Promise<{ queues: number; runs: { ms: number; written: number }[] }> {
    const reply = await this.child.request(
      { type: 'flush', durationMs, maxRuns },
      'flushed',
      durationMs + 600_000,
    );
    return { queues: Number(reply['queues']), runs: reply['runs'] as { ms: number; written: number }[] };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
