import type { BenchParams } from './bench-params';
import type { CoreResult } from './core-bench';
import type { DesignResult } from './design-bench';
import type { DuringFlush, FlushTiming, LatencyRun } from './latency-bench';
import type { MachineInfo } from './machine-info';
import type { MemoryResult } from './memory-bench';
import type { ScaleResult } from './scale-bench';
import type { WireResult } from './wire-bench';

export const BENCH_SCHEMA = 'statqueue-bench/1';

export interface LatencyResult {
  readonly rateFraction: number;
  /** The maximum TCP rate the open-loop rate was derived from (wire.tcp.statqueueRps). */
  readonly maxTcpRps: number;
  readonly rateRps: number;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** On the `*internal` engine of the wire section: no store writes at all. */
  readonly noFlush: LatencyRun;
  /** The echo server at the same rate: the tail the protocol and the machine cost by themselves. */
  readonly echoControl: LatencyRun;
  /** Time to flush every dirty queue: Redis when available, else `*internal` (serialisation only). */
  readonly flush: FlushTiming;
  /** The same flush on `*internal`: what serialising the queues alone costs. */
  readonly flushInternal: FlushTiming;
  /** Null when no redis-server exists; `duringFlushReason` says so. */
  readonly duringFlush: DuringFlush | null;
  readonly duringFlushReason: string | null;
}

/** One DESIGN §6 target: what it asks, what was measured, whether it holds (null: not measured). */
export interface TargetCheck {
  readonly target: string;
  readonly value: number | null;
  readonly met: boolean | null;
  /**
   * Other work on the machine used more than {@link DISTURBED_OTHERS_CPU_PCT}% of a core during a
   * wire or latency run this figure comes from: read `met` with suspicion. Null for the in-process
   * figures, where it is not measured.
   */
  readonly disturbed: boolean | null;
}

/** Above this CPU (% of one core) used by the rest of the machine, a run counts as disturbed. */
export const DISTURBED_OTHERS_CPU_PCT = 20;

export interface BenchTargets {
  readonly wireTcp: TargetCheck;
  readonly core: TargetCheck;
  readonly scale: TargetCheck;
  readonly memory: TargetCheck;
  readonly latencyP99: TargetCheck;
  readonly latencyFlush: TargetCheck;
}

/** The one JSON document `npm run bench` prints. */
export interface BenchDocument {
  readonly schema: typeof BENCH_SCHEMA;
  readonly mode: BenchParams['mode'];
  readonly startedAt: string;
  readonly totalMs: number;
  readonly machine: MachineInfo;
  readonly params: BenchParams;
  readonly wire: WireResult;
  readonly core: CoreResult;
  readonly scale: ScaleResult;
  readonly memory: MemoryResult;
  readonly latency: LatencyResult;
  /** What the framer, the index and reply coalescing buy against their alternatives. */
  readonly design: DesignResult;
  readonly targets: BenchTargets;
}

function check(
  target: string,
  value: number | null,
  holds: (v: number) => boolean,
  others: readonly (number | null | undefined)[] | null,
): TargetCheck {
  return {
    target,
    value,
    met: value === null || !Number.isFinite(value) ? null : holds(value),
    disturbed:
      others === null
        ? null
        : others.some((o) => o !== null && o !== undefined && o > DISTURBED_OTHERS_CPU_PCT),
  };
}

/** Reads the DESIGN §6 targets off the measured figures (reporting only: the bench never fails on them). */
export function evaluateTargets(d: Omit<BenchDocument, 'targets'>): BenchTargets {
  const flush = d.latency.duringFlush;
  return {
    wireTcp: check('wire.tcp.ratio >= 0.5', d.wire.tcp.ratio, (v) => v >= 0.5, [
      d.wire.tcp.echo.othersCpuPct,
      d.wire.tcp.statqueue.othersCpuPct,
    ]),
    core: check('core.ratio <= 2', d.core.ratio, (v) => v <= 2, null),
    scale: check('scale.ratio >= 0.8', d.scale.ratio, (v) => v >= 0.8, null),
    memory: check('memory.bytesPerItem <= 200', d.memory.bytesPerItem, (v) => v <= 200, null),
    latencyP99: check('latency.noFlush.p99Ms <= 2', d.latency.noFlush.p99Ms, (v) => v <= 2, [
      d.latency.noFlush.othersCpuPct,
    ]),
    latencyFlush: check(
      'latency.duringFlush.p99Ratio <= 2',
      flush?.p99Ratio ?? null,
      (v) => v <= 2,
      flush === null ? null : [flush.baseline.othersCpuPct, flush.flushing.othersCpuPct],
    ),
  };
}
