import { notFound } from '../errors';
import type { TimingSpec } from './types';

/**
 * The Timings registry used by `*timings` filter rules (CGRateS fetches them with
 * `APIerSv1.GetTiming`). Global, not per tenant, as in CGRateS. In memory; persistence is the caller's.
 */
export class Timings {
  private readonly byID = new Map<string, TimingSpec>();

  /** Adds or replaces a timing (its lists are copied). */
  set(t: TimingSpec): void {
    this.byID.set(t.ID, {
      ID: t.ID,
      Years: [...t.Years],
      Months: [...t.Months],
      MonthDays: [...t.MonthDays],
      WeekDays: [...t.WeekDays],
      StartTime: t.StartTime,
      EndTime: t.EndTime,
    });
  }

  get(id: string): TimingSpec | undefined {
    return this.byID.get(id);
  }

  /** Throws `NOT_FOUND` when missing. */
  remove(id: string): void {
    if (!this.byID.delete(id)) throw notFound();
  }

  /** All timing IDs, sorted. */
  ids(): string[] {
    return [...this.byID.keys()].sort();
  }
}
