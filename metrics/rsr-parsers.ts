import type { EventDP } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { ifaceAsFloat64, ifaceAsString } from '../src/util/convert';
import type { FieldGetter } from '../src/util/field-path';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { NS_PER_S, formatGoDuration, ifaceAsDuration } from '../src/util/go-duration';
import { roundMiddle } from '../src/util/go-float';
import { MetricWire, notFoundError } from './metric-wire';

/** `*sum`'s parameter compiled once: the raw rule of each part and a string evaluator. */
export interface CompiledRsrParsers {
  /** The rule text of each `;` part, as CGRateS serialises `Fields: [{"Rules": ...}]`. */
  readonly rules: readonly string[];
  /** Concatenation of every part's string for this event; a missing `~` field throws `NOT_FOUND`. */
  evaluate(ev: EventDP): string;
  /**
   * Set when the parameter is a single `~path` without converters: evaluate() is then that field
   * stringified, and a caller that converts the string back may read the field itself instead.
   */
  readonly soleField: FieldGetter | undefined;
}

type Converter = (v: unknown) => unknown;

interface RsrPart {
  /** Set for constants (literal text); undefined for a `~` path. */
  readonly constant: string | undefined;
  readonly field: FieldGetter | undefined;
  readonly converters: readonly Converter[];
}

const CONVERTER_PREFIX = '{*';
const CONVERTER_SUFFIX = '}';
const CONVERTER_SEP = '&';
const CONVERTER_PARAM_SEP = ':';
const QUOTE = '`';
const ROUND_MIDDLE = '*middle';
const GO_FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_INT_RE = /^[+-]?\d+$/;

/**
 * Compiles `*sum#<rules>` the way CGRateS builds RSRParsers (config/rsrparser.go): `;`-separated
 * parts, each a `~` path (read from the event and stringified with IfaceAsString) or a constant
 * (`1`, or backquoted text), optionally followed by `{*conv&*conv}`. Supported converters:
 * `*duration_seconds`, `*duration_nanoseconds`, `*duration`, `*round[:decimals[:*middle]]`,
 * `*multiply:x`, `*divide:x`. Anything else (regex `:s/` rules, `<...>` templates, other
 * converters) is rejected here with a CGRError rather than misread per event.
 */
export function compileRsrParsers(param: string): CompiledRsrParsers {
  const rules = param === '' ? [] : splitRules(param);
  const parts = rules.map(compilePart);
  const sole = parts.length === 1 ? (parts[0] as RsrPart) : undefined;
  return {
    rules,
    soleField: sole !== undefined && sole.converters.length === 0 ? sole.field : undefined,
    evaluate(ev: EventDP): string {
      let out = '';
      for (const part of parts) out += evaluatePart(part, ev);
      return out;
    },
  };
}

function splitRules(param: string): string[] {
  const rules: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < param.length; i++) {
    const ch = param[i];
    if (ch === QUOTE) quoted = !quoted;
    else if (ch === MetricWire.INFIELD_SEP && !quoted) {
      rules.push(param.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) throw new CGRError(`invalid RSR rules <${param}>: unbalanced backquote`);
  rules.push(param.slice(start));
  for (const rule of rules) if (rule === '') throw new CGRError(`empty RSRParser in rule: <${param}>`);
  return rules;
}

function compilePart(rule: string): RsrPart {
  if (rule.startsWith(QUOTE) && rule.endsWith(QUOTE) && rule.length >= 2) {
    return { constant: rule.slice(1, -1), field: undefined, converters: [] };
  }
  if (/<.*>/.test(rule)) throw new CGRError(`unsupported RSR rule <${rule}>: dynamic <...> templates`);
  let path = rule;
  let converters: Converter[] = [];
  const convIdx = rule.indexOf(CONVERTER_PREFIX);
  if (convIdx !== -1) {
    if (!rule.endsWith(CONVERTER_SUFFIX))
      throw new CGRError(`invalid converter terminator in rule: <${rule}>`);
    converters = rule
      .slice(convIdx + 1, -1)
      .split(CONVERTER_SEP)
      .map(compileConverter);
    path = rule.slice(0, convIdx);
  }
  // A lone "~" or anything not starting with "~" is a static value in CGRateS.
  if (!path.startsWith(MetricWire.DYNAMIC_PREFIX) || path.length === 1) {
    return { constant: path, field: undefined, converters };
  }
  if (path.includes(':s/')) throw new CGRError(`unsupported RSR rule <${rule}>: regexp search-and-replace`);
  return { constant: undefined, field: compileFieldGetter(path), converters };
}

function evaluatePart(part: RsrPart, ev: EventDP): string {
  let text: string;
  if (part.field === undefined) {
    text = part.constant ?? '';
  } else {
    const v = part.field(ev);
    if (v === MISSING) throw notFoundError();
    text = ifaceAsString(v);
  }
  if (part.converters.length === 0) return text;
  // Converters receive the stringified value and chain raw results; only the last is stringified
  // (utils.DataConverters.ConvertString).
  let out: unknown = text;
  for (const convert of part.converters) out = convert(out);
  return ifaceAsString(out);
}

function converterError(def: string, reason: string): CGRError {
  return new CGRError(`invalid converter value in string: <${def}>, err: ${reason}`);
}

function parseGoFloat(def: string, s: string): number {
  if (!GO_FLOAT_RE.test(s)) throw converterError(def, `strconv.ParseFloat: parsing "${s}": invalid syntax`);
  return Number(s);
}

function compileConverter(def: string): Converter {
  const sepIdx = def.indexOf(CONVERTER_PARAM_SEP);
  const name = sepIdx === -1 ? def : def.slice(0, sepIdx);
  const params = sepIdx === -1 ? '' : def.slice(sepIdx + 1);
  switch (name) {
    case '*duration_seconds':
      return (v) => {
        // Go Duration.Seconds(): whole seconds plus the ns remainder, not ns / 1e9.
        const ns = ifaceAsDuration(v);
        return Math.trunc(ns / NS_PER_S) + (ns % NS_PER_S) / NS_PER_S;
      };
    case '*duration_nanoseconds':
      return (v) => ifaceAsDuration(v);
    case '*duration':
      // A Go Duration stringifies as Duration.String(), and every later consumer re-parses it.
      return (v) => formatGoDuration(ifaceAsDuration(v));
    case '*round': {
      const [decimalsText = '0', method = ROUND_MIDDLE, ...rest] = params === '' ? [] : params.split(':');
      if (rest.length > 0) throw converterError(def, `unsupported *round converter parameters: <${params}>`);
      if (!GO_INT_RE.test(decimalsText)) {
        throw converterError(def, `*round converter needs integer as decimals, have: <${decimalsText}>`);
      }
      if (method !== ROUND_MIDDLE)
        throw converterError(def, `unsupported rounding method <${method}> in *sum`);
      const decimals = Number(decimalsText);
      return (v) => roundMiddle(ifaceAsFloat64(v), decimals);
    }
    case '*multiply': {
      if (params === '') throw converterError(def, 'mandatory information missing');
      const factor = parseGoFloat(def, params);
      return (v) => ifaceAsFloat64(v) * factor;
    }
    case '*divide': {
      if (params === '') throw converterError(def, 'mandatory information missing');
      const divisor = parseGoFloat(def, params);
      return (v) => ifaceAsFloat64(v) / divisor;
    }
    default:
      throw converterError(def, `unsupported converter definition: <${def}>`);
  }
}
