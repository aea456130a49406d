import { compileComparison } from './comparison';
import { FilterType } from './filter-type';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*gte`: the Element is greater than or equal to any value. No `*not` form: CGRateS answers `NOT_IMPLEMENTED:*notgte`. */
export const gteFilter: FilterTypeDescriptor = {
  type: FilterType.GTE,
  negatable: false,
  compile: (spec, readers) => compileComparison(spec, readers, 'gte'),
};
