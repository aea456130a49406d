import type { TimingSpec } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { MISSING } from '../src/util/field-path';
import { parseTimeDetectLayout } from '../src/util/go-time';
import { FilterType } from './filter-type';
import { compileElement, compileValueParsers } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/** Calendar fields of an instant in one IANA zone. */
interface Calendar {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  /** Seconds since local midnight, with the sub-second fraction. */
  readonly secondOfDay: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function makeFormatter(timezone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timezone === '' || timezone === 'Local' ? 'UTC' : timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
}

function calendarOf(fmt: Intl.DateTimeFormat, ms: number): Calendar {
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(Math.floor(ms))) parts[p.type] = p.value;
  const num = (k: string): number => Number(parts[k] ?? 0);
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
    secondOfDay:
      num('hour') * 3600 + num('minute') * 60 + num('second') + (ms - Math.floor(ms / 1000) * 1000) / 1000,
  };
}

// `hh:mm:ss`; CGRateS ignores parse errors (Atoi's zero value), and so does this.
function secondOfDay(hms: string): number {
  const [h, m, s] = hms.split(':');
  const n = (x: string | undefined): number => {
    const v = Number.parseInt(x ?? '', 10);
    return Number.isNaN(v) ? 0 : v;
  };
  return n(h) * 3600 + n(m) * 60 + n(s);
}

/** CGRateS `RITiming.IsActiveAt`: every non-empty list must contain the date; the time of day within [start, end]. */
export function timingActiveAt(tm: TimingSpec, cal: Calendar): boolean {
  if (tm.Years.length > 0 && !tm.Years.includes(cal.year)) return false;
  if (tm.Months.length > 0 && !tm.Months.includes(cal.month)) return false;
  if (tm.MonthDays.length > 0 && !tm.MonthDays.includes(cal.day)) return false;
  if (tm.WeekDays.length > 0 && !tm.WeekDays.includes(cal.weekday)) return false;
  const left = tm.StartTime === '' ? 0 : secondOfDay(tm.StartTime);
  // Without an EndTime the day ends at 23:59:59 + 1s.
  const right = tm.EndTime === '' ? 86400 : secondOfDay(tm.EndTime);
  return cal.secondOfDay >= left && cal.secondOfDay <= right;
}

/**
 * `*timings`: the Element, as a time, falls in any of the Timings named by the values
 * (engine/filters.go `passTimings`). Calendar fields are taken in the configured timezone (CGRateS
 * uses the zone the time was parsed with). A value that does not resolve is an error; an unknown
 * TimingID is skipped.
 */
export const timingsFilter: FilterTypeDescriptor = {
  type: FilterType.TIMINGS,
  negatable: true,
  compile(spec, readers) {
    const values = compileValueParsers(spec, readers);
    const element = compileElement(spec, readers);
    let fmtZone = '';
    let fmt: Intl.DateTimeFormat | undefined;
    return (ev, tenant, env) => {
      const s = element.parse(ev, env);
      if (s === MISSING) return false;
      const t = parseTimeDetectLayout(s, env.timezone, env.nowMs());
      let cal: Calendar | undefined;
      for (const p of values) {
        const id = p.parse(ev, env);
        if (id === MISSING) throw new CGRError('NOT_FOUND');
        const tm = env.timing?.(tenant, id);
        if (tm === undefined) continue;
        if (cal === undefined) {
          // Intl formatters are costly to build: keep one per rule, rebuilt only if the zone changes.
          if (fmt === undefined || fmtZone !== env.timezone) {
            fmt = makeFormatter(env.timezone);
            fmtZone = env.timezone;
          }
          cal = calendarOf(fmt, t);
        }
        if (timingActiveAt(tm, cal)) return true;
      }
      return false;
    };
  },
};
