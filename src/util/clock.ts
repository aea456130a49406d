/** Time source, injected everywhere time matters (tests pass a fake and never sleep). */
export interface Clock {
  /** Epoch milliseconds; may carry a sub-millisecond fraction. */
  nowMs(): number;
}

const origin = performance.timeOrigin;

/** The wall clock with sub-millisecond resolution. */
export const systemClock: Clock = {
  nowMs: () => origin + performance.now(),
};
