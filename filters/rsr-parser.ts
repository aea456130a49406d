import type { EventDP, FilterEnv } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { ifaceAsString } from '../src/util/convert';
import { MISSING } from '../src/util/field-path';
import type { Missing } from '../src/util/field-path';
import { compileDataConverter, convertString } from './data-converter';
import type { DataConverter } from './data-converter';
import { DYNAMIC_PREFIX } from './filter-type';
import { compileGoRegExp } from './go-regexp';
import { PathReaderCache } from './path-reader';
import type { PathReader } from './path-reader';

/**
 * One compiled CGRateS RSRParser (config/rsrparser.go): a constant, or a `~path` with optional
 * `:s/search/replace/` rules, `{*conv1&*conv2}` converters and one `<...>` dynamic sub-path.
 */
export interface RsrParser {
  /** The source text, verbatim. */
  readonly rules: string;
  /** True when the source starts with `~` (and is not `~` alone): what CGRateS calls dynamic. */
  readonly dynamic: boolean;
  /** The path when the rule is a bare `~path` (no converters, search/replace or `<...>`), else undefined. */
  readonly plainPath: string | undefined;
  /** The constant when the rule is a bare constant (no converters, no `<...>`), else undefined. */
  readonly plainConstant: string | undefined;
  /**
   * CGRateS `ParseDataProvider`: the value as a string after search/replace and converters, or
   * MISSING when a path is absent. Any other failure throws CGRError.
   */
  parse(ev: EventDP, env: FilterEnv): string | Missing;
  /**
   * CGRateS `CompileDynRule` + `DPDynamicInterface` (used by `*exists` and `*empty`): the raw field
   * with `<...>` resolved and converters ignored (their text stays part of the path), or the
   * constant text itself.
   */
  raw(ev: EventDP, env: FilterEnv): unknown;
}

const CONVERTER_START = '{*';
const MAX_DYNAMIC_CACHE = 256;

interface SearchReplace {
  readonly re: RegExp;
  readonly template: string;
}

const SR_SPLIT = /:s\//;
const SR_RULE = /(?:(.*[^\\])\/(.*[^\\])*\/){1,}/;

function compileSearchReplace(ruleStr: string): SearchReplace {
  const m = SR_RULE.exec(ruleStr);
  if (m === null) {
    throw new CGRError(`not enough members in Search&Replace, ruleStr: <${ruleStr}>, matches: [], `);
  }
  const search = m[1] ?? '';
  let re: RegExp;
  try {
    re = compileGoRegExp(search);
  } catch {
    throw new CGRError(`invalid Search&Replace subfield rule: <${search}>`);
  }
  return { re, template: m[2] ?? '' };
}

// Go Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to "".
function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    let end = i + 1;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close === -1 ? '' : template.slice(i + 2, close);
      if (close !== -1 && /^\w+$/.test(inner)) {
        name = inner;
        end = close + 1;
      }
    } else {
      const w = /^\w+/.exec(template.slice(i + 1));
      if (w !== null) {
        name = w[0];
        end = i + 1 + name.length;
      }
    }
    if (name === undefined) {
      out += '$';
      continue;
    }
    const group = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += group ?? '';
    i = end - 1;
  }
  return out;
}

function applySearchReplace(rules: readonly SearchReplace[], value: string): string {
  let out = value;
  for (const r of rules) {
    r.re.lastIndex = 0;
    const m = r.re.exec(out);
    // No match leaves the value unaltered (CGRateS: "so we can play with national vs international dialing").
    if (m !== null) out = expandTemplate(r.template, m);
  }
  return out;
}

function compileConverters(rules: string, idx: number): DataConverter[] {
  if (!rules.endsWith('}')) throw new CGRError(`invalid converter terminator in rule: <${rules}>`);
  return rules
    .slice(idx + 1, rules.length - 1)
    .split('&')
    .map((c) => {
      try {
        return compileDataConverter(c);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new CGRError(`invalid converter value in string: <${c}>, err: ${reason}`);
      }
    });
}

/** CGRateS `NewRSRParsers(rules, ";")` without the backtick quoting: the `<...>` contents. */
function compileRsrParsers(rules: string, readers: PathReaderCache): RsrParser[] {
  if (rules === '') return [];
  return rules.split(';').map((r) => {
    const p = compileRsrParser(r, readers);
    if (p === null) throw new CGRError(`empty RSRParser in rule: <${r}>`);
    return p;
  });
}

function compileDynamicSubPath(
  rules: string,
  start: number,
  end: number,
  readers: PathReaderCache,
): RsrParser {
  const head = rules.slice(0, start);
  const tail = rules.slice(end + 1);
  const inner = compileRsrParsers(rules.slice(start + 1, end), readers);
  // The spliced rule is compiled when first seen and then reused: events usually repeat values.
  const cache = new Map<string, RsrParser | null>();
  const resolve = (ev: EventDP, env: FilterEnv): RsrParser | null | Missing => {
    let mid = '';
    for (const p of inner) {
      const v = p.parse(ev, env);
      if (v === MISSING) return MISSING;
      mid += v;
    }
    const spliced = head + mid + tail;
    let parser = cache.get(spliced);
    if (parser === undefined) {
      // Spliced paths vary per event: they get their own readers, not the shared (unbounded) cache.
      parser = compileRsrParser(spliced);
      if (cache.size >= MAX_DYNAMIC_CACHE) cache.clear();
      cache.set(spliced, parser);
    }
    return parser;
  };
  return {
    rules,
    dynamic: rules.startsWith(DYNAMIC_PREFIX) && rules.length > 1,
    plainPath: undefined,
    plainConstant: undefined,
    parse(ev, env) {
      const p = resolve(ev, env);
      if (p === MISSING) return MISSING;
      return p === null ? '' : p.parse(ev, env);
    },
    raw(ev, env) {
      const p = resolve(ev, env);
      if (p === MISSING) return MISSING;
      return p === null ? '' : p.raw(ev, env);
    },
  };
}

