import { Buffer } from 'node:buffer';
import type { FilterEnv } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { goJSON, ifaceAsFloat64, ifaceAsString } from '../src/util/convert';
import { formatGoDuration, ifaceAsDuration } from '../src/util/go-duration';
import { goAtoi, parseGoFloat, parseGoInt64 } from '../src/util/go-strconv';
import { parseTimeDetectLayout } from '../src/util/go-time';
import { parseIP } from './ip-net';

/**
 * A Go `time.Duration` travelling through a converter chain: `*duration` outputs one, and
 * `IfaceAsString` prints it the Go way (`1m30s`), unlike a plain number of nanoseconds.
 */
export class GoDuration {
  readonly ns: number;
  constructor(ns: number) {
    this.ns = ns;
  }
}

/** One CGRateS DataConverter (utils/dataconverter.go), compiled once from its `{*...}` spelling. */
export interface DataConverter {
  /** False when the output depends on the clock, so a constant cannot be converted ahead of time. */
  readonly pure: boolean;
  convert(input: unknown, env: FilterEnv): unknown;
}

/**
 * Converters CGRateS has but StatQueue does not (they need libraries or outside data). CGRateS
 * matches the parameterised ones by prefix and the others exactly; so does this.
 */
const NOT_IMPLEMENTED_PREFIX = ['*durfmt', '*libphonenumber', '*timestring', '*random'];
const NOT_IMPLEMENTED_EXACT = [
  '*sipuri_host',
  '*sipuri_user',
  '*sipuri_method',
  '*urlencode',
  '*conn_status',
  '*3gpp_uli',
  '*datetime',
];

function atoi(s: string): number | undefined {
  try {
    return goAtoi(s);
  } catch {
    return undefined;
  }
}

function asDurationNs(v: unknown): number {
  return v instanceof GoDuration ? v.ns : ifaceAsDuration(v);
}

function asFloat(v: unknown): number {
  if (v instanceof GoDuration) return v.ns;
  if (typeof v === 'bigint') return Number(v);
  return ifaceAsFloat64(v);
}

/** `IfaceAsString` of a converter output (durations and int64s included). */
export function convertedToString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoDuration) return formatGoDuration(v.ns);
  if (typeof v === 'bigint') return v.toString();
  return ifaceAsString(v);
}

/** CGRateS `utils.Round` with the `*up`/`*down`/`*middle` methods (any other method: no rounding). */
export function goRound(x: number, decimals: number, method: string): number {
  const maxPrec = Math.max(7, decimals);
  const pow = Math.pow(10, decimals);
  const intermed = x * pow;
  const frac = intermed - Math.trunc(intermed);
  let rounder: number;
  switch (method) {
    case '*up':
      rounder = frac >= Math.pow(10, -maxPrec) ? Math.ceil(intermed) : Math.floor(intermed);
      break;
    case '*down':
      rounder = Math.floor(intermed);
      break;
    case '*middle':
      rounder = frac >= 0.5 ? Math.ceil(intermed) : Math.floor(intermed);
      break;
    default:
      rounder = intermed;
  }
  return rounder / pow;
}

function roundConverter(params: string): DataConverter {
  const parts = params === '' ? [] : params.split(':');
  let decimals = 0;
  let method = '*middle';
  if (parts.length > 2) throw new CGRError(`unsupported *round converter parameters: <${params}>`);
  if (parts.length >= 1) {
    const d = atoi(parts[0] ?? '');
    if (d === undefined)
      throw new CGRError(`*round converter needs integer as decimals, have: <${parts[0] ?? ''}>`);
    decimals = d;
  }
  if (parts.length === 2) method = parts[1] ?? '';
  return { pure: true, convert: (v) => goRound(asFloat(v), decimals, method) };
}

function arithmeticConverter(params: string, op: (a: number, b: number) => number): DataConverter {
  if (params === '') throw new CGRError('mandatory information missing');
  const operand = parseGoFloat(params);
  return { pure: true, convert: (v) => op(asFloat(v), operand) };
}

