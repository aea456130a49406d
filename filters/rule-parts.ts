import type { EventDP, FilterEnv, FilterRuleSpec } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { MISSING } from '../src/util/field-path';
import type { PathReaderCache } from './path-reader';
import { compileRsrParser } from './rsr-parser';
import type { RsrParser } from './rsr-parser';

/** The closure a rule compiles to: true/false, or a thrown CGRError (never negated). */
export type RulePass = (ev: EventDP, tenant: string, env: FilterEnv) => boolean;

/** Registry entry for one base rule type (`*string`, `*gt`, ...). */
export interface FilterTypeDescriptor {
  readonly type: string;
  /** False for `*gt *gte *lt *lte`: CGRateS has no `*notgt` (it answers NOT_IMPLEMENTED). */
  readonly negatable: boolean;
  /**
   * Compiles once; throws CGRError with CGRateS' text on a bad regex, converter, ... Paths are read
   * through `readers`, shared by the rules compiled together.
   */
  compile(spec: FilterRuleSpec, readers: PathReaderCache): RulePass;
}

/** The Element as an RSRParser; CGRateS refuses an empty one: `empty RSRParser in rule: <>`. */
export function compileElement(spec: FilterRuleSpec, readers: PathReaderCache): RsrParser {
  const p = compileRsrParser(spec.Element, readers);
  if (p === null) throw new CGRError(`empty RSRParser in rule: <${spec.Element}>`);
  return p;
}

/** The Values as RSRParsers (CGRateS `NewRSRParsersFromSlice`): an empty value is an error. */
export function compileValueParsers(spec: FilterRuleSpec, readers: PathReaderCache): RsrParser[] {
  return (spec.Values ?? []).map((v) => {
    const p = compileRsrParser(v, readers);
    if (p === null) throw new CGRError(`empty RSRParser in rule: <${v}>`);
    return p;
  });
}

/**
 * A value that fails to resolve (missing path, converter error, ...) is skipped, as CGRateS'
 * `continue`; the try/catch lives here so the callers' loops stay free of it.
 */
export function parseOrSkip(p: RsrParser, ev: EventDP, env: FilterEnv): string | undefined {
  try {
    const v = p.parse(ev, env);
    return v === MISSING ? undefined : v;
  } catch {
    return undefined;
  }
}

/**
 * The shape shared by `*string *contains *prefix *suffix`: the Element as a string (missing → false),
 * then any value for which `match(field, value)` holds passes.
 */
export function compileStringMatch(
  spec: FilterRuleSpec,
  readers: PathReaderCache,
  match: (field: string, value: string) => boolean,
): RulePass {
  const values = compileValueParsers(spec, readers);
  const element = compileElement(spec, readers);
  const constants: string[] = [];
  const dynamic: RsrParser[] = [];
  for (const p of values) {
    if (p.plainConstant !== undefined) constants.push(p.plainConstant);
    else dynamic.push(p);
  }
  return (ev, _tenant, env) => {
    const field = element.parse(ev, env);
    if (field === MISSING) return false;
    for (const c of constants) if (match(field, c)) return true;
    for (const p of dynamic) {
      const v = parseOrSkip(p, ev, env);
      if (v !== undefined && match(field, v)) return true;
    }
    return false;
  };
}
