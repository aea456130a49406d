import { formatFloatV } from './go-float';
import { formatGoTimeString, formatRFC3339Nano } from './go-time-format';

// How Go prints decoded JSON values: `%v`/`%+v` (error texts) and encoding/json (CGRateS ToJSON).
// A JS number stands for Go's float64 (what encoding/json decodes numbers into), a bigint for int64,
// a Date for time.Time, null/undefined for nil, arrays for []any and objects for map[string]any.

/**
 * Go `fmt` `%v` / `%+v` of a decoded JSON value (identical for these types): nil → `<nil>`, floats
 * via formatFloatV (`1e+06`), slices `[a b]`, maps `map[k1:v1 k2:v2]` with sorted keys (fmt sorts
 * map keys), time.Time as its String().
 */
export function goFmtV(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return '<nil>';
    case 'string':
      return v;
    case 'number':
      return formatFloatV(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return '<nil>';
      if (v instanceof Date) return formatGoTimeString(v.getTime());
      if (Array.isArray(v)) return '[' + v.map(goFmtV).join(' ') + ']';
      return (
        'map[' +
        Object.keys(v)
          .sort()
          .map((k) => k + ':' + goFmtV((v as Record<string, unknown>)[k]))
          .join(' ') +
        ']'
      );
    case 'symbol':
      return v.toString();
    case 'function':
      return '<func>'; // never decoded from JSON; Go would print an address
  }
}

class UnsupportedJSON extends Error {}

const HAS_HTML_ESCAPE = /[<>&\u2028\u2029]/;
const JSON_HTML_ESCAPE = /[<>&\u2028\u2029]/g;

function jsonEscape(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

function encodeJSON(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'null';
    case 'string': {
      const s = JSON.stringify(v);
      return HAS_HTML_ESCAPE.test(s) ? s.replace(JSON_HTML_ESCAPE, jsonEscape) : s;
    }
    case 'number':
      // Go's float encoder uses 'f' between 1e-6 and 1e21 and 'e' (with `e-7`, `e+21`) outside:
      // the exact layout of JS number-to-string. NaN/Inf make json.Marshal fail.
      if (!Number.isFinite(v)) throw new UnsupportedJSON();
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (v instanceof Date) return '"' + formatRFC3339Nano(v.getTime()) + '"';
      if (Array.isArray(v)) return '[' + v.map(encodeJSON).join(',') + ']';
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => encodeJSON(k) + ':' + encodeJSON(o[k])).join(',') + '}';
    }
    case 'function':
    case 'symbol':
      throw new UnsupportedJSON();
  }
}

/**
 * CGRateS `utils.ToJSON` (Go `json.Marshal`, error ignored): map keys sorted, `<`, `>`, `&`,
 * U+2028/U+2029 escaped as `\u003c`..., and `""` when Go cannot encode the value (NaN, ±Inf).
 */
export function goJSON(v: unknown): string {
  try {
    return encodeJSON(v);
  } catch (e) {
    if (e instanceof UnsupportedJSON) return '';
    throw e;
  }
}
