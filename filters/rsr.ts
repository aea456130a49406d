import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { compileElement } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';
import { compileRsrFilters } from './rsr-filter';

const EMPTY_RULE = '^$';

/**
 * `*rsr`: the Element passes any RSRFilter value (engine/filters.go `passRSR`). A missing field
 * passes only when the rules, concatenated, are exactly `^$` (so `!^$` passes too: a kept quirk).
 */
export const rsrFilter: FilterTypeDescriptor = {
  type: FilterType.RSR,
  negatable: true,
  compile(spec, readers) {
    const filters = compileRsrFilters(spec.Values ?? []);
    const element = compileElement(spec, readers);
    const missingPasses = filters.rules === EMPTY_RULE;
    return (ev, _tenant, env) => {
      const field = element.parse(ev, env);
      if (field === MISSING) return missingPasses;
      return filters.pass(field, env);
    };
  },
};
