import { ManualScheduler } from '../../../src/series/manual-scheduler';
import { TimerScheduler, nextAlignedMs } from '../../../src/series/scheduler';

describe('nextAlignedMs', () => {
  it.each([
    [0, 10, 10],
    [5, 10, 10],
    [10, 10, 20],
    [1704067195000, 10_000, 1704067200000],
  ])('(%i, %i) = %i', (now, interval, next) => {
    expect(nextAlignedMs(now, interval)).toBe(next);
  });
});

describe('ManualScheduler', () => {
  it('runs due tasks in time order, then registration order, awaiting each', async () => {
    const s = new ManualScheduler(0);
    const log: string[] = [];
    s.every(10, async () => {
      await Promise.resolve();
      log.push(`a@${s.nowMs()}`);
    });
    s.every(15, () => {
      log.push(`b@${s.nowMs()}`);
    });
    s.every(30, () => {
      log.push(`c@${s.nowMs()}`);
    });
    await s.advanceTo(30);
    expect(log).toEqual(['a@10', 'b@15', 'a@20', 'a@30', 'b@30', 'c@30']);
    expect(s.nowMs()).toBe(30);
  });

  it('cancel stops a task', async () => {
    const s = new ManualScheduler(0);
    let runs = 0;
    const t = s.every(10, () => {
      runs++;
    });
    await s.advanceBy(25);
    t.cancel();
    await s.advanceBy(100);
    expect(runs).toBe(2);
    expect(s.pendingTasks).toBe(0);
  });

  it('refuses to go back in time', async () => {
    await expect(new ManualScheduler(10).advanceTo(5)).rejects.toThrow(RangeError);
  });
});

describe('TimerScheduler', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('aligns the first run to the interval, then repeats, with unref timers', () => {
    jest.useFakeTimers({ now: 1_000_005 });
    const clock = { nowMs: () => Date.now() };
    const runs: number[] = [];
    const t = new TimerScheduler(clock).every(10, () => {
      runs.push(Date.now());
    });
    jest.advanceTimersByTime(40);
    expect(runs).toEqual([1_000_010, 1_000_020, 1_000_030, 1_000_040]);
    t.cancel();
    jest.advanceTimersByTime(40);
    expect(runs).toHaveLength(4);
  });

  it('hands task failures (thrown or rejected) to the error handler', async () => {
    jest.useFakeTimers({ now: 0 });
    const errors: unknown[] = [];
    const s = new TimerScheduler({ nowMs: () => Date.now() }, (e) => errors.push(e));
    const a = s.every(10, () => {
      throw new Error('sync');
    });
    const b = s.every(10, () => Promise.reject(new Error('async')));
    jest.advanceTimersByTime(10);
    await Promise.resolve();
    await Promise.resolve();
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async', 'sync']);
    a.cancel();
    b.cancel();
  });
});
