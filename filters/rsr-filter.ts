import type { FilterEnv } from '../src/engine/types';
import { stringToInterface } from '../src/util/convert';
import { goGreaterThan } from './go-compare';
import { compileGoRegExp } from './go-regexp';

/** A compiled list of CGRateS RSRFilters (utils/rsrfilters.go): the `*rsr` values. */
export interface RsrFilters {
  /** CGRateS `FilterRules()`: the rules concatenated without their `!`; `^$` means "must be empty". */
  readonly rules: string;
  /** Any filter passes (an empty list passes). */
  pass(value: string, env: FilterEnv): boolean;
}

type Check = (value: string, env: FilterEnv) => boolean;

// GreaterThan errors make the filter fail; CGRateS only logs them.
function compare(a: string, b: string, orEqual: boolean, env: FilterEnv): boolean {
  try {
    const now = env.nowMs();
    return goGreaterThan(
      stringToInterface(a, env.timezone, now),
      stringToInterface(b, env.timezone, now),
      orEqual,
    );
  } catch {
    return false;
  }
}

function compileOne(source: string): Check {
  let rule = source;
  let negative = false;
  if (rule.startsWith('!')) {
    negative = true;
    rule = rule.slice(1);
  }
  if (rule === '') return () => !negative;
  const first = rule[0];
  const last = rule[rule.length - 1];
  let check: Check;
  if (first === '~') {
    const re = compileGoRegExp(rule.slice(1));
    check = (v) => {
      re.lastIndex = 0;
      return re.test(v);
    };
  } else if (rule === '^$') check = (v) => v === '';
  else if (first === '^') {
    const body = rule.slice(1);
    const exact = last === '$' ? body.slice(0, -1) : undefined;
    check = exact !== undefined ? (v) => v === exact : (v) => v.startsWith(body);
  } else if (last === '$') {
    const body = rule.slice(0, -1);
    check = (v) => v.endsWith(body);
  } else if (rule.length > 2 && rule.startsWith('>=')) {
    const n = rule.slice(2);
    check = (v, env) => compare(v, n, true, env);
  } else if (rule.length > 2 && rule.startsWith('<=')) {
    const n = rule.slice(2);
    check = (v, env) => compare(n, v, true, env);
  } else if (first === '>') {
    const n = rule.slice(1);
    check = (v, env) => compare(v, n, false, env);
  } else if (first === '<') {
    const n = rule.slice(1);
    check = (v, env) => compare(n, v, false, env);
  } else check = (v) => v.includes(rule);
  return negative ? (v, env) => !check(v, env) : check;
}

/** CGRateS `ParseRSRFiltersFromSlice`; throws CGRError on a bad `~regex`. */
export function compileRsrFilters(values: readonly string[]): RsrFilters {
  const checks = values.map(compileOne);
  const rules = values.map((v) => (v.startsWith('!') ? v.slice(1) : v)).join('');
  return {
    rules,
    pass(value, env) {
      if (checks.length === 0) return true;
      for (const c of checks) if (c(value, env)) return true;
      return false;
    },
  };
}
