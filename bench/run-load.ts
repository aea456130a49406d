import { readFileSync } from 'node:fs';
import { BenchChild } from './bench-child';
import type { BenchMessage } from './bench-child';
import type { LoadOptions, LoadResult } from './load-generator';
import { round3 } from './sample-stats';

/** A load run as the report shows it: the generator's figures plus the server's CPU in the window. */
export interface LoadSummary {
  readonly rps: number;
  readonly windowMs: number;
  readonly windowReplies: number;
  readonly sent: number;
  readonly received: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly drained: boolean;
  readonly connections: number;
  readonly window: number;
  readonly requestBytes: number;
  /** % of one core used by the load generator during the window. */
  readonly clientCpuPct: number;
  /** % of one core used by the server during the window; null when the server cannot tell. */
  readonly serverCpuPct: number | null;
  /**
   * CPU (% of one core) the rest of the machine used during the window: all cores' busy time from
   * /proc/stat minus the server and the generator. Anything well above a few % means the figures
   * of this run shared the machine with other work. Null where /proc/stat is not there.
   */
  readonly othersCpuPct: number | null;
  /** TCP replies per client read: how many replies reached the wire together (null for HTTP). */
  readonly repliesPerRead: number | null;
  /** Socket writes the server made per reply in the window (null when it cannot tell). */
  readonly serverWritesPerReply: number | null;
  readonly latency: LoadResult['latency'];
}

const RESULT_SLACK_MS = 30_000;
/** USER_HZ of /proc/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Busy CPU seconds of the whole machine (all cores, idle and iowait excluded), or null without /proc. */
function machineBusySeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    return Number.isFinite(busy) ? busy / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

function cpuOf(m: BenchMessage): number {
  const u = m['usage'] as NodeJS.CpuUsage;
  return u.user + u.system;
}

function writesOf(m: BenchMessage): number | undefined {
  return typeof m['writes'] === 'number' ? m['writes'] : undefined;
}

/**
 * Runs one load generator process against a server child and waits for its result. The
 * generator's window marks trigger CPU readings of the server, so the report shows whether the
 * server (and not the generator) was the bottleneck.
 */
export async function runLoad(opts: LoadOptions, server: BenchChild | null): Promise<LoadSummary> {
  const totalMs = opts.mode === 'count' ? opts.durationMs : opts.warmupMs + opts.durationMs;
  const { child } = await BenchChild.start('load-generator', opts, {
    lifetimeMs: totalMs + RESULT_SLACK_MS * 2,
  });
  const cpu: { start?: number; end?: number } = {};
  const machine: { start?: number; end?: number } = {};
  const writes: { start?: number; end?: number } = {};
  const readings: Promise<void>[] = [];
  child.onUnsolicited = (m) => {
    if (server === null) return;
    const phase = m['phase'] === 'start' ? 'start' : 'end';
    const busy = machineBusySeconds();
    if (busy !== null) machine[phase] = busy;
    readings.push(
      server
        .request({ type: 'cpu' }, 'cpu', 5_000)
        .then((reply) => {
          cpu[phase] = cpuOf(reply);
          const w = writesOf(reply);
          if (w !== undefined) writes[phase] = w;
        })
        .catch(() => undefined),
    );
  };
  try {
    const msg = await child.next('result', totalMs + RESULT_SLACK_MS);
    await Promise.all(readings);
    const r = msg['result'] as LoadResult;
    const serverCpuPct =
      cpu.start !== undefined && cpu.end !== undefined && r.windowMs > 0
        ? round3((cpu.end - cpu.start) / 10 / r.windowMs)
        : null;
    const othersCpuPct =
      machine.start !== undefined && machine.end !== undefined && serverCpuPct !== null && r.windowMs > 0
        ? round3(((machine.end - machine.start) * 100_000) / r.windowMs - serverCpuPct - r.clientCpuPct)
        : null;
    const serverWritesPerReply =
      writes.start !== undefined && writes.end !== undefined && r.windowReplies > 0
        ? round3((writes.end - writes.start) / r.windowReplies)
        : null;
    return {
      rps: Math.round(r.rps),
      windowMs: Math.round(r.windowMs),
      windowReplies: r.windowReplies,
      sent: r.sent,
      received: r.received,
      errors: r.errors,
      firstError: r.firstError,
      drained: r.drained,
      connections: opts.connections,
      window: opts.transport === 'http' ? 1 : opts.window,
      requestBytes: Math.round(r.requestBytes),
      clientCpuPct: round3(r.clientCpuPct),
      serverCpuPct,
      othersCpuPct,
      repliesPerRead: r.repliesPerRead === null ? null : round3(r.repliesPerRead),
      serverWritesPerReply,
      latency: r.latency,
    };
  } finally {
    await child.kill();
  }
}
