import type { FilterRuleSpec } from '../src/engine/types';
import type { GoValue } from '../src/util/convert';
import { stringToInterface } from '../src/util/convert';
import { MISSING } from '../src/util/field-path';
import { goEqualTo, goGreaterThan } from './go-compare';
import { compileElement, compileValueParsers, parseOrSkip } from './rule-parts';
import type { RulePass } from './rule-parts';
import type { PathReaderCache } from './path-reader';
import type { RsrParser } from './rsr-parser';

/** How one comparison type decides from `GreaterThan(field, value, orEqual)` or `EqualTo`. */
export type ComparisonMode = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

interface CompiledValue {
  readonly parser: RsrParser;
  /** StringToInterface of a constant that is not a time (times may be relative to now: `*now`, `+1h`). */
  readonly cached: GoValue | undefined;
}

function compare(mode: ComparisonMode, field: GoValue, value: GoValue): boolean {
  switch (mode) {
    case 'gt':
      return goGreaterThan(field, value, false);
    case 'gte':
      return goGreaterThan(field, value, true);
    // CGRateS asks GreaterThan with orEqual = (*gte || *lt) and inverts it for the *lt pair.
    case 'lt':
      return !goGreaterThan(field, value, true);
    case 'lte':
      return !goGreaterThan(field, value, false);
    case 'eq':
      return goEqualTo(field, value);
  }
}

/**
 * `*gt *gte *lt *lte *eq` (engine/filters.go `passGreaterThan`/`passEqualTo`): both sides go
 * IfaceAsString → converters → StringToInterface, then Go's GreaterThan/EqualTo. A missing field
 * fails; a value that does not resolve is skipped; a comparison error aborts the rule.
 */
export function compileComparison(
  spec: FilterRuleSpec,
  readers: PathReaderCache,
  mode: ComparisonMode,
): RulePass {
  const values: CompiledValue[] = compileValueParsers(spec, readers).map((parser) => {
    let cached: GoValue | undefined;
    if (parser.plainConstant !== undefined) {
      // Numbers, durations, bools and plain strings never depend on the clock or the zone.
      const probe = stringToInterface(parser.plainConstant, 'UTC', 0);
      if (probe.kind !== 'time') cached = probe;
    }
    return { parser, cached };
  });
  const element = compileElement(spec, readers);
  return (ev, _tenant, env) => {
    const raw = element.parse(ev, env);
    if (raw === MISSING) return false;
    const now = env.nowMs();
    const field = stringToInterface(raw, env.timezone, now);
    for (const v of values) {
      let value = v.cached;
      if (value === undefined) {
        const s = parseOrSkip(v.parser, ev, env);
        if (s === undefined) continue;
        value = stringToInterface(s, env.timezone, now);
      }
      if (compare(mode, field, value)) return true;
    }
    return false;
  };
}
