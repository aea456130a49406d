import { IANAZone, SystemZone } from 'luxon';
import type { Zone } from 'luxon';
import { CGRError } from './cgr-error';
import { parseGoDuration } from './go-duration';
import { goQuoteTime, parseGoInt64 } from './go-strconv';

export { formatGoTimeString, formatRFC3339, formatRFC3339Nano } from './go-time-format';

/** Go's zero `time.Time` (0001-01-01T00:00:00Z) as epoch milliseconds. */
export const GO_ZERO_TIME_MS = -62135596800000;

export function isZeroTime(ms: number): boolean {
  return ms === GO_ZERO_TIME_MS;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_400Y = 146_097 * MS_PER_DAY;

// ---------------------------------------------------------------------------------------------
// Locations. `null` is UTC: it never touches luxon, which is the hot path.

interface ZoneLocation {
  readonly zone: Zone;
  /** Offset (minutes east of UTC) per 15-minute UTC bucket known to hold a single offset. */
  readonly buckets: Map<number, number>;
}

type Location = ZoneLocation | null;

// Resolving a name through Intl is costly and the set of configured zones is tiny, so the answer
// (a zone or the Go error text) is remembered per name for the life of the process.
const locationCache = new Map<string, Location | string>();

/** Go `time.LoadLocation`: "" and "UTC" are UTC, "Local" the system zone, else an IANA name. */
function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC') return null;
  let loc = locationCache.get(name);
  if (loc === undefined) {
    if (name === 'Local') loc = { zone: SystemZone.instance, buckets: new Map() };
    else if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) {
      loc = 'time: invalid location name';
    } else if (IANAZone.isValidZone(name)) loc = { zone: IANAZone.create(name), buckets: new Map() };
    else loc = `unknown time zone ${name}`;
    locationCache.set(name, loc);
  }
  if (typeof loc === 'string') throw new CGRError(loc);
  return loc;
}

const BUCKET_MS = 15 * 60_000;
const MAX_BUCKETS = 4096;

/**
 * UTC offset of `loc` at instant `t`, in minutes. An Intl lookup costs tens of microseconds, so the
 * offset is remembered per 15-minute UTC bucket, but only for a bucket whose first and last
 * millisecond agree: a bucket holding a transition is always looked up exactly (no zone changes
 * twice within 15 minutes).
 */
function offsetMin(loc: ZoneLocation, t: number): number {
  const b = Math.floor(t / BUCKET_MS);
  const hit = loc.buckets.get(b);
  if (hit !== undefined) return hit;
  const o = loc.zone.offset(t);
  const start = b * BUCKET_MS;
  if (loc.zone.offset(start) === o && loc.zone.offset(start + BUCKET_MS - 1) === o) {
    if (loc.buckets.size >= MAX_BUCKETS) loc.buckets.clear();
    loc.buckets.set(b, o);
  }
  return o;
}

/** Wall clock read as UTC, years 0-99 included (Date.UTC would map them to 1900-1999). */
function utcWallMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y >= 0 && y < 100) return Date.UTC(y + 400, mo - 1, d, h, mi, s) - MS_PER_400Y;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * Go `time.Date(...)` in `loc` for an already valid wall clock, to epoch ms, with Go's own DST rule
 * (time.Date): take the offset in force at the wall time read as UTC; if the instant that gives
 * lies in another zone period, use that period's offset instead. So Berlin 02:30 on the
 * spring-forward day (a gap) is 03:30 CEST, and 02:30 on the fall-back day is the later, CET one.
 */
function wallToMs(
  loc: Location,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  const local = utcWallMs(y, mo, d, h, mi, s);
  if (loc === null) return local + ms;
  const o1 = offsetMin(loc, local); // minutes east of UTC
  const utc = local - o1 * 60_000;
  const o2 = offsetMin(loc, utc);
  return (o1 === o2 ? utc : local - o2 * 60_000) + ms;
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Milliseconds within the second, fraction included. */
  ms: number;
}

function msToWall(t: number, loc: Location): Wall {
  const whole = Math.floor(t);
  const sub = t - whole;
  const dt = new Date(loc === null ? whole : whole + offsetMin(loc, whole) * 60_000);
  return {
    y: dt.getUTCFullYear(),
    mo: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: dt.getUTCSeconds(),
    ms: dt.getUTCMilliseconds() + sub,
  };
}