/** A bare constant: the most common value, kept small (no closures). */
class ConstantParser implements RsrParser {
  readonly rules: string;
  readonly plainConstant: string;
  get dynamic(): boolean {
    return false;
  }
  get plainPath(): undefined {
    return undefined;
  }
  constructor(rules: string) {
    this.rules = rules;
    this.plainConstant = rules;
  }
  parse(): string {
    return this.plainConstant;
  }
  raw(): unknown {
    return this.rules;
  }
}

// Pure converters never consult the environment.
const PURE_ENV: FilterEnv = {
  nowMs: () => {
    throw new Error('pure converter read the clock');
  },
  timezone: 'UTC',
  destinationPrefixes: () => undefined,
};

/** A constant with converters (`5{*multiply:2}`), converted once when the converters are pure. */
class ConvertedConstantParser implements RsrParser {
  readonly rules: string;
  private readonly text: string;
  private readonly converters: readonly DataConverter[];
  private readonly pre: string | undefined;
  private readonly preErr: Error | undefined;
  get dynamic(): boolean {
    return false;
  }
  get plainPath(): undefined {
    return undefined;
  }
  get plainConstant(): undefined {
    return undefined;
  }
  constructor(rules: string, text: string, converters: readonly DataConverter[]) {
    this.rules = rules;
    this.text = text;
    this.converters = converters;
    if (converters.every((c) => c.pure)) {
      try {
        this.pre = convertString(converters, text, PURE_ENV);
      } catch (err) {
        this.preErr = err instanceof Error ? err : new CGRError(String(err));
      }
    }
  }
  parse(_ev: EventDP, env: FilterEnv): string {
    if (this.pre !== undefined) return this.pre;
    if (this.preErr !== undefined) throw this.preErr;
    return convertString(this.converters, this.text, env);
  }
  raw(): unknown {
    return this.rules;
  }
}

const NO_CONVERTERS: readonly DataConverter[] = Object.freeze([]);
const NO_SEARCH_REPLACE: readonly SearchReplace[] = Object.freeze([]);

/** A `~path`, optionally with search/replace rules and converters. */
class PathParser implements RsrParser {
  readonly rules: string;
  readonly plainPath: string | undefined;
  private readonly read: PathReader;
  /** The raw reader keeps the converter text in the path, as CGRateS' CompileDynRule does. */
  private readonly rawRead: PathReader;
  private readonly converters: readonly DataConverter[];
  private readonly searchReplace: readonly SearchReplace[];
  get dynamic(): boolean {
    return true;
  }
  get plainConstant(): undefined {
    return undefined;
  }
  constructor(
    rules: string,
    pathPart: string,
    converters: readonly DataConverter[],
    readers: PathReaderCache,
  ) {
    const pieces = pathPart.split(SR_SPLIT);
    const path = pieces[0] ?? pathPart;
    this.rules = rules;
    // Shared empty lists: a plain path is the common case and profiles hold many of them.
    this.converters = converters.length === 0 ? NO_CONVERTERS : converters;
    this.searchReplace = pieces.length > 1 ? pieces.slice(1).map(compileSearchReplace) : NO_SEARCH_REPLACE;
    this.read = readers.get(path);
    this.rawRead = rules === path ? this.read : readers.get(rules);
    this.plainPath = converters.length === 0 && this.searchReplace.length === 0 ? path : undefined;
  }
  parse(ev: EventDP, env: FilterEnv): string | Missing {
    const v = this.read(ev);
    if (v === MISSING) return MISSING;
    if (this.plainPath !== undefined) return ifaceAsString(v);
    return convertString(this.converters, applySearchReplace(this.searchReplace, ifaceAsString(v)), env);
  }
  raw(ev: EventDP): unknown {
    return this.rawRead(ev);
  }
}

/**
 * CGRateS `NewRSRParser`: compiles `rules` once; null for `""` (the caller decides whether an empty
 * rule is an error). Paths are read through `readers`, which rules compiled together share.
 * Throws CGRError with CGRateS' texts: `invalid converter terminator in rule: <r>`,
 * `invalid converter value in string: <c>, err: <reason>`, Search&Replace errors.
 */
export function compileRsrParser(
  rules: string,
  readers: PathReaderCache = new PathReaderCache(),
): RsrParser | null {
  if (rules === '') return null;
  const dynStart = rules.indexOf('<');
  if (dynStart !== -1) {
    const dynEnd = rules.indexOf('>', dynStart);
    if (dynEnd !== -1) return compileDynamicSubPath(rules, dynStart, dynEnd, readers);
  }
  const convIdx = rules.indexOf(CONVERTER_START);
  const converters = convIdx === -1 ? [] : compileConverters(rules, convIdx);
  const body = convIdx === -1 ? rules : rules.slice(0, convIdx);
  if (!body.startsWith(DYNAMIC_PREFIX) || body.length === 1) {
    return converters.length === 0
      ? new ConstantParser(rules)
      : new ConvertedConstantParser(rules, body, converters);
  }
  return new PathParser(rules, body, converters, readers);
}
