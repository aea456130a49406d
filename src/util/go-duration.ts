import { CGRError } from './cgr-error';
import { goFmtV } from './go-fmt';
import { goQuoteTime, tryParseGoFloat } from './go-strconv';

export const NS_PER_US = 1e3;
export const NS_PER_MS = 1e6;
export const NS_PER_S = 1e9;
export const NS_PER_MIN = 6e10;
export const NS_PER_HOUR = 3.6e12;

/** Go's `math.MaxInt64` / `math.MinInt64` as bigint (a Duration is an int64 of nanoseconds). */
export const MAX_INT64 = (1n << 63n) - 1n;
export const MIN_INT64 = -(1n << 63n);

const TWO63 = 1n << 63n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// Go's time.unitMap: µs is U+00B5 (micro sign), μs is U+03BC (Greek mu); both mean microseconds.
const UNIT_NS: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', NS_PER_US],
  ['\u00b5s', NS_PER_US],
  ['\u03bcs', NS_PER_US],
  ['ms', NS_PER_MS],
  ['s', NS_PER_S],
  ['m', NS_PER_MIN],
  ['h', NS_PER_HOUR],
]);

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;

function invalid(orig: string): CGRError {
  return new CGRError(`time: invalid duration ${goQuoteTime(orig)}`);
}

/**
 * The whole of Go's ParseDuration (time/format.go), returning nanoseconds as a number while the
 * running total stays below 2^53 and switching to bigint only past that, so the common case never
 * allocates a bigint. Overflow checks mirror Go's: leadingInt (> 2^63), `v > 1<<63/unit`, the
 * fraction add, the running sum, and finally `> MaxInt64` for positive results.
 */
function parseDurationCore(orig: string): number | bigint {
  let s = orig;
  let neg = false;
  if (s.length > 0) {
    const c = s.charCodeAt(0);
    if (c === 45 /* - */ || c === 43 /* + */) {
      neg = c === 45;
      s = s.slice(1);
    }
  }
  if (s === '0') return 0;
  if (s === '') throw invalid(orig);

  let d = 0; // exact while dBig === null
  let dBig: bigint | null = null;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c0 = s.charCodeAt(i);
    if (!(c0 === C_DOT || (c0 >= C_0 && c0 <= C_9))) throw invalid(orig);

    // leadingInt: digits before the point. Leading zeros do not count towards precision.
    const intStart = i;
    while (i < n && s.charCodeAt(i) >= C_0 && s.charCodeAt(i) <= C_9) i++;
    const intEnd = i;
    const pre = intEnd > intStart;
    let vNum = 0;
    let vBig: bigint | null = null;
    if (pre) {
      let sig = intStart;
      while (sig < intEnd - 1 && s.charCodeAt(sig) === C_0) sig++;
      if (intEnd - sig <= 15) {
        vNum = Number(s.slice(sig, intEnd));
      } else {
        vBig = BigInt(s.slice(sig, intEnd));
        // Go's leadingInt fails on any value above 1<<63, before the unit is even looked at.
        if (vBig > TWO63) throw invalid(orig);
      }
    }

    // leadingFraction: keeps at most the digits whose value fits below 2^63 (Go stops scaling
    // there), so the fraction is f / scale with scale a power of ten.
    let post = false;
    let fNum = 0;
    let fBig: bigint | null = null;
    let scale = 1;
    if (i < n && s.charCodeAt(i) === C_DOT) {
      i++;
      const fracStart = i;
      while (i < n && s.charCodeAt(i) >= C_0 && s.charCodeAt(i) <= C_9) i++;
      post = i > fracStart;
      if (post) {
        const r = leadingFraction(s, fracStart, i);
        fNum = r.fNum;
        fBig = r.fBig;
        scale = r.scale;
      }
    }
    if (!pre && !post) throw invalid(orig);

    const unitStart = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === C_DOT || (c >= C_0 && c <= C_9)) break;
      i++;
    }
    if (i === unitStart) throw new CGRError(`time: missing unit in duration ${goQuoteTime(orig)}`);
    const u = s.slice(unitStart, i);
    const unit = UNIT_NS.get(u);
    if (unit === undefined) {
      throw new CGRError(`time: unknown unit ${goQuoteTime(u)} in duration ${goQuoteTime(orig)}`);
    }

    // float64(f) * (float64(unit) / scale), truncated: the same IEEE operations Go performs.
    const f = fBig === null ? fNum : Number(fBig);
    const fracNs = f > 0 ? Math.trunc(f * (unit / scale)) : 0;

    if (dBig === null && vBig === null) {
      const whole = vNum * unit;
      const seg = whole + fracNs;
      const sum = d + seg;
      if (whole <= MAX_SAFE && seg <= MAX_SAFE && sum <= MAX_SAFE) {
        d = sum;
        continue;
      }
    }
    // Slow path: exact int64 arithmetic with Go's overflow checks.
    dBig ??= BigInt(d);
    const vb = vBig ?? BigInt(vNum);
    const ub = BigInt(unit);
    if (vb > TWO63 / ub) throw invalid(orig);
    let seg = vb * ub;
    if (fracNs > 0) {
      seg += BigInt(fracNs);
      if (seg > TWO63) throw invalid(orig);
    }
    dBig += seg;
    if (dBig > TWO63) throw invalid(orig);
  }

  if (dBig === null) return neg && d !== 0 ? -d : d;
  if (neg) return -dBig;
  if (dBig > MAX_INT64) throw invalid(orig);
  return dBig;
}