/** Go `t.AddDate(years, months, days)` in `loc`: Date() normalises overflow (Jan 31 + 1 month = Mar 2/3). */
function addDate(t: number, loc: Location, years: number, months: number, days: number): number {
  const w = msToWall(t, loc);
  const norm = new Date(utcWallMs(w.y + years, w.mo + months, w.d + days, w.h, w.mi, w.s));
  return wallToMs(
    loc,
    norm.getUTCFullYear(),
    norm.getUTCMonth() + 1,
    norm.getUTCDate(),
    norm.getUTCHours(),
    norm.getUTCMinutes(),
    norm.getUTCSeconds(),
    w.ms,
  );
}

/** CGRateS `GetEndOfMonth`: the last second (23:59:59) of the month of `t` in `loc`. */
function endOfMonth(t: number, loc: Location): number {
  const w = msToWall(t, loc);
  const nextY = w.mo === 12 ? w.y + 1 : w.y;
  const nextM = w.mo === 12 ? 1 : w.mo + 1;
  return wallToMs(loc, nextY, nextM, 1, 0, 0, 0, 0) - 1000;
}

/** CGRateS `monthlyEstimated`: one month later, pulled back to the end of the next month on overflow. */
function monthlyEstimated(t: number, loc: Location): number {
  const initial = msToWall(t, loc).mo;
  let after = addDate(t, loc, 0, 1, 0);
  while (msToWall(after, loc).mo - initial > 1) after = addDate(after, loc, 0, 0, -1);
  return after;
}

