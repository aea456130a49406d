import type { Clock } from '../../src/util/clock';

/** A clock tests move by hand: no test ever sleeps. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.ms = startMs;
  }

  nowMs(): number {
    return this.ms;
  }

  advanceMs(deltaMs: number): void {
    this.ms += deltaMs;
  }

  setMs(ms: number): void {
    this.ms = ms;
  }
}
