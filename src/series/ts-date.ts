/**
 * Traffic Ops' `parseTime` for startDate/endDate: tries, in order, RFC3339 with optional fraction
 * (Go `time.RFC3339Nano`), a base-10 int64 read as nanoseconds since the epoch, and the TO
 * "lastUpdated" layout `YYYY-MM-DD hh:mm:ss±hh`. Results are exact integer nanoseconds (bigint),
 * because an int64 ns input does not fit a float64.
 */

const NS_PER_S = 1_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Go parses the hour of both layouts with a 1-or-2 digit reader, every other field fixed-width; a
// fraction (`.` or `,`) may follow the seconds even when the layout has none.
const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const TO_LAYOUT_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?([+-])(\d{2})$/;
const INT_RE = /^[+-]?\d+$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toNs(
  f: { y: string; mo: string; d: string; h: string; mi: string; s: string; frac: string | undefined },
  offsetSec: number,
): bigint | undefined {
  const year = Number(f.y);
  const month = Number(f.mo);
  const day = Number(f.d);
  const hour = Number(f.h);
  const minute = Number(f.mi);
  const second = Number(f.s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const secs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSec;
  // Go keeps nine fraction digits and drops the rest (truncation, not rounding).
  const fracNs = f.frac === undefined ? 0n : BigInt(f.frac.slice(0, 9).padEnd(9, '0'));
  return BigInt(secs) * NS_PER_S + fracNs;
}

function zoneOffsetSec(sign: string, hh: string, mm: string): number | undefined {
  const h = Number(hh);
  const m = Number(mm);
  // Go's own (lenient) range check on zone offsets.
  if (h > 24 || m > 60) return undefined;
  const s = h * 3600 + m * 60;
  return sign === '-' ? -s : s;
}

/** Parses a Traffic Ops date parameter; `undefined` when no form matches (→ `Invalid startDate!`). */
export function parseTsDate(raw: string): bigint | undefined {
  let m = RFC3339_RE.exec(raw);
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
    if (
      y === undefined ||
      mo === undefined ||
      d === undefined ||
      h === undefined ||
      mi === undefined ||
      s === undefined
    )
      return undefined;
    const offset = z !== undefined ? 0 : zoneOffsetSec(sign ?? '+', oh ?? '', om ?? '');
    if (offset === undefined) return undefined;
    return toNs({ y, mo, d, h, mi, s, frac }, offset);
  }
  if (INT_RE.test(raw)) {
    const ns = BigInt(raw);
    return ns < INT64_MIN || ns > INT64_MAX ? undefined : ns;
  }
  m = TO_LAYOUT_RE.exec(raw);
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, sign, oh] = m;
    if (
      y === undefined ||
      mo === undefined ||
      d === undefined ||
      h === undefined ||
      mi === undefined ||
      s === undefined
    )
      return undefined;
    const offset = zoneOffsetSec(sign ?? '+', oh ?? '', '00');
    if (offset === undefined) return undefined;
    return toNs({ y, mo, d, h, mi, s, frac }, offset);
  }
  return undefined;
}

/** Floor division of bigint nanoseconds to milliseconds, as a number. */
export function nsToMsFloor(ns: bigint): number {
  const q = ns / 1_000_000n;
  return Number(ns < 0n && q * 1_000_000n !== ns ? q - 1n : q);
}

/** Ceiling division of bigint nanoseconds to milliseconds, as a number. */
export function nsToMsCeil(ns: bigint): number {
  const q = ns / 1_000_000n;
  return Number(ns > 0n && q * 1_000_000n !== ns ? q + 1n : q);
}

/** Floor division of bigint nanoseconds to whole seconds, as a number. */
export function nsToSecFloor(ns: bigint): number {
  const q = ns / NS_PER_S;
  return Number(ns < 0n && q * NS_PER_S !== ns ? q - 1n : q);
}

/** RFC3339 in UTC without fractional seconds (`2024-01-01T00:02:30Z`), as TO prints bucket times. */
export function formatRfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