/** CGRateS `getAddDuration`: the Go duration after the first `+`, or 0 when there is none. */
function addDurationMs(s: string): number {
  const i = s.indexOf('+');
  return i === -1 ? 0 : parseGoDuration(s.slice(i + 1)) / 1e6;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------
// A subset of Go's time.Parse: exactly the layout elements CGRateS' layouts use, with Go's
// leniencies (one-digit hours, fractions after seconds, space runs) and Go's error texts.

const STD = {
  longYear: 1, // 2006
  zeroMonth: 2, // 01
  zeroDay: 3, // 02
  hour: 4, // 15
  zeroMinute: 5, // 04
  zeroSecond: 6, // 05
  fracSecond9: 7, // .999999999
  numTZ: 8, // -0700
  iso8601ColonTZ: 9, // Z07:00
  tz: 10, // MST
} as const;
type Std = (typeof STD)[keyof typeof STD];

interface Chunk {
  /** Literal text before the element. */
  readonly prefix: string;
  readonly std: Std;
  /** The element as written in the layout (for `cannot parse "x" as "<stdStr>"`). */
  readonly stdStr: string;
}

interface GoLayout {
  readonly text: string;
  readonly chunks: readonly Chunk[];
  readonly suffix: string;
  /** Parse (UTC default, zone from the text) or ParseInLocation (wall clock in the location). */
  readonly inLocation: boolean;
}

const STD_WORDS: readonly (readonly [string, Std])[] = [
  ['2006', STD.longYear],
  ['01', STD.zeroMonth],
  ['02', STD.zeroDay],
  ['15', STD.hour],
  ['04', STD.zeroMinute],
  ['05', STD.zeroSecond],
  ['-0700', STD.numTZ],
  ['Z07:00', STD.iso8601ColonTZ],
  ['MST', STD.tz],
];

/** Go's nextStdChunk, restricted to the elements in STD_WORDS plus `.999…` fractions. */
function compileLayout(text: string, inLocation: boolean): GoLayout {
  const chunks: Chunk[] = [];
  let lit = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [word, std] of STD_WORDS) {
      if (text.startsWith(word, i)) {
        chunks.push({ prefix: lit, std, stdStr: word });
        lit = '';
        i += word.length;
        continue outer;
      }
    }
    const c = text[i];
    if ((c === '.' || c === ',') && text[i + 1] === '9') {
      let j = i + 1;
      while (text[j] === '9') j++;
      if (!/\d/.test(text[j] ?? '')) {
        chunks.push({ prefix: lit, std: STD.fracSecond9, stdStr: text.slice(i, j) });
        lit = '';
        i = j;
        continue;
      }
    }
    lit += c;
    i++;
  }
  return { text, chunks, suffix: lit, inLocation };
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Go's getnum: one or two digits (exactly two when fixed) and the rest; null where Go fails. */
function getnum(s: string, fixed: boolean): [number, string] | null {
  if (!isDigitAt(s, 0)) return null;
  if (!isDigitAt(s, 1)) {
    if (fixed) return null;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** Go's skip: removes a literal prefix, any run of spaces matching any run of spaces. */
function skip(value: string, prefix: string): string | null {
  let v = value;
  let p = prefix;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') return null;
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return null;
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

function commaOrPeriod(c: string | undefined): boolean {
  return c === '.' || c === ',';
}

/** Go's parseNanoseconds: digits after the separator, at most 9 kept, scaled to nanoseconds. */
function parseNanoseconds(value: string, nbytes: number): number {
  const n = Math.min(nbytes, 10);
  return Number(value.slice(1, n)) * 10 ** (10 - n);
}

/** Go's parseTimeZone: length of a zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let nUpper = 0;
  while (nUpper < 6 && nUpper < value.length) {
    const c = value.charCodeAt(nUpper);
    if (c < 65 || c > 90) break;
    nUpper++;
  }
  switch (nUpper) {
    case 3:
      return 3;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 5:
      return value[4] === 'T' ? 5 : 0;
    default:
      return 0;
  }
}

function parseSignedOffset(value: string): number {
  if (value.length === 0 || (value[0] !== '+' && value[0] !== '-')) return 0;
  const m = /^\d+/.exec(value.slice(1));
  if (m === null || Number(m[0]) > 12) return 0;
  return 1 + m[0].length;
}

function parseError(layout: string, value: string, valueElem: string, layoutElem: string): CGRError {
  return new CGRError(
    `parsing time ${goQuoteTime(value)} as ${goQuoteTime(layout)}: cannot parse ` +
      `${goQuoteTime(valueElem)} as ${goQuoteTime(layoutElem)}`,
  );
}

function parseMessage(value: string, message: string): CGRError {
  return new CGRError(`parsing time ${goQuoteTime(value)}${message}`);
}

/** Go `time.Parse(layout, value)` / `time.ParseInLocation(layout, value, loc)` to epoch ms. */
function goParse(layout: GoLayout, value: string, loc: Location): number {
  let v = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset: number | null = null; // seconds east of UTC
  const chunks = layout.chunks;
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci] as Chunk;
    const skipped = skip(v, c.prefix);
    if (skipped === null) throw parseError(layout.text, value, v, c.prefix);
    v = skipped;
    const hold = v;
    let rangeErr = '';
    let bad = false;
    switch (c.std) {
      case STD.longYear:
        if (v.length < 4 || !/^\d{4}/.test(v)) bad = true;
        else {
          year = Number(v.slice(0, 4));
          v = v.slice(4);
        }
        break;
      case STD.zeroMonth:
      case STD.zeroDay:
      case STD.hour:
      case STD.zeroMinute:
      case STD.zeroSecond: {
        const g = getnum(v, c.std !== STD.hour);
        if (g === null) {
          bad = true;
          break;
        }
        const n = g[0];
        v = g[1];
        if (c.std === STD.zeroMonth) {
          month = n;
          if (n <= 0 || n > 12) rangeErr = 'month';
        } else if (c.std === STD.zeroDay) {
          day = n; // validated against the month once everything is parsed, as Go does
        } else if (c.std === STD.hour) {
          hour = n;
          if (n >= 24) rangeErr = 'hour';
        } else if (c.std === STD.zeroMinute) {
          min = n;
          if (n >= 60) rangeErr = 'minute';
        } else {
          sec = n;
          if (n >= 60) rangeErr = 'second';
          else if (v.length >= 2 && commaOrPeriod(v[0]) && isDigitAt(v, 1)) {
            // A fraction in the input that the layout does not spell out is still accepted.
            if (chunks[ci + 1]?.std !== STD.fracSecond9) {
              let k = 2;
              while (isDigitAt(v, k)) k++;
              nsec = parseNanoseconds(v, k);
              v = v.slice(k);
            }
          }
        }
        break;
      }
      case STD.fracSecond9: {
        if (v.length < 2 || !commaOrPeriod(v[0]) || !isDigitAt(v, 1)) break; // fraction omitted
        let k = 0;
        while (k + 1 < v.length && isDigitAt(v, k + 1)) k++;
        nsec = parseNanoseconds(v, 1 + k);
        v = v.slice(1 + k);
        break;
      }
      case STD.numTZ:
      case STD.iso8601ColonTZ: {
        if (c.std === STD.iso8601ColonTZ && v[0] === 'Z') {
          v = v.slice(1);
          utc = true;
          break;
        }
        let sign: string;
        let hh: string;
        let mm: string;
        if (c.std === STD.iso8601ColonTZ) {
          if (v.length < 6 || v[3] !== ':') {
            bad = true;
            break;
          }
          [sign, hh, mm, v] = [v.slice(0, 1), v.slice(1, 3), v.slice(4, 6), v.slice(6)];
        } else {
          if (v.length < 5) {
            bad = true;
            break;
          }
          [sign, hh, mm, v] = [v.slice(0, 1), v.slice(1, 3), v.slice(3, 5), v.slice(5)];
        }
        const hr = getnum(hh, true);
        const mn = hr === null ? null : getnum(mm, true);
        if (hr === null || mn === null) {
          bad = true;
          break;
        }
        // Go tests with > rather than >=: offsets of 24 hours or 60 minutes are accepted.
        if (hr[0] > 24) rangeErr = 'time zone offset hour';
        if (mn[0] > 60) rangeErr = 'time zone offset minute';
        const off = (hr[0] * 60 + mn[0]) * 60;
        if (sign === '+') zoneOffset = off;
        else if (sign === '-') zoneOffset = -off;
        else bad = true;
        break;
      }
      case STD.tz: {
        if (v.startsWith('UTC')) {
          utc = true;
          v = v.slice(3);
          break;
        }
        const n = parseTimeZone(v);
        if (n === 0) bad = true;
        else v = v.slice(n); // abbreviations only name the zone; the numeric offset decides
        break;
      }
    }
    if (rangeErr !== '') throw parseMessage(value, `: ${rangeErr} out of range`);
    if (bad) throw parseError(layout.text, value, hold, c.stdStr);
  }
  const rest = skip(v, layout.suffix);
  if (rest === null) throw parseError(layout.text, value, v, layout.suffix);
  if (rest.length > 0) throw parseMessage(value, `: extra text: ${goQuoteTime(rest)}`);
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw parseMessage(value, ': day out of range');

  const ms = nsec / 1e6;
  // Go checks the UTC marker before the numeric offset ("… +0200 UTC" is read as UTC).
  if (utc) return utcWallMs(year, month, day, hour, min, sec) + ms;
  if (zoneOffset !== null) return utcWallMs(year, month, day, hour, min, sec) - zoneOffset * 1000 + ms;
  return wallToMs(layout.inLocation ? loc : null, year, month, day, hour, min, sec, ms);
}

// CGRateS' layouts (utils/coreutils.go ParseTimeDetectLayout) and their detection regexes. Go's RE2
// `\s` is [\t\n\f\r ] and `.` is anything but \n, spelled out here because JS reads both wider.
const L_AST = compileLayout('2006-01-02T15:04:05.999999999-0700', false);
const L_RFC3339 = compileLayout('2006-01-02T15:04:05Z07:00', false);
const L_GOTIME = compileLayout('2006-01-02 15:04:05.999999999 -0700 MST', false);
const L_GOTIME2 = compileLayout('2006-01-02 15:04:05.999999999 -0700 -0700', false);
const L_SQL = compileLayout('2006-01-02 15:04:05', true);
const L_ONE_LINE = compileLayout('20060102150405', true);
const L_ONE_SPACE = compileLayout('02.01.2006  15:04:05', true);
const L_EAMON = compileLayout('02/01/2006 15:04:05', true);
const L_BROADSOFT = compileLayout('20060102150405.999', true);
const L_UTC_FORMAT = compileLayout('2006-01-02T15:04:05', true);

const RFC3339_RULE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[^\n]+$/;
const SQL_RULE = /^\d{4}-\d{2}-\d{2}[\t\n\f\r ]\d{2}:\d{2}:\d{2}$/;
const UTC_FORMAT_RULE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const GOTIME_RULE = /^\d{4}-\d{2}-\d{2}[\t\n\f\r ]\d{2}:\d{2}:\d{2}\.?\d*[\t\n\f\r ][+,-]\d+[\t\n\f\r ]\w+$/;
const GOTIME_RULE2 =
  /^\d{4}-\d{2}-\d{2}[\t\n\f\r ]\d{2}:\d{2}:\d{2}\.?\d*[\t\n\f\r ][+,-]\d+[\t\n\f\r ][+,-]\d+$/;
const FS_TIMESTAMP_RULE = /^\d{16}$/;
const AST_TIMESTAMP_RULE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d*[+,-]\d+$/;
const UNIX_S_RULE = /^\d{10}$/;
const UNIX_MS_RULE = /^\d{13}$/;
const UNIX_NS_RULE = /^\d{19}$/;
const ONE_LINE_RULE = /^\d{14}$/;
const ONE_SPACE_RULE = /^\d{2}\.\d{2}[^\n]\d{4}[\t\n\f\r ]\d{2}:\d{2}:\d{2}$/;
const EAMON_RULE = /^\d{2}\/\d{2}\/\d{4}[\t\n\f\r ]\d{2}:\d{2}:\d{2}$/;
const BROADSOFT_RULE = /^\d{14}\.\d{3}/;

// Hot-path shapes: the strict RFC3339 that Go's own parseRFC3339 fast path takes, and the SQL layout.
// Anything they reject (out-of-range fields, odd offsets) falls through to goParse for Go's answer.
const FAST_SQL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function validWall(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(mo, y) && h < 24 && mi < 60 && s < 60;
}

const CH_0 = 48;
const CH_9 = 57;

/** The value of `n` ASCII digits of `s` at `at`, or -1 when one of them is not a digit. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return -1;
    v = v * 10 + (c - CH_0);
  }
  return v;
}

/**
 * `yyyy-mm-ddThh:mm:ss[.frac](Z|±hh:mm)` read without a RegExp (it is every event's AnswerTime and
 * Time): epoch ms, or undefined when `s` is not exactly that shape with in-range fields. Fraction
 * digits beyond the ninth are accepted and ignored, as Go does.
 */
function fastRfc3339(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':')
    return undefined;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || !validWall(y, mo, d, h, mi, sec))
    return undefined;
  let i = 19;
  let ns = 0;
  if (s[i] === '.') {
    const start = ++i;
    while (i < n && s.charCodeAt(i) >= CH_0 && s.charCodeAt(i) <= CH_9) {
      if (i - start < 9) ns = ns * 10 + (s.charCodeAt(i) - CH_0);
      i++;
    }
    if (i === start) return undefined;
    for (let k = Math.min(i - start, 9); k < 9; k++) ns *= 10;
  }
  const offset = i === n - 1 && s[i] === 'Z' ? 0 : zoneOffsetMsAt(s, i);
  return Number.isNaN(offset) ? undefined : utcWallMs(y, mo, d, h, mi, sec) - offset + ns / 1e6;
}

