import type { EventDP, FilterEnv } from '../src/engine/types';
import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import type { RsrParser } from './rsr-parser';
import { compileElement, compileValueParsers, parseOrSkip } from './rule-parts';
import type { FilterTypeDescriptor, RulePass } from './rule-parts';

// Below this many constant values a linear scan beats a Set, and costs far less memory.
const SET_THRESHOLD = 8;

function matchDynamic(dynamic: readonly RsrParser[], field: string, ev: EventDP, env: FilterEnv): boolean {
  for (const p of dynamic) if (parseOrSkip(p, ev, env) === field) return true;
  return false;
}

// The closures are built in their own functions so each captures only what it reads.
function single(element: RsrParser, only: string): RulePass {
  return (ev, _tenant, env) => element.parse(ev, env) === only;
}

function several(element: RsrParser, constants: readonly string[], dynamic: readonly RsrParser[]): RulePass {
  if (constants.length > SET_THRESHOLD) {
    const set = new Set(constants);
    return (ev, _tenant, env) => {
      const field = element.parse(ev, env);
      if (field === MISSING) return false;
      return set.has(field) || (dynamic.length > 0 && matchDynamic(dynamic, field, ev, env));
    };
  }
  return (ev, _tenant, env) => {
    const field = element.parse(ev, env);
    if (field === MISSING) return false;
    return constants.includes(field) || (dynamic.length > 0 && matchDynamic(dynamic, field, ev, env));
  };
}

/**
 * `*string`: the Element, as a string, equals any value (mirrors engine/filters.go `passString`).
 * Many constant values sit in a Set so a long list costs one lookup.
 */
export const stringFilter: FilterTypeDescriptor = {
  type: FilterType.STRING,
  negatable: true,
  compile(spec, readers) {
    const values = compileValueParsers(spec, readers);
    const element = compileElement(spec, readers);
    const constants = values.filter((p) => p.plainConstant !== undefined).map((p) => p.plainConstant ?? '');
    const dynamic = values.filter((p) => p.plainConstant === undefined);
    const only = constants[0];
    if (only !== undefined && constants.length === 1 && dynamic.length === 0) return single(element, only);
    return several(element, constants, dynamic);
  },
};