function stripConverter(params: string): DataConverter {
  const p = params.split(':');
  if (p.length < 3 || p.length > 5) {
    throw new CGRError('strip converter: invalid number of parameters (should have 3, 4 or 5)');
  }
  const side = p[1] ?? '';
  let substr = p[2] ?? '';
  let amount = -1;
  const parseAmount = (s: string): number => {
    try {
      return goAtoi(s);
    } catch (err) {
      throw new CGRError(
        `strip converter: invalid amount parameter (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  };
  if (substr === '') throw new CGRError('strip converter: substr parameter cannot be empty');
  if (substr === '*nil' || substr === '*space') {
    if (p.length === 5) throw new CGRError('strip converter: cannot have 5 params in *nil/*space case');
    substr = substr === '*nil' ? '\u0000' : ' ';
    if (p.length === 4) {
      amount = parseAmount(p[3] ?? '');
      substr = substr.repeat(Math.max(0, amount));
    }
  } else if (substr === '*char') {
    if (p.length < 4 || p[3] === '') {
      throw new CGRError('strip converter: usage of *char implies the need of 4 or 5 non-empty params');
    }
    substr = p[3] ?? '';
    if (p.length === 5) {
      amount = parseAmount(p[4] ?? '');
      substr = substr.repeat(Math.max(0, amount));
    }
  } else {
    if (p.length > 3)
      throw new CGRError('strip converter: just the amount specified, cannot have more than 3 params');
    amount = parseAmount(substr);
    substr = '';
  }
  const trimLeft = (s: string, cut: string): string => {
    let i = 0;
    while (i < s.length && cut.includes(s[i] ?? '')) i++;
    return s.slice(i);
  };
  const trimRight = (s: string, cut: string): string => {
    let i = s.length;
    while (i > 0 && cut.includes(s[i - 1] ?? '')) i--;
    return s.slice(0, i);
  };
  return {
    pure: true,
    convert: (v) => {
      if (typeof v !== 'string') throw new CGRError('strip converter: CAST_FAILED');
      // Go slices bytes; event strings are nearly always ASCII, so code units are used here.
      if (amount <= 0 && amount !== -1) return v;
      switch (side) {
        case '*prefix':
          if (substr === '') return amount < v.length ? v.slice(amount) : '';
          if (amount !== -1) return v.startsWith(substr) ? v.slice(substr.length) : v;
          return trimLeft(v, substr);
        case '*suffix':
          if (substr === '') return amount < v.length ? v.slice(0, v.length - amount) : '';
          if (amount !== -1) return v.endsWith(substr) ? v.slice(0, v.length - substr.length) : v;
          return trimRight(v, substr);
        case '*both':
          if (substr === '') return amount * 2 < v.length ? v.slice(amount, v.length - amount) : '';
          if (amount !== -1) {
            const s = v.startsWith(substr) ? v.slice(substr.length) : v;
            return s.endsWith(substr) ? s.slice(0, s.length - substr.length) : s;
          }
          return trimRight(trimLeft(v, substr), substr);
        default:
          throw new CGRError('strip converter: invalid side parameter');
      }
    },
  };
}

function lengthOf(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  return Buffer.byteLength(convertedToString(v), 'utf8');
}

function sliceOf(v: unknown): unknown {
  if (Array.isArray(v)) return v;
  const src = convertedToString(v);
  if (src.startsWith('[') && src.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(src);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON: CGRateS falls back to the string itself.
    }
  }
  return src;
}

function jsonOf(v: unknown): string {
  return goJSON(v instanceof GoDuration ? v.ns : v);
}

function urlDecode(v: unknown): string {
  const s = convertedToString(v);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new CGRError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function e164(v: unknown): string {
  const name = convertedToString(v);
  const i = name.indexOf('.e164.');
  if (i === -1) throw new CGRError('unknown format');
  return [...name.slice(0, i).replaceAll('.', '')].reverse().join('');
}

function e164Domain(v: unknown): string {
  let name = convertedToString(v);
  const i = name.indexOf('.e164.');
  if (i !== -1) name = name.slice(i);
  return name.replace(/^\.+|\.+$/g, '');
}

function ip2hex(v: unknown): string {
  const ip = parseIP(convertedToString(v));
  if (ip === null) return '';
  const hx = Buffer.from(ip).toString('hex');
  return `0x${hx.slice(hx.length - 8)}`;
}

// Go IfaceAsInt64 then a multiplication by 2^32, in int64 (a double would lose digits).
function gigawords(v: unknown): bigint {
  const n = typeof v === 'number' ? BigInt(Math.trunc(v)) : parseGoInt64(convertedToString(v));
  return BigInt.asIntN(64, n * 4294967296n);
}

const pure = (convert: (v: unknown) => unknown): DataConverter => ({ pure: true, convert });

/**
 * CGRateS `NewDataConverter` for one converter spelling (`*duration_seconds`, `*round:2:*up`, ...).
 * Throws CGRError with CGRateS' text: `unsupported converter definition: <x>` for unknown ones,
 * `NOT_IMPLEMENTED:<x>` for the ones StatQueue leaves out (phone numbers, SIP URIs, ...).
 */
export function compileDataConverter(params: string): DataConverter {
  const tail = (name: string): string => params.slice(name.length + 1);
  switch (params) {
    case '*duration_seconds':
      return pure((v) => asDurationNs(v) / 1e9);
    case '*duration_nanoseconds':
      return pure((v) => asDurationNs(v));
    case '*duration_minutes':
      return pure((v) => asDurationNs(v) / 6e10);
    case '*json':
      return pure(jsonOf);
    case '*duration':
      return pure((v) => new GoDuration(asDurationNs(v)));
    case '*ip2hex':
      return pure(ip2hex);
    case '*string2hex':
      return pure((v) => {
        const hx = Buffer.from(convertedToString(v), 'utf8').toString('hex');
        return hx === '' ? '' : `0x${hx}`;
      });
    case '*unixtime':
      // Go passes an empty zone name, and time.LoadLocation("") is UTC.
      return {
        pure: false,
        convert: (v, env) =>
          Math.trunc(parseTimeDetectLayout(convertedToString(v), 'UTC', env.nowMs()) / 1000),
      };
    case '*len':
      return pure(lengthOf);
    case '*slice':
      return pure(sliceOf);
    case '*float64':
      return pure(asFloat);
    case '*e164Domain':
      return pure(e164Domain);
    case '*e164':
      return pure(e164);
    case '*urldecode':
      return pure(urlDecode);
    default:
  }
  if (params.startsWith('*round')) return roundConverter(params === '*round' ? '' : tail('*round'));
  if (params.startsWith('*multiply')) return arithmeticConverter(tail('*multiply'), (a, b) => a * b);
  if (params.startsWith('*divide')) return arithmeticConverter(tail('*divide'), (a, b) => a / b);
  if (params.startsWith('*strip')) return stripConverter(params);
  if (params.startsWith('*gigawords')) return pure(gigawords);
  const missing =
    NOT_IMPLEMENTED_EXACT.find((n) => params === n) ??
    NOT_IMPLEMENTED_PREFIX.find((n) => params.startsWith(n));
  if (missing !== undefined) throw new CGRError(`NOT_IMPLEMENTED:${missing}`);
  throw new CGRError(`unsupported converter definition: <${params}>`);
}

/** CGRateS `DataConverters.ConvertString`: string in, every converter in order, `IfaceAsString` out. */
export function convertString(converters: readonly DataConverter[], input: string, env: FilterEnv): string {
  let out: unknown = input;
  for (const c of converters) out = c.convert(out, env);
  return convertedToString(out);
}