/** The `±hh:mm` that ends `s` at `i`, in ms; NaN when `s` does not end with exactly that. */
function zoneOffsetMsAt(s: string, i: number): number {
  if (i !== s.length - 6 || (s[i] !== '+' && s[i] !== '-') || s[i + 3] !== ':') return Number.NaN;
  const oh = digitsAt(s, i + 1, 2);
  const om = digitsAt(s, i + 4, 2);
  if (oh < 0 || om < 0 || oh >= 24 || om >= 60) return Number.NaN;
  return (oh * 60 + om) * (s[i] === '-' ? -60_000 : 60_000);
}

function fastSql(m: RegExpExecArray, loc: Location): number | undefined {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  return validWall(y, mo, d, h, mi, s) ? wallToMs(loc, y, mo, d, h, mi, s, 0) : undefined;
}

/** Go unix nanoseconds (int64) to epoch ms, keeping the sub-ms digits as a fraction. */
function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

// Go's strings.TrimSpace set (unicode.IsSpace): JS \s minus U+FEFF, plus U+0085.
const TRIM_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function goTrimSpace(s: string): string {
  if (s.length === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  if (a > 32 && a < 127 && b > 32 && b < 127) return s;
  return s.replace(TRIM_SPACE, '');
}

/**
 * CGRateS `ParseTimeDetectLayout(s, timezone)`: epoch ms (fractional ms keep sub-ms digits where the
 * input has them, to about a microsecond). `""`, `"0"`, `"*unlimited"` (and blank strings, which
 * CGRateS trims first) → GO_ZERO_TIME_MS. Zone-less layouts are read in the IANA `timezone` (`""`
 * and `"UTC"` are UTC, `"Local"` is the system zone; an unknown name throws `unknown time zone X`
 * before any layout is tried, as Go's LoadLocation does). Relative forms use `nowMs`: `*now`,
 * `+1h`, `-1h`, `*daily`, `*monthly`, `*monthly_estimated`, `*yearly`, `*month_end[+dur]`,
 * `*mo[...+dur]`; their calendar arithmetic (Go AddDate, which CGRateS runs in Local) happens in
 * `timezone`.
 *
 * Layouts, in CGRateS order: `2006-01-02T15:04:05.999999999-0700`, RFC3339 (any fraction, `Z` or
 * ±hh:mm), `2006-01-02 15:04:05.999999999 -0700 MST`, `… -0700 -0700`, `2006-01-02 15:04:05`,
 * 16-digit µs, 10-digit s, 13-digit ms, 19-digit ns, `20060102150405`, `02.01.2006 15:04:05`,
 * `02/01/2006 15:04:05`, `20060102150405.999`, `2006-01-02T15:04:05`. A layout that is detected
 * but does not parse throws Go's time.Parse error (`parsing time "2024-02-30 10:00:00": day out of
 * range`); anything else throws `Unsupported time format`.
 *
 * `-<dur>` (now minus a duration) follows the spec notes (cgrates-filters-thresholds.md A2), which
 * describe it as a CGRateS quirk; it is checked right after `+<dur>`.
 */
export function parseTimeDetectLayout(s: string, timezone: string, nowMs: number): number {
  const str = goTrimSpace(s);
  if (str === '' || str === '*unlimited') return GO_ZERO_TIME_MS;
  const loc = loadLocation(timezone);

  const c0 = str.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    // Hot path first; both shapes are only ever routed to these layouts by the rules below.
    const rfc = fastRfc3339(str);
    if (rfc !== undefined) return rfc;
    const sql = FAST_SQL.exec(str);
    if (sql !== null) {
      const t = fastSql(sql, loc);
      if (t !== undefined) return t;
    }
  } else if (c0 === 42 /* * */) {
    switch (str) {
      case '*daily':
        return addDate(nowMs, loc, 0, 0, 1);
      case '*monthly':
        return addDate(nowMs, loc, 0, 1, 0);
      case '*monthly_estimated':
        return monthlyEstimated(nowMs, loc);
      case '*yearly':
        return addDate(nowMs, loc, 1, 0, 0);
      default:
    }
    if (str.startsWith('*month_end')) return endOfMonth(nowMs, loc) + addDurationMs(str);
    if (str.startsWith('*mo')) return addDate(nowMs, loc, 0, 1, 0) + addDurationMs(str);
  }

  if (AST_TIMESTAMP_RULE.test(str)) return goParse(L_AST, str, loc);
  if (RFC3339_RULE.test(str)) return goParse(L_RFC3339, str, loc);
  if (GOTIME_RULE.test(str)) return goParse(L_GOTIME, str, loc);
  if (GOTIME_RULE2.test(str)) return goParse(L_GOTIME2, str, loc);
  if (SQL_RULE.test(str)) return goParse(L_SQL, str, loc);
  if (FS_TIMESTAMP_RULE.test(str)) return nsToMs(parseGoInt64(str + '000'));
  if (UNIX_S_RULE.test(str)) return Number(str) * 1000;
  // Go multiplies by 1e6 in int64 and wraps silently past year 2262; kept.
  if (UNIX_MS_RULE.test(str)) return nsToMs(BigInt.asIntN(64, BigInt(str) * 1_000_000n));
  if (UNIX_NS_RULE.test(str)) return nsToMs(parseGoInt64(str));
  if (str === '0') return GO_ZERO_TIME_MS;
  if (ONE_LINE_RULE.test(str)) return goParse(L_ONE_LINE, str, loc);
  if (ONE_SPACE_RULE.test(str)) return goParse(L_ONE_SPACE, str, loc);
  if (EAMON_RULE.test(str)) return goParse(L_EAMON, str, loc);
  if (BROADSOFT_RULE.test(str)) return goParse(L_BROADSOFT, str, loc);
  if (str === '*now') return nowMs;
  if (c0 === 43 /* + */) return nowMs + parseGoDuration(str.slice(1)) / 1e6;
  if (c0 === 45 /* - */) return nowMs - parseGoDuration(str.slice(1)) / 1e6;
  if (UTC_FORMAT_RULE.test(str)) return goParse(L_UTC_FORMAT, str, loc);
  throw new CGRError('Unsupported time format');
}
