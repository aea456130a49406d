import { CGRError } from './cgr-error';
import { formatFloatF, formatFloatV } from './go-float';
import { goFmtV, goJSON } from './go-fmt';
import { parseGoDuration } from './go-duration';
import { parseGoFloat, parseGoBool, tryParseGoBool, tryParseGoFloat, tryParseGoInt64 } from './go-strconv';
import { formatGoTimeString, formatRFC3339, parseTimeDetectLayout } from './go-time';

// The CGRateS utils/reflect.go conversions, for values as they arrive from JSON: a JS number is a
// Go float64, a bigint an int64, a Date a time.Time, null/undefined nil, arrays []any and plain
// objects map[string]any. Durations have no JS type of their own (they are numbers of ns).

/**
 * CGRateS `IfaceAsString`: string as is, number → Go 'f' shortest (`10` → `"10"`, never exponent),
 * bool → "true"/"false", null/undefined → "", bigint → decimal, Date → RFC3339 (UTC), other → JSON
 * the way Go's json.Marshal writes it (sorted keys).
 */
export function ifaceAsString(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloatF(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'undefined':
      return '';
    case 'object':
      if (v === null) return '';
      if (v instanceof Date) return formatRFC3339(v.getTime());
      return goJSON(v);
    case 'function':
    case 'symbol':
      return goJSON(v);
  }
}

function endsWithDurationUnit(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  return c === 115 /* s */ || c === 109 /* m */ || c === 104; /* h */
}

/**
 * CGRateS `IfaceAsFloat64`: numbers as is; strings ending in s/m/h parse as Go durations (ns); other
 * strings parse as floats; anything else (or an unparsable string) throws CGRError with the Go text
 * (`strconv.ParseFloat: parsing "abc": invalid syntax`, `time: invalid duration "xs"`,
 * `cannot convert field: true to float64`).
 */
export function ifaceAsFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // ns, us, µs and ms end in "s" too, so every Go duration unit takes this branch.
    if (v.length > 0 && endsWithDurationUnit(v)) return parseGoDuration(v);
    return parseGoFloat(v);
  }
  if (typeof v === 'bigint') return Number(v);
  throw new CGRError(`cannot convert field: ${goFmtV(v)} to float64`);
}

/**
 * CGRateS `IfaceAsTime`: strings via parseTimeDetectLayout (epoch ms), a Date as is; numbers and
 * everything else throw `cannot convert field: <%+v> to time.Time` (a JSON number is a float64 in
 * Go, so 1700000000 prints as `1.7e+09`).
 */
export function ifaceAsTime(v: unknown, timezone: string, nowMs: number): number {
  if (typeof v === 'string') return parseTimeDetectLayout(v, timezone, nowMs);
  if (v instanceof Date) return v.getTime();
  throw new CGRError(`cannot convert field: ${goFmtV(v)} to time.Time`);
}

/**
 * CGRateS `IfaceAsBool`: bool as is; `""` is false (CGRateS master checks the empty string before
 * ParseBool); other strings via Go strconv.ParseBool (`strconv.ParseBool: parsing "x": invalid
 * syntax`); numbers > 0 are true; anything else throws `cannot convert field: <v> to bool`.
 */
export function ifaceAsBool(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v === '' ? false : parseGoBool(v);
    case 'number':
      return v > 0;
    case 'bigint':
      return v > 0n;
    case 'undefined':
    case 'object':
    case 'function':
    case 'symbol':
      throw new CGRError(`cannot convert field: ${goFmtV(v)} to bool`);
  }
}

/** A value parsed the way CGRateS `StringToInterface` + `GetBasicType` does (durations become int ns). */
export type GoValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'time'; readonly value: number };

const EMPTY: GoValue = { kind: 'string', value: '' };

// Every layout, keyword and offset form ParseTimeDetectLayout knows starts with a digit, `*`, `+`
// or `-` once surrounding space is trimmed; any other first character can only end in
// `Unsupported time format`. Checking that first spares the exception on plain words.
function mayBeTime(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 42 || c === 43 || c === 45 || c <= 32 || c >= 0x85;
}

// A Go duration starts with a digit, `.`, or a sign.
function mayBeDuration(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45;
}

function timeOrUndefined(s: string, timezone: string, nowMs: number): number | undefined {
  if (!mayBeTime(s)) return undefined;
  try {
    return parseTimeDetectLayout(s, timezone, nowMs);
  } catch (e) {
    if (e instanceof CGRError) return undefined;
    throw e;
  }
}

function durationOrUndefined(s: string): number | undefined {
  if (!mayBeDuration(s)) return undefined;
  try {
    return parseGoDuration(s);
  } catch (e) {
    if (e instanceof CGRError) return undefined;
    throw e;
  }
}

/**
 * CGRateS `StringToInterface`, first parser that succeeds: "" → string; int64 (`strconv.ParseInt`
 * base 10); bool (`1 t T TRUE true True 0 f F FALSE false False`, 1/0 already taken by int);
 * float64 (Go ParseFloat, so `inf`/`nan` too); time (parseTimeDetectLayout in `timezone`, which
 * also takes `*now`, `+1h`, `-1s`, `*unlimited` and blank strings); duration (Go ParseDuration, as
 * int ns); else the string itself.
 *
 * Integers beyond ±2^53 lose precision in `value` (a double); the kind stays 'int'.
 */
export function stringToInterface(s: string, timezone: string, nowMs: number): GoValue {
  if (s === '') return EMPTY;
  const i = tryParseGoInt64(s);
  if (i !== undefined) return { kind: 'int', value: i };
  const b = tryParseGoBool(s);
  if (b !== undefined) return { kind: 'bool', value: b };
  const f = tryParseGoFloat(s);
  if (f !== undefined) return { kind: 'float', value: f };
  const t = timeOrUndefined(s, timezone, nowMs);
  if (t !== undefined) return { kind: 'time', value: t };
  const d = durationOrUndefined(s);
  if (d !== undefined) return { kind: 'int', value: d };
  return { kind: 'string', value: s };
}

/**
 * A value as Go's `%v` / `%+v` prints it inside CGRateS messages such as
 * `incomparable: <%+v> with <%+v>`: nil (null/undefined) → `<nil>`, int → decimal, float → `%v`
 * (`10`, `0.5`, `1e+06`), bool → `true`/`false`, time → Go's Time.String() in UTC
 * (`2014-07-14 14:25:00 +0000 UTC`), string as is.
 */
export function goValueString(v: GoValue | null | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'int':
      // Beyond 2^53 a double prints as 9223372036854776000 in JS; Go prints the integer digits.
      return Number.isInteger(v.value) && !Number.isSafeInteger(v.value)
        ? BigInt(v.value).toString()
        : String(v.value);
    case 'float':
      return formatFloatV(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'time':
      return formatGoTimeString(v.value);
  }
}

export { goFmtV, goJSON } from './go-fmt';
