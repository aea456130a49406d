import { PerformanceObserver, monitorEventLoopDelay, constants as perfConstants } from 'node:perf_hooks';
import type { IntervalHistogram, PerformanceEntry } from 'node:perf_hooks';
import { toParent } from './bench-child';
import type { BenchMessage } from './bench-child';

/** GC pauses seen between `gc-watch-start` and `gc-watch-stop`. */
export interface GcPauses {
  readonly minor: number;
  readonly minorMeanMs: number;
  readonly minorMaxMs: number;
  readonly major: number;
  readonly majorMaxMs: number;
  /** Every GC pause (minor, major, incremental steps) summed. */
  readonly totalMs: number;
  /**
   * The server's event-loop delay (1 ms resolution): a request cannot be answered sooner than the
   * loop gets to it, so a long delay here is a stall of the server itself (its work, its GC, or the
   * CPU taken from it), while a tail with short delays here was spent outside it.
   */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

/** Collects a server's GC pauses: latency outliers are read against them. */
class GcWatch {
  private readonly entries: { kind: number; ms: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push({ kind: gcKind(e), ms: e.duration });
  });

  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
    this.loopDelay.enable();
  }

  stop(): GcPauses {
    this.observer.disconnect();
    this.loopDelay.disable();
    const minor = this.entries.filter((e) => e.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR);
    const major = this.entries.filter((e) => e.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR);
    const sum = (xs: readonly { ms: number }[]): number => xs.reduce((a, e) => a + e.ms, 0);
    const max = (xs: readonly { ms: number }[]): number => xs.reduce((a, e) => Math.max(a, e.ms), 0);
    const r3 = (v: number): number => Math.round(v * 1000) / 1000;
    return {
      minor: minor.length,
      minorMeanMs: r3(minor.length === 0 ? 0 : sum(minor) / minor.length),
      minorMaxMs: r3(max(minor)),
      major: major.length,
      majorMaxMs: r3(max(major)),
      totalMs: r3(sum(this.entries)),
      loopDelayP99Ms: r3(this.loopDelay.percentile(99) / 1e6),
      loopDelayMaxMs: r3(this.loopDelay.max / 1e6),
    };
  }
}

function gcKind(e: PerformanceEntry): number {
  const detail = (e as PerformanceEntry & { detail?: { kind?: number } }).detail;
  return detail?.kind ?? 0;
}

/**
 * The `gc-watch-start` / `gc-watch-stop` messages of a server child: replies `gc-watch-started`,
 * then `gc-pauses` with what was seen in between.
 */
export class GcWatchHandler {
  private watch: GcWatch | undefined;

  /** True when the message was one of ours. */
  handle(m: BenchMessage): boolean {
    if (m.type === 'gc-watch-start') {
      this.watch?.stop();
      this.watch = new GcWatch();
      toParent({ type: 'gc-watch-started' });
      return true;
    }
    if (m.type === 'gc-watch-stop') {
      toParent({ type: 'gc-pauses', pauses: this.watch?.stop() ?? null });
      this.watch = undefined;
      return true;
    }
    return false;
  }
}
