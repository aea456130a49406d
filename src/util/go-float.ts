// Go float formatting and the CGRateS rounding helpers. JS and Go both print the shortest decimal
// that round-trips (closest one on ties), so only the layout around those digits differs.

/** Shortest round-trip digits of a finite non-zero |x| and its decimal exponent (x = 0.d1d2... × 10^dp). */
function shortestDigits(x: number): { digits: string; dp: number } {
  const e = Math.abs(x).toExponential(); // no argument: as many digits as needed to round-trip
  const ePos = e.indexOf('e');
  const mant = e.slice(0, ePos);
  const exp = Number(e.slice(ePos + 1));
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return { digits, dp: exp + 1 };
}

/** Go fmtF of shortest digits: decimal layout, no exponent. */
function layoutF(neg: boolean, digits: string, dp: number): string {
  let out: string;
  if (dp <= 0) out = '0.' + '0'.repeat(-dp) + digits;
  else if (dp >= digits.length) out = digits + '0'.repeat(dp - digits.length);
  else out = digits.slice(0, dp) + '.' + digits.slice(dp);
  return neg ? '-' + out : out;
}

/**
 * Go `strconv.FormatFloat(x, 'f', -1, 64)`: shortest round-trip decimal, never exponent form.
 * `-0` → `"-0"`, NaN → `"NaN"`, ±Inf → `"+Inf"` / `"-Inf"`.
 */
export function formatFloatF(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const s = String(x);
  // JS switches to exponent form only below 1e-6 and from 1e21; everything else is already Go's text.
  if (s.indexOf('e') === -1) {
    if (s === 'NaN') return 'NaN';
    if (s === 'Infinity') return '+Inf';
    if (s === '-Infinity') return '-Inf';
    return s;
  }
  const { digits, dp } = shortestDigits(x);
  return layoutF(x < 0, digits, dp);
}

/**
 * Go `fmt` `%v` of a float64, used by `*asr` and in `%v`/`%+v` error texts.
 *
 * fmt/print.go `(*pp).fmtFloat` maps verb 'v' to `fmtFloat(v, 64, 'g', -1)`, and fmt/format.go
 * hands that straight to `strconv.AppendFloat(..., 'g', -1, 64)` (its only 'v' special case is the
 * `#` flag). In strconv/ftoa.go `formatDigits`, shortest 'g' sets `eprec = 6` ("if precision was the
 * shortest possible, use precision 6 for this decision") and uses %e when `exp < -4 || exp >= eprec`.
 * So the exponent form starts below 1e-4 and at 1e6 (`1e-05`, `1e+06`, `1.5e+21`), with at least two
 * exponent digits. (The threshold 21 belongs to encoding/json and JS, not to fmt.)
 */
export function formatFloatV(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const { digits, dp } = shortestDigits(x);
  const exp = dp - 1;
  const neg = x < 0;
  if (exp >= -4 && exp < 6) return layoutF(neg, digits, dp);
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const absExp = Math.abs(exp);
  const expStr = (exp < 0 ? '-' : '+') + (absExp < 10 ? '0' + String(absExp) : String(absExp));
  return (neg ? '-' : '') + mant + 'e' + expStr;
}

/** Go `math.Pow(10, n)`: exact for 0 ≤ n ≤ 22 and correctly rounded 1/10^|n| for -22 ≤ n < 0. */
function goPow10(n: number): number {
  if (n >= 0 && n <= 22) return Number('1e' + String(n));
  if (n < 0 && n >= -22) return 1 / Number('1e' + String(-n));
  return Math.pow(10, n);
}

/**
 * CGRateS `utils.Round(x, decimals, "*middle")` (negative x is floored: a kept Go quirk).
 *
 * The real function (utils/coreutils.go) also computes `maxPrec = max(7, prec)`, but only the
 * `*up` method reads it, so `*middle` is exactly: y = x·10^dec; frac = y − trunc(y) (math.Modf);
 * frac ≥ 0.5 ? ceil(y) : floor(y); then ÷ 10^dec. A negative y has frac ≤ 0 and is always floored
 * (Round(-2.4, 0) = -3).
 */
export function roundMiddle(x: number, decimals: number): number {
  const pow = goPow10(decimals);
  const y = x * pow;
  const frac = y - Math.trunc(y); // NaN for ±Inf, as Go's Modf
  const r = frac >= 0.5 ? Math.ceil(y) : Math.floor(y);
  return r / pow;
}

const SAFE_ROUND = 2 ** 52; // keeps every intermediate of the number path below 2^53

/**
 * CGRateS `RoundStatDuration(ns, decimals)`: Go `Duration.Round(Duration(math.Pow10(9-decimals)))`,
 * halves away from zero, saturating at the int64 bounds as Go does.
 *
 * decimals > 9 gives a multiple below 1 ns (truncated to 0) and decimals < -9 one beyond int64
 * (which Go's float→int64 conversion turns negative on amd64): both leave `ns` unchanged.
 */
export function roundStatDuration(ns: number, decimals: number): number {
  const d = Math.trunc(ns);
  if (!(decimals >= -9 && decimals <= 9) || !Number.isFinite(d)) return d;
  const m = Number('1e' + String(9 - decimals));
  if (Math.abs(d) <= SAFE_ROUND && m <= SAFE_ROUND) {
    let r = d % m;
    if (d < 0) {
      r = -r;
      return r + r < m ? d + r : d - m + r;
    }
    return r + r < m ? d - r : d + m - r;
  }
  return Number(roundDurationBig(BigInt(d), BigInt(m)));
}

const MAX_I64 = (1n << 63n) - 1n;
const MIN_I64 = -(1n << 63n);

/** Go `time.Duration.Round(m)` on exact int64 values (m > 0). */
export function roundDurationBig(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  const clamped = d > MAX_I64 ? MAX_I64 : d < MIN_I64 ? MIN_I64 : d;
  let r = clamped % m;
  if (clamped < 0n) {
    r = -r;
    if (r + r < m) return clamped + r;
    const d1 = clamped - m + r;
    return d1 >= MIN_I64 ? d1 : MIN_I64;
  }
  if (r + r < m) return clamped - r;
  const d1 = clamped + m - r;
  return d1 <= MAX_I64 ? d1 : MAX_I64;
}
