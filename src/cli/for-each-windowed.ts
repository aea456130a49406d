/**
 * Runs an async step for every item with at most `window` steps in flight: enough to keep a TCP
 * connection full (pipelining), bounded so 100,000 items never become 100,000 pending promises.
 */

/** Options of {@link forEachWindowed}. */
export interface ForEachWindowedOptions {
  /** Steps in flight at once (at least 1). */
  readonly window: number;
  /** Checked before starting each step; once true, no further step starts. */
  readonly stopped?: () => boolean;
}

/**
 * Calls `step` for the items in order, starting the next one whenever fewer than `window` are
 * running. Resolves once every started step has settled; returns how many were started. A step's
 * rejection is the step's business: `step` must handle its own errors (it is awaited as settled).
 */
export function forEachWindowed<T>(
  items: readonly T[],
  step: (item: T) => Promise<void>,
  opts: ForEachWindowedOptions,
): Promise<number> {
  const window = Math.max(1, Math.floor(opts.window));
  const stopped = opts.stopped ?? (() => false);
  return new Promise<number>((resolve) => {
    let next = 0;
    let running = 0;
    const pump = (): void => {
      while (running < window && next < items.length && !stopped()) {
        const item = items[next++] as T;
        running++;
        step(item)
          .catch(() => undefined)
          .finally(() => {
            running--;
            pump();
          });
      }
      if (running === 0) resolve(next);
    };
    pump();
  });
}