function leadingFraction(
  s: string,
  start: number,
  end: number,
): { fNum: number; fBig: bigint | null; scale: number } {
  // Go accumulates x = x*10 + digit while x stays <= 1<<63 and ignores later digits; with at most
  // 18 significant digits that can never overflow, so only longer runs need the exact check.
  const len = end - start;
  if (len <= 15) return { fNum: Number(s.slice(start, end)), fBig: null, scale: 10 ** len };
  let x = 0n;
  let scale = 1;
  for (let j = start; j < end; j++) {
    if (x > (TWO63 - 1n) / 10n) break;
    const y = x * 10n + BigInt(s.charCodeAt(j) - C_0);
    if (y > TWO63) break;
    x = y;
    scale *= 10;
  }
  return { fNum: 0, fBig: x, scale };
}

/**
 * Go `time.ParseDuration`: `[-+]?(<decimal><unit>)+` or `"0"`, units ns us µs μs ms s m h.
 * Returns integer nanoseconds. Throws CGRError with Go's texts:
 * `time: invalid duration "<s>"`, `time: missing unit in duration "<s>"`,
 * `time: unknown unit "<u>" in duration "<s>"`.
 *
 * Results beyond ±2^53 ns (about 104 days) are computed exactly and then rounded to the nearest
 * double; use parseGoDurationBigInt when the exact int64 matters.
 */
export function parseGoDuration(s: string): number {
  const r = parseDurationCore(s);
  return typeof r === 'number' ? r : Number(r);
}

/** Go `time.ParseDuration` returning the exact int64 nanoseconds as a bigint (same errors). */
export function parseGoDurationBigInt(s: string): bigint {
  const r = parseDurationCore(s);
  return typeof r === 'bigint' ? r : BigInt(r);
}

const MICRO = '\u00b5';

/**
 * Go `time.Duration.String()` of integer nanoseconds: `0s`, `100ns`, `1.5µs`, `478.43ms`, `1m30s`,
 * `1h0m0s`, `-1m30s`. µ is U+00B5 as in Go.
 *
 * A number is truncated to an integer and saturated to the int64 range (so 2^63, which is what
 * MaxInt64 becomes as a double, prints as `2562047h47m16.854775807s`); a bigint is exact.
 */
export function formatGoDuration(ns: number | bigint): string {
  if (typeof ns === 'number') {
    const t = Math.trunc(ns);
    if (t >= -MAX_SAFE && t <= MAX_SAFE) return formatSmall(t);
    if (Number.isNaN(t)) return formatBig(MIN_INT64); // Go's int64(NaN) on amd64
    return formatBig(
      t > 0 ? (t >= 2 ** 63 ? MAX_INT64 : BigInt(t)) : t <= -(2 ** 63) ? MIN_INT64 : BigInt(t),
    );
  }
  const b = ns > MAX_INT64 ? MAX_INT64 : ns < MIN_INT64 ? MIN_INT64 : ns;
  if (b >= -BigInt(MAX_SAFE) && b <= BigInt(MAX_SAFE)) return formatSmall(Number(b));
  return formatBig(b);
}

