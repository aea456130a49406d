import { compileComparison } from './comparison';
import { FilterType } from './filter-type';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*lt`: the Element is less than any value. No `*not` form: CGRateS answers `NOT_IMPLEMENTED:*notlt`. */
export const ltFilter: FilterTypeDescriptor = {
  type: FilterType.LT,
  negatable: false,
  compile: (spec, readers) => compileComparison(spec, readers, 'lt'),
};
