import { compileComparison } from './comparison';
import { FilterType } from './filter-type';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*eq`: the Element equals any value after type coercion (strings compare too). */
export const eqFilter: FilterTypeDescriptor = {
  type: FilterType.EQ,
  negatable: true,
  compile: (spec, readers) => compileComparison(spec, readers, 'eq'),
};
