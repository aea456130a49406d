import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { compileElement } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/**
 * `*exists`: the path resolves, even to null or `""` (engine/filters.go `passExists`). Values are
 * not compiled (CheckFilter refuses any); converter text stays part of the path, as in CGRateS.
 */
export const existsFilter: FilterTypeDescriptor = {
  type: FilterType.EXISTS,
  negatable: true,
  compile(spec, readers) {
    const element = compileElement(spec, readers);
    return (ev, _tenant, env) => element.raw(ev, env) !== MISSING;
  },
};
