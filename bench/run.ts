/**
 * `npm run bench [-- --quick]`: runs every measurement of DESIGN §6 and prints ONE JSON document
 * on stdout (a short table goes to stderr). Servers, load generators and in-process measurements
 * each run in their own child process; all traffic stays on 127.0.0.1. The document's field set
 * is checked before it is printed (exit 1 when incomplete); the targets are reported, never
 * enforced, because absolute timings drift on shared machines.
 */
import { parseArgs } from 'node:util';
import { FULL_PARAMS, QUICK_PARAMS } from './bench-params';
import { BENCH_SCHEMA, evaluateTargets } from './bench-result';
import type { BenchDocument, LatencyResult } from './bench-result';
import { checkBenchDocument } from './check-output';
import { measureCore } from './core-bench';
import { measureDesign } from './design-bench';
import { EngineSession } from './engine-session';
import { measureEchoLatency, measureFlush, measureLatency, measureRedisLatency } from './latency-bench';
import { machineInfo } from './machine-info';
import { measureMemory } from './memory-bench';
import { formatTable } from './report-table';
import { measureScale } from './scale-bench';
import { measureEcho, measureWire } from './wire-bench';

const WATCHDOG_MS = { full: 60 * 60_000, quick: 3 * 60_000 } as const;

const USAGE = `usage: node dist/bench/run.js [--quick]
  --quick   tiny sizes and sub-second windows: every section and field, in seconds (CI smoke run)
Prints one JSON document on stdout; progress and a summary table on stderr.`;

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const p = values.quick ? QUICK_PARAMS : FULL_PARAMS;
  const watchdog = setTimeout(() => {
    log(`gave up after ${WATCHDOG_MS[p.mode]} ms`);
    process.exit(2);
  }, WATCHDOG_MS[p.mode]);
  watchdog.unref();
  const startedAt = new Date();
  const machine = machineInfo();
  log(`${p.mode} run on ${machine.cpus} × ${machine.cpuModel}, node ${machine.nodeVersion}`);

  log('wire: echo server (TCP, HTTP)');
  const echo = await measureEcho(p);
  log(`wire: StatQueue *internal — loading ${p.profiles} profiles over RPC and pre-filling every queue`);
  const engine = await EngineSession.start(p, { type: '*internal' });
  let wire;
  let noFlush;
  let flushInternal;
  let rate: number;
  try {
    log('wire: StatQueue (TCP, HTTP)');
    wire = await measureWire(p, engine, echo);
    rate = wire.tcp.statqueueRps * p.latency.rateFraction;
    log(`latency: open loop at ${Math.round(rate)} req/s on *internal`);
    noFlush = await measureLatency(p, engine, rate, 'ln');
    log('latency: timing flushes of every queue on *internal (serialisation only)');
    flushInternal = await measureFlush(p, engine, p.latency.flushRepeats);
  } finally {
    await engine.stop();
  }

  log(`latency: control, the echo server at ${Math.round(rate)} req/s`);
  const echoControl = await measureEchoLatency(p, rate);
  log(`core: processEvent vs JSON.parse, ${p.profiles} profiles`);
  const core = await measureCore(p);
  log(`scale: ${p.scale.smallProfiles} vs ${p.scale.largeProfiles} profiles`);
  const scale = await measureScale(p);
  log(`memory: ${p.memory.queues} queues × ${p.memory.itemsPerQueue} items`);
  const memory = await measureMemory(p);
  log('design: framer and index against their alternatives');
  const design = await measureDesign(p, wire);
  const redis = await measureRedisLatency(p, rate, log);
  const latency: LatencyResult = {
    rateFraction: p.latency.rateFraction,
    maxTcpRps: wire.tcp.statqueueRps,
    rateRps: Math.round(rate),
    connections: p.latency.connections,
    warmupMs: p.latency.warmupMs,
    durationMs: p.latency.durationMs,
    noFlush,
    echoControl,
    flush: 'reason' in redis ? flushInternal : redis.flush,
    flushInternal,
    duringFlush: 'reason' in redis ? null : redis.duringFlush,
    duringFlushReason: 'reason' in redis ? redis.reason : null,
  };

  const partial: Omit<BenchDocument, 'targets'> = {
    schema: BENCH_SCHEMA,
    mode: p.mode,
    startedAt: startedAt.toISOString(),
    totalMs: Date.now() - startedAt.getTime(),
    machine,
    params: p,
    wire,
    core,
    scale,
    memory,
    latency,
    design,
  };
  const doc: BenchDocument = { ...partial, targets: evaluateTargets(partial) };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  process.stderr.write(formatTable(doc));
  const problems = checkBenchDocument(doc);
  if (problems.length > 0) {
    log(`the document is incomplete:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
