import { isRateMetric } from './minute-point';

/** The day's figures of one series. */
export interface DailyFigures {
  /** Largest 1-minute value of the day. */
  readonly max: number;
  /**
   * Rate metric (`*tps`): Σ value × 60 over the day's minutes, i.e. the events processed (Traffic
   * Stats' bytes-served rule: each point covers 60 s, missing minutes add nothing). Other metrics:
   * the plain Σ of the minute values (a "minute-weighted total"; meaningful for `*sum`/`*tcc`-like
   * metrics only).
   */
  readonly total: number;
}

/**
 * Folds one series' 1-minute points of one day into max and total. Shared by the daily job and by
 * getDailySummary's on-the-fly current day, for every sink, so stored and live figures agree.
 */
export class DailyAccumulator {
  private readonly rate: boolean;
  private max = Number.NEGATIVE_INFINITY;
  private total = 0;
  private count = 0;

  constructor(metricID: string) {
    this.rate = isRateMetric(metricID);
  }

  add(value: number): void {
    if (value > this.max) this.max = value;
    this.total += this.rate ? value * 60 : value;
    this.count++;
  }

  /** The figures, or undefined when the day had no point (no row is written for such a day). */
  result(): DailyFigures | undefined {
    return this.count === 0 ? undefined : { max: this.max, total: this.total };
  }
}
