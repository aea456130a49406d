/**
 * `node dist/bench/profile.js [--quick] [--dir DIR] [--top N]`: where the time goes. Runs the
 * StatQueue child under `node --cpu-prof` with the wire TCP load of the bench, and the core loop
 * under `--cpu-prof`, then summarises both profiles (cut to the measured window) as JSON on stdout
 * and tables on stderr. The `.cpuprofile` files stay in DIR (default: under the OS temp dir) for
 * Chrome DevTools.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_PARAMS, QUICK_PARAMS } from './bench-params';
import type { BenchParams } from './bench-params';
import { formatSummary, summarizeCpuProfile } from './cpu-profile-summary';
import type { CpuProfile, ProfileSummary } from './cpu-profile-summary';
import { EngineSession } from './engine-session';
import { runCoreTask } from './run-core-task';
import { runLoad } from './run-load';
import type { LoadSummary } from './run-load';

function log(line: string): void {
  process.stderr.write(`profile: ${line}\n`);
}

function readProfile(dir: string, prefix: string): { file: string; profile: CpuProfile } {
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.cpuprofile'));
  if (name === undefined) throw new Error(`no ${prefix}*.cpuprofile in ${dir}`);
  const file = join(dir, name);
  return { file, profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile };
}

function profArgs(dir: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`];
}

async function profileWire(
  p: BenchParams,
  dir: string,
  top: number,
): Promise<{
  load: LoadSummary;
  file: string;
  summary: ProfileSummary;
  flush: { ms: number; summary: ProfileSummary };
  openLoop: { rateRps: number; p99Ms: number | null; maxMs: number | null; summary: ProfileSummary };
}> {
  log(`engine under wire TCP load (${p.profiles} profiles, pre-filled)`);
  const engine = await EngineSession.start(p, { type: '*internal' }, profArgs(dir, 'engine.cpuprofile'));
  let load: LoadSummary;
  let fromUs: number;
  let toUs: number;
  let flushFromUs: number;
  let flushToUs: number;
  let flushMs: number;
  let open: LoadSummary;
  let openFromUs: number;
  let openToUs: number;
  const clock = async (): Promise<number> =>
    Number((await engine.child.request({ type: 'clock' }, 'clock', 10_000))['us']);
  try {
    fromUs = await clock();
    load = await runLoad(
      {
        mode: 'closed',
        transport: 'tcp',
        port: engine.tcpPort,
        httpPath: '/jsonrpc',
        connections: p.wire.tcpConnections,
        window: p.wire.tcpWindow,
        warmupMs: p.wire.warmupMs,
        durationMs: p.wire.durationMs,
        rate: 0,
        count: 0,
        profiles: p.profiles,
        runTag: 'prof',
      },
      engine.child,
    );
    toUs = await clock();
    log(`engine under an open loop at ${Math.round(load.rps / 2)} req/s (latency stalls)`);
    openFromUs = await clock();
    open = await runLoad(
      {
        mode: 'open',
        transport: 'tcp',
        port: engine.tcpPort,
        httpPath: '/jsonrpc',
        connections: p.latency.connections,
        window: 0,
        warmupMs: p.latency.warmupMs,
        durationMs: p.latency.durationMs,
        rate: load.rps / 2,
        count: 0,
        profiles: p.profiles,
        runTag: 'profo',
      },
      engine.child,
    );
    openToUs = await clock();
    log('engine flushing every queue (*internal: serialisation alone)');
    flushFromUs = await clock();
    flushMs = (await engine.flush(0, 1)).runs[0]?.ms ?? Number.NaN;
    flushToUs = await clock();
  } finally {
    // A normal exit writes the profile.
    await engine.stop();
  }
  const { file, profile } = readProfile(dir, 'engine');
  const root = process.cwd();
  return {
    load,
    file,
    summary: summarizeCpuProfile(profile, { top, root, fromUs, toUs }),
    flush: {
      ms: flushMs,
      summary: summarizeCpuProfile(profile, { top, root, fromUs: flushFromUs, toUs: flushToUs }),
    },
    openLoop: {
      rateRps: Math.round(load.rps / 2),
      p99Ms: open.latency?.p99Ms ?? null,
      maxMs: open.latency?.maxMs ?? null,
      summary: summarizeCpuProfile(profile, { top, root, fromUs: openFromUs, toUs: openToUs }),
    },
  };
}

async function profileCore(
  p: BenchParams,
  dir: string,
  top: number,
): Promise<{ processEventNs: number | null; file: string; summary: ProfileSummary }> {
  log(`core loop (${p.profiles} profiles, processEvent rounds only)`);
  const r = await runCoreTask(
    {
      task: 'throughput',
      shape: { profiles: p.profiles, queueLength: p.queueLength, stored: false, metrics: p.metricsPerQueue },
      poolSize: p.core.poolSize,
      rounds: p.core.rounds,
      measureMatch: false,
      budgetMs: p.core.budgetMs,
    },
    profArgs(dir, 'core.cpuprofile'),
  );
  const { file, profile } = readProfile(dir, 'core');
  return {
    processEventNs: r.processEventNs,
    file,
    summary: summarizeCpuProfile(profile, {
      top,
      root: process.cwd(),
      fromUs: r.timedFromUs,
      toUs: r.timedToUs,
    }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      dir: { type: 'string', default: join(tmpdir(), 'statqueue-bench-profiles') },
      top: { type: 'string', default: '25' },
    },
  });
  const p = values.quick ? QUICK_PARAMS : FULL_PARAMS;
  const dir = resolve(values.dir, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const top = Number(values.top);
  const wire = await profileWire(p, dir, top);
  const core = await profileCore(p, dir, top);
  process.stdout.write(`${JSON.stringify({ mode: p.mode, dir, wire, core }, null, 2)}\n`);
  process.stderr.write(
    `\n${formatSummary(`engine under wire TCP load (${wire.load.rps} req/s)`, wire.summary)}\n` +
      `${formatSummary(
        `engine under an open loop at ${wire.openLoop.rateRps} req/s (p99 ${wire.openLoop.p99Ms ?? '?'} ms, max ${wire.openLoop.maxMs ?? '?'} ms)`,
        wire.openLoop.summary,
      )}\n` +
      `${formatSummary(`engine flushing every queue (${wire.flush.ms.toFixed(0)} ms)`, wire.flush.summary)}\n` +
      formatSummary(`core loop (${core.processEventNs?.toFixed(0) ?? '?'} ns/event)`, core.summary),
  );
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
