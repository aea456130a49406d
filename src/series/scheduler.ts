import type { Clock } from '../util/clock';

/** A periodic task registered with a Scheduler. */
export interface ScheduledTask {
  /** Stops future runs; a run already in progress finishes. Idempotent. */
  cancel(): void;
}

/**
 * Periodic timers, injected so that tests drive time by hand (ManualScheduler) and never sleep.
 *
 * Contract shared by every implementation: the first run is at the next wall-clock multiple of
 * `intervalMs` strictly after now (Traffic Stats aligns its poll loop the same way: truncate now to
 * the interval, add one interval), then every `intervalMs`. Aligned ticks put 10 s samples on
 * :00, :10, … :50, so each minute gets the same number of samples.
 */
export interface Scheduler {
  every(intervalMs: number, task: () => void | Promise<void>): ScheduledTask;
}

/** Where a task's failure goes; tasks are expected to handle their own errors, this is the backstop. */
export type TaskErrorHandler = (err: unknown) => void;

/** First aligned run time strictly after `nowMs`. */
export function nextAlignedMs(nowMs: number, intervalMs: number): number {
  return Math.floor(nowMs / intervalMs) * intervalMs + intervalMs;
}

/**
 * The real scheduler: setTimeout to the first aligned instant, then setInterval. Every timer is
 * unref'd, because history sampling alone must never keep the process alive.
 */
export class TimerScheduler implements Scheduler {
  private readonly clock: Clock;
  private readonly onError: TaskErrorHandler;

  constructor(clock: Clock, onError: TaskErrorHandler = () => undefined) {
    this.clock = clock;
    this.onError = onError;
  }

  every(intervalMs: number, task: () => void | Promise<void>): ScheduledTask {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
    let cancelled = false;
    let interval: NodeJS.Timeout | undefined;
    const run = (): void => {
      if (cancelled) return;
      try {
        const done = task();
        if (done !== undefined) done.catch(this.onError);
      } catch (err) {
        this.onError(err);
      }
    };
    const now = this.clock.nowMs();
    const first = setTimeout(
      () => {
        run();
        if (cancelled) return;
        interval = setInterval(run, intervalMs);
        interval.unref();
      },
      Math.max(0, nextAlignedMs(now, intervalMs) - now),
    );
    first.unref();
    return {
      cancel: () => {
        cancelled = true;
        clearTimeout(first);
        if (interval !== undefined) clearInterval(interval);
      },
    };
  }
}
