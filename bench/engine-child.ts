/**
 * StatQueue as the wire benchmarks see it: `startStatQueue` in its own process, listening on free
 * loopback ports, driven over JSON-RPC by the load generator. The IPC channel carries what the
 * bench needs beyond the wire: CPU usage, queue fill checks and timed store flushes.
 */
import { performance } from 'node:perf_hooks';
import { startStatQueue } from '../src/main';
import type { RunningEngine } from '../src/main';
import type { ConfigInput } from '../src/config/schema';
import { StoreKind } from '../src/store/data-store';
import { childArg, countSocketWrites, monotonicUs, runChild, toParent } from './bench-child';
import type { BenchMessage } from './bench-child';
import { GcWatchHandler } from './gc-watch';
import { BENCH_TENANT } from './workload';

/** The child's argument. */
export interface EngineChildArg {
  readonly dataDb: { readonly type: '*internal' } | { readonly type: '*redis'; readonly port: number };
  /** Longest the process may live. */
  readonly lifetimeMs: number;
}

/** Reply to `queue-stats`. */
export interface QueueStats {
  readonly queues: number;
  readonly items: number;
  readonly minItems: number;
  readonly maxItems: number;
}

// Periodic, but never within a bench run: every flush here is one the bench starts and times.
const STORE_INTERVAL_NEVER_IN_RUN = '1h';

function config(arg: EngineChildArg): ConfigInput {
  return {
    listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' },
    logger: { level: 'warn' },
    data_db:
      arg.dataDb.type === '*redis'
        ? { db_type: '*redis', db_host: '127.0.0.1', db_port: arg.dataDb.port, required_at_start: true }
        : { db_type: '*internal' },
    stats: { store_interval: STORE_INTERVAL_NEVER_IN_RUN, thresholds_conns: [] },
    series: { enabled: false },
  };
}

function queueStats(engine: RunningEngine): QueueStats {
  let queues = 0;
  let items = 0;
  let minItems = Number.POSITIVE_INFINITY;
  let maxItems = 0;
  engine.stats.forEachQueue((q) => {
    const n = q.items.length;
    queues++;
    items += n;
    if (n < minItems) minItems = n;
    if (n > maxItems) maxItems = n;
  });
  return { queues, items, minItems: queues === 0 ? 0 : minItems, maxItems };
}

/** Marks every queue of the tenant dirty and times one flush of the store scheduler. */
async function timedFlush(
  engine: RunningEngine,
  ids: readonly string[],
): Promise<{ ms: number; written: number }> {
  for (const id of ids) engine.scheduler.markDirty(StoreKind.STAT_QUEUE, BENCH_TENANT, id);
  const t0 = performance.now();
  const result = await engine.scheduler.flush();
  return { ms: performance.now() - t0, written: result.written };
}

runChild(async () => {
  const arg = childArg<EngineChildArg>();
  const socketWrites = countSocketWrites();
  const lifetime = setTimeout(() => process.exit(3), arg.lifetimeMs);
  lifetime.unref();
  const engine = await startStatQueue(config(arg));
  let stopping = false;
  const gcWatch = new GcWatchHandler();

  const handle = async (m: BenchMessage): Promise<void> => {
    switch (m.type) {
      case 'cpu':
        toParent({ type: 'cpu', usage: process.cpuUsage(), writes: socketWrites() });
        return;
      case 'clock':
        // The clock V8's CPU profiler stamps samples with (monotonic, µs): lets a profile be cut to a window.
        toParent({ type: 'clock', us: monotonicUs() });
        return;
      case 'gc-watch-start':
      case 'gc-watch-stop':
        gcWatch.handle(m);
        return;
      case 'queue-stats':
        toParent({ type: 'queue-stats', stats: queueStats(engine) });
        return;
      case 'flush': {
        // Repeats back-to-back flushes of every queue until the time or count bound is reached.
        const ids = engine.stats.queueIDs(BENCH_TENANT);
        // durationMs 0: exactly maxRuns flushes; otherwise flushes until the time is up (or maxRuns).
        const durationMs = Number(m['durationMs'] ?? 0);
        const untilMs = durationMs > 0 ? performance.now() + durationMs : Number.POSITIVE_INFINITY;
        const maxRuns = Number(m['maxRuns'] ?? 1);
        const runs: { ms: number; written: number }[] = [];
        do runs.push(await timedFlush(engine, ids));
        while (runs.length < maxRuns && performance.now() < untilMs);
        toParent({ type: 'flushed', queues: ids.length, runs });
        return;
      }
      case 'stop':
        if (stopping) return;
        stopping = true;
        await engine.close();
        // A normal exit, so that --cpu-prof writes its profile.
        process.exit(0);
        return;
      default:
        toParent({ type: 'error', message: `unknown message ${m.type}` });
    }
  };
  process.on('message', (m: BenchMessage) => {
    handle(m).catch((err: unknown) => toParent({ type: 'error', message: String(err) }));
  });
  toParent({ type: 'ready', tcpPort: engine.tcpPort, httpPort: engine.httpPort, pid: process.pid });
});
