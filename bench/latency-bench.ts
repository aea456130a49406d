/**
 * Latency: an open-loop constant rate at a fraction (half) of the measured maximum TCP rate, with
 * and without store flushes of every queue running at the same time (DESIGN §6.5), plus the time
 * one flush of all those dirty queues takes.
 */
import { performance } from 'node:perf_hooks';
import type { BenchParams } from './bench-params';
import { BenchRedis, findRedisServer } from './bench-redis';
import { BenchChild } from './bench-child';
import type { GcPauses } from './gc-watch';
import { EngineSession } from './engine-session';
import { runLoad } from './run-load';
import { median, ratio, round3 } from './sample-stats';

/** A count bound on the back-to-back flushes; the run's duration is the real bound. */
const MAX_FLUSHES_DURING_RUN = 10_000;

export interface LatencyRun {
  readonly rateRps: number;
  readonly achievedRps: number;
  readonly count: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly drained: boolean;
  /** Requests still unanswered when the run's time bound hit: not in the percentiles, so read them too. */
  readonly unanswered: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly clientCpuPct: number;
  readonly serverCpuPct: number | null;
  /** CPU the rest of the machine used meanwhile (see LoadSummary.othersCpuPct). */
  readonly othersCpuPct: number | null;
  /** The engine's GC pauses during the run (warm-up included). */
  readonly gc: GcPauses;
}

export interface FlushTiming {
  readonly store: string;
  readonly queues: number;
  readonly itemsPerQueue: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly written: number;
}

export interface DuringFlush {
  readonly store: string;
  readonly redisVersion: string;
  readonly setup: EngineSession['setup'];
  /** Same engine, same rate, no flush running. */
  readonly baseline: LatencyRun;
  /** Flushes of every queue run back to back for the whole run. */
  readonly flushing: LatencyRun;
  readonly flushRuns: number;
  readonly flushMsMedian: number;
  /** redis-server's CPU (% of one core) during each run: it shares the machine's cores. */
  readonly baselineRedisCpuPct: number | null;
  readonly flushingRedisCpuPct: number | null;
  /** flushing.p99Ms / baseline.p99Ms. */
  readonly p99Ratio: number | null;
}

export interface RedisLatency {
  readonly flush: FlushTiming;
  readonly duringFlush: DuringFlush;
}

function openLoop(p: BenchParams, engine: EngineSession, rate: number, runTag: string): Promise<LatencyRun> {
  return openLoopOn(p, engine.child, engine.tcpPort, rate, runTag);
}

async function openLoopOn(
  p: BenchParams,
  server: BenchChild,
  port: number,
  rate: number,
  runTag: string,
): Promise<LatencyRun> {
  await server.request({ type: 'gc-watch-start' }, 'gc-watch-started', 10_000);
  const r = await runLoad(
    {
      mode: 'open',
      transport: 'tcp',
      port,
      httpPath: '/jsonrpc',
      connections: p.latency.connections,
      window: 0,
      warmupMs: p.latency.warmupMs,
      durationMs: p.latency.durationMs,
      rate,
      count: 0,
      profiles: p.profiles,
      runTag,
    },
    server,
  );
  const gc = (await server.request({ type: 'gc-watch-stop' }, 'gc-pauses', 10_000))['pauses'] as GcPauses;
  const l = r.latency;
  if (l === null) throw new Error('open-loop run returned no latency');
  return {
    rateRps: Math.round(rate),
    achievedRps: r.rps,
    count: l.count,
    errors: r.errors,
    firstError: r.firstError,
    drained: r.drained,
    unanswered: r.sent - r.received,
    p50Ms: l.p50Ms,
    p90Ms: l.p90Ms,
    p99Ms: l.p99Ms,
    p999Ms: l.p999Ms,
    maxMs: l.maxMs,
    meanMs: l.meanMs,
    clientCpuPct: r.clientCpuPct,
    serverCpuPct: r.serverCpuPct,
    othersCpuPct: r.othersCpuPct,
    gc,
  };
}

