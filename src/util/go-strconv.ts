import { CGRError } from './cgr-error';

// Go's strconv parsers and the two quoting functions Go error texts are built with. Error texts are
// Go's `*strconv.NumError` form: `strconv.<Func>: parsing "<quoted>": <reason>`.

const HEX = '0123456789abcdef';

function isAsciiPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/**
 * Go `strconv.Quote`: printable runes stay as they are, `"` and `\` are escaped, control characters
 * use `\a \b \f \n \r \t \v` or `\xHH`, other non-printable runes `\uHHHH` / `\UHHHHHHHH`.
 * Used wherever Go formats a NumError (`strconv.ParseFloat: parsing "abc": invalid syntax`).
 */
export function goQuote(s: string): string {
  if (isAsciiPlain(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    let r = ch.codePointAt(0) ?? 0xfffd;
    if (r === 0x22 || r === 0x5c) {
      out += '\\' + ch;
      continue;
    }
    if (r === 0x20 || (r > 0x20 && r < 0x7f)) {
      out += ch;
      continue;
    }
    // A lone surrogate is what invalid UTF-8 becomes on the JS side; Go would print U+FFFD.
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    if (r >= 0x80 && PRINTABLE.test(String.fromCodePoint(r))) {
      out += String.fromCodePoint(r);
      continue;
    }
    const short = SHORT_ESCAPES[r];
    if (short !== undefined) out += short;
    else if (r < 0x20 || r === 0x7f) out += '\\x' + r.toString(16).padStart(2, '0');
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/**
 * The `quote` of Go's time package (used in ParseDuration / ParseError texts), which differs from
 * strconv.Quote: every byte of a non-ASCII or control rune is printed as `\xHH` (so `"1µ"` quotes as
 * `"1\xc2\xb5"`), and only `"` and `\` get a backslash.
 */
export function goQuoteTime(s: string): string {
  if (isAsciiPlain(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0xfffd;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + HEX[b >> 4] + HEX[b & 15];
    } else {
      if (c === 0x22 || c === 0x5c) out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

function numError(fn: string, s: string, reason: string): CGRError {
  return new CGRError(`strconv.${fn}: parsing ${goQuote(s)}: ${reason}`);
}

// Go float literal syntax as strconv.ParseFloat reads it; underscores only between digits
// (underscoreOK), hex mantissas need a `p` exponent.
const DEC_FLOAT = /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const HEX_FLOAT =
  /^([+-]?)0[xX](?:_?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)(?:\.([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)?)?|\.([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*))[pP]([+-]?\d+(?:_\d+)*)$/;
const INF = /^([+-]?)(?:inf|infinity)$/i;
const PLAIN_DEC = /^[+-]?\d+(?:\.\d*)?$/; // the common shape, tested first because it is cheaper

/** m · 2^e exactly, for a double known to be representable (no rounding happens here). */
function scale2(m: number, e: number): number {
  let v = m;
  let exp = e;
  // Steps keep every intermediate representable: an exact result never needs a rounded one.
  while (exp > 0 && Number.isFinite(v)) {
    const step = Math.min(exp, 1000);
    v *= 2 ** step;
    exp -= step;
  }
  while (exp < 0 && v !== 0) {
    const step = Math.max(exp, -1000);
    v *= 2 ** step;
    exp -= step;
  }
  return v;
}

/** Hex float literal to the nearest double (ties to even), subnormals included, in one rounding. */
function hexFloat(m: RegExpExecArray): number {
  const sign = m[1] === '-' ? -1 : 1;
  const intDigits = (m[2] ?? '').replaceAll('_', '');
  const fracDigits = (m[3] ?? m[4] ?? '').replaceAll('_', '');
  const mant = BigInt('0x0' + intDigits + fracDigits);
  if (mant === 0n) return sign * 0;
  const e2 = Number((m[5] ?? '0').replaceAll('_', '')) - 4 * fracDigits.length;
  const bits = mant.toString(2).length;
  const top = bits - 1 + e2; // value is in [2^top, 2^(top+1))
  if (top > 1023) return sign * Infinity;
  if (top < -1080) return sign * 0; // below half the smallest subnormal
  const keep = top >= -1022 ? 53 : top + 1075; // significant bits a double has room for here
  const drop = bits - keep;
  if (drop <= 0) return sign * scale2(Number(mant), e2);
  let q = mant >> BigInt(drop);
  const rem = mant - (q << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return sign * scale2(Number(q), e2 + drop);
}

/**
 * Go `strconv.ParseFloat(s, 64)` without throwing: the value, or undefined where Go returns an error
 * (bad syntax, or a finite literal that overflows to ±Inf). Accepts what Go accepts: decimal and hex
 * float literals with `_` separators, `inf`/`infinity`/`nan` in any case.
 */
export function tryParseGoFloat(s: string): number | undefined {
  if (PLAIN_DEC.test(s) || DEC_FLOAT.test(s)) {
    const v = Number(s.includes('_') ? s.replaceAll('_', '') : s);
    return Number.isFinite(v) ? v : undefined;
  }
  const inf = INF.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  if (s.length === 3 && s.toLowerCase() === 'nan') return NaN;
  const hex = HEX_FLOAT.exec(s);
  if (hex !== null) {
    const v = hexFloat(hex);
    return Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

/** Go `strconv.ParseFloat(s, 64)`; throws CGRError `strconv.ParseFloat: parsing "<s>": invalid syntax` / `value out of range`. */
export function parseGoFloat(s: string): number {
  const v = tryParseGoFloat(s);
  if (v !== undefined) return v;
  const syntaxOk = DEC_FLOAT.test(s) || HEX_FLOAT.test(s);
  throw numError('ParseFloat', s, syntaxOk ? 'value out of range' : 'invalid syntax');
}

const INT_SYNTAX = /^[+-]?\d+$/;
const MAX_I64 = (1n << 63n) - 1n;
const MIN_I64 = -(1n << 63n);

function int64Result(s: string): bigint | 'syntax' | 'range' {
  if (!INT_SYNTAX.test(s)) return 'syntax';
  const b = BigInt(s);
  return b > MAX_I64 || b < MIN_I64 ? 'range' : b;
}

/**
 * Go `strconv.ParseInt(s, 10, 64)` without throwing: the value (as a double, so exact up to 2^53),
 * or undefined on bad syntax or int64 overflow.
 */
export function tryParseGoInt64(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  // Up to 16 characters cannot leave the int64 range; `+ 0` turns "-0" into Go's plain 0.
  if (n <= 16 && INT_SYNTAX.test(s)) return Number(s) + 0;
  const r = int64Result(s);
  return typeof r === 'bigint' ? Number(r) : undefined;
}

/** Go `strconv.ParseInt(s, 10, 64)` as an exact bigint; throws CGRError with Go's NumError text. */
export function parseGoInt64(s: string): bigint {
  const r = int64Result(s);
  if (typeof r === 'bigint') return r;
  throw numError('ParseInt', s, r === 'syntax' ? 'invalid syntax' : 'value out of range');
}

/** Go `strconv.Atoi` (64-bit int); throws CGRError `strconv.Atoi: parsing "<s>": invalid syntax`. */
export function goAtoi(s: string): number {
  const r = int64Result(s);
  if (typeof r === 'bigint') return Number(r);
  throw numError('Atoi', s, r === 'syntax' ? 'invalid syntax' : 'value out of range');
}

/** Go `strconv.ParseBool` without throwing: `1 t T TRUE true True` / `0 f F FALSE false False`, else undefined. */
export function tryParseGoBool(s: string): boolean | undefined {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

/** Go `strconv.ParseBool`; throws CGRError `strconv.ParseBool: parsing "<s>": invalid syntax`. */
export function parseGoBool(s: string): boolean {
  const b = tryParseGoBool(s);
  if (b === undefined) throw numError('ParseBool', s, 'invalid syntax');
  return b;
}
