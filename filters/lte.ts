import { compileComparison } from './comparison';
import { FilterType } from './filter-type';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*lte`: the Element is less than or equal to any value. No `*not` form: CGRateS answers `NOT_IMPLEMENTED:*notlte`. */
export const lteFilter: FilterTypeDescriptor = {
  type: FilterType.LTE,
  negatable: false,
  compile: (spec, readers) => compileComparison(spec, readers, 'lte'),
};