/** Latency at `rate` on a prepared engine, nothing else running. */
export function measureLatency(
  p: BenchParams,
  engine: EngineSession,
  rate: number,
  runTag: string,
): Promise<LatencyRun> {
  return openLoop(p, engine, rate, runTag);
}

const ECHO_LIFETIME_MS = 5 * 60_000;

/**
 * The control: the echo server at the same rate, same generator, same machine. Its tail is what
 * the protocol and this machine cost by themselves (scheduling noise, the client's own pauses).
 */
export async function measureEchoLatency(p: BenchParams, rate: number): Promise<LatencyRun> {
  const { child, ready } = await BenchChild.start('echo-server', {}, { lifetimeMs: ECHO_LIFETIME_MS });
  try {
    return await openLoopOn(p, child, Number(ready['tcpPort']), rate, 'le');
  } finally {
    await child.stop();
  }
}

/** Times `repeats` flushes of every queue with no load (serialisation plus the store's writes). */
export async function measureFlush(
  p: BenchParams,
  engine: EngineSession,
  repeats: number,
): Promise<FlushTiming> {
  const f = await engine.flush(0, repeats);
  const runsMs = f.runs.map((r) => round3(r.ms));
  return {
    store: engine.setup.dataDb,
    queues: f.queues,
    itemsPerQueue: engine.shape.queueLength,
    runsMs,
    medianMs: round3(median(runsMs)),
    written: f.runs.at(-1)?.written ?? 0,
  };
}

/** Each call returns redis-server's CPU % of one core since the previous call (null without /proc). */
function redisCpuMeter(redis: BenchRedis): () => number | null {
  let lastCpu = redis.cpuSeconds();
  let lastMs = performance.now();
  return () => {
    const cpu = redis.cpuSeconds();
    const now = performance.now();
    const pct =
      cpu === null || lastCpu === null ? null : round3(((cpu - lastCpu) * 100_000) / (now - lastMs));
    lastCpu = cpu;
    lastMs = now;
    return pct;
  };
}

/**
 * The flush part on Redis: a real redis-server on a free port, Stored profiles, flush timings,
 * then the same open-loop rate without and with back-to-back flushes. Null with a reason when no
 * redis-server binary exists.
 */
export async function measureRedisLatency(
  p: BenchParams,
  rate: number,
  log: (line: string) => void,
): Promise<RedisLatency | { reason: string }> {
  const found = findRedisServer();
  if (!('path' in found)) return { reason: found.reason };
  const redis = await BenchRedis.start(found.path, found.version);
  try {
    log(`latency: redis-server on port ${redis.port}; loading ${p.profiles} stored profiles`);
    const engine = await EngineSession.start(p, { type: '*redis', port: redis.port });
    try {
      log('latency: timing flushes of every queue to Redis');
      const flush = await measureFlush(p, engine, p.latency.flushRepeats);
      log(`latency: redis baseline at ${Math.round(rate)} req/s`);
      const redisCpu = redisCpuMeter(redis);
      const baseline = await openLoop(p, engine, rate, 'rb');
      const baselineRedisCpuPct = redisCpu();
      log('latency: redis with back-to-back flushes');
      const totalMs = p.latency.warmupMs + p.latency.durationMs;
      const [flushing, during] = await Promise.all([
        openLoop(p, engine, rate, 'rf'),
        engine.flush(totalMs, MAX_FLUSHES_DURING_RUN),
      ]);
      const flushingRedisCpuPct = redisCpu();
      return {
        flush,
        duringFlush: {
          store: '*redis',
          redisVersion: redis.version,
          setup: engine.setup,
          baseline,
          flushing,
          flushRuns: during.runs.length,
          flushMsMedian: round3(median(during.runs.map((r) => r.ms))),
          baselineRedisCpuPct,
          flushingRedisCpuPct,
          p99Ratio: ratio(flushing.p99Ms, baseline.p99Ms),
        },
      };
    } finally {
      await engine.stop();
    }
  } finally {
    await redis.stop();
  }
}
