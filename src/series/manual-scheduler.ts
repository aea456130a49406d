import type { Clock } from '../util/clock';
import { nextAlignedMs, type ScheduledTask, type Scheduler } from './scheduler';

interface ManualTask {
  readonly intervalMs: number;
  readonly task: () => void | Promise<void>;
  readonly order: number;
  dueMs: number;
  cancelled: boolean;
}

/**
 * A scheduler and clock driven by hand: time moves only in advanceBy/advanceTo, which run every
 * task that falls due, in time order, awaiting each run. Used by the tests (and usable by the
 * engine's tests) so that sampling, flushing and the daily job are deterministic and never sleep.
 */
export class ManualScheduler implements Scheduler, Clock {
  private now: number;
  private readonly tasks: ManualTask[] = [];
  private registered = 0;

  constructor(startMs: number) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  every(intervalMs: number, task: () => void | Promise<void>): ScheduledTask {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
    const t: ManualTask = {
      intervalMs,
      task,
      order: this.registered++,
      dueMs: nextAlignedMs(this.now, intervalMs),
      cancelled: false,
    };
    this.tasks.push(t);
    return {
      cancel: () => {
        t.cancelled = true;
        const i = this.tasks.indexOf(t);
        if (i >= 0) this.tasks.splice(i, 1);
      },
    };
  }

  /** Number of live (not cancelled) tasks: lets tests assert that stop() cancelled everything. */
  get pendingTasks(): number {
    return this.tasks.length;
  }

  /** Moves the clock forward by `ms`, running due tasks on the way. */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.now + ms);
  }

  /** Moves the clock to `targetMs`, running every task due at or before it in (time, registration) order. */
  async advanceTo(targetMs: number): Promise<void> {
    if (targetMs < this.now) throw new RangeError('time cannot go backwards');
    for (;;) {
      let next: ManualTask | undefined;
      for (const t of this.tasks) {
        if (t.dueMs > targetMs) continue;
        if (next === undefined || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.order < next.order))
          next = t;
      }
      if (next === undefined) break;
      this.now = next.dueMs;
      next.dueMs += next.intervalMs;
      await next.task();
    }
    this.now = targetMs;
  }
}