/** Fraction `.ddd` of v / 10^prec without trailing zeros ('' when zero), as Go's fmtFrac. */
function fracDigits(rem: number, prec: number): string {
  if (rem === 0) return '';
  let digits = String(rem).padStart(prec, '0');
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === C_0) end--;
  digits = digits.slice(0, end);
  return '.' + digits;
}

function formatSmall(t: number): string {
  if (t === 0) return '0s';
  const neg = t < 0;
  const u = neg ? -t : t;
  let out: string;
  if (u < NS_PER_S) {
    if (u < NS_PER_US) out = `${u}ns`;
    else if (u < NS_PER_MS) out = `${Math.floor(u / NS_PER_US)}${fracDigits(u % NS_PER_US, 3)}${MICRO}s`;
    else out = `${Math.floor(u / NS_PER_MS)}${fracDigits(u % NS_PER_MS, 6)}ms`;
  } else {
    const frac = fracDigits(u % NS_PER_S, 9);
    const totalS = Math.floor(u / NS_PER_S);
    const sec = totalS % 60;
    const totalM = Math.floor(totalS / 60);
    if (totalM === 0) out = `${sec}${frac}s`;
    else {
      const min = totalM % 60;
      const h = Math.floor(totalM / 60);
      out = h === 0 ? `${min}m${sec}${frac}s` : `${h}h${min}m${sec}${frac}s`;
    }
  }
  return neg ? '-' + out : out;
}

function formatBig(b: bigint): string {
  // Only reached for |b| > 2^53 ns, i.e. always at least hours.
  const neg = b < 0n;
  const u = neg ? -b : b;
  const frac = fracDigits(Number(u % 1_000_000_000n), 9);
  const totalS = u / 1_000_000_000n;
  const sec = totalS % 60n;
  const totalM = totalS / 60n;
  const min = totalM % 60n;
  const h = totalM / 60n;
  const out = `${h}h${min}m${sec}${frac}s`;
  return neg ? '-' + out : out;
}

/**
 * CGRateS `ParseDurationWithNanosecs`: `""` → 0, `"*unlimited"` → -1, a string Go's
 * strconv.ParseFloat accepts gets `ns` appended (so `"10"` → 10 ns, `"1.5"` → 1 ns, and `"1e3"`
 * fails as Go does with `unknown unit "e"`), anything else is Go duration syntax.
 */
export function parseDurationWithNanosecs(s: string): number {
  if (s === '') return 0;
  const str = s === '*unlimited' ? '-1' : s;
  // strconv.ParseFloat succeeding (syntax valid and finite) is the CGRateS test for "bare number".
  return parseGoDuration(tryParseGoFloat(str) === undefined ? str : str + 'ns');
}

/**
 * CGRateS `IfaceAsDuration`: a number is nanoseconds (truncated to an integer); a string goes through
 * parseDurationWithNanosecs; anything else throws `cannot convert field: <v> to time.Duration`.
 * Also used for JSON duration inputs (DESIGN deviation 6: integer ns or a Go duration string).
 *
 * A number outside the int64 range (or NaN/Inf) becomes MinInt64, which is what Go's
 * `time.Duration(int64(f))` yields on amd64.
 */
export function ifaceAsDuration(v: unknown): number {
  if (typeof v === 'number') {
    if (!(v > -(2 ** 63) && v < 2 ** 63)) return -(2 ** 63);
    const t = Math.trunc(v);
    return t === 0 ? 0 : t;
  }
  if (typeof v === 'string') return parseDurationWithNanosecs(v);
  if (typeof v === 'bigint') return Number(v > MAX_INT64 || v < MIN_INT64 ? BigInt.asIntN(64, v) : v);
  throw new CGRError(`cannot convert field: ${goFmtV(v)} to time.Duration`);
}
