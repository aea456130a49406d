import { compileComparison } from './comparison';
import { FilterType } from './filter-type';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*gt`: the Element is greater than any value. No `*not` form: CGRateS answers `NOT_IMPLEMENTED:*notgt`. */
export const gtFilter: FilterTypeDescriptor = {
  type: FilterType.GT,
  negatable: false,
  compile: (spec, readers) => compileComparison(spec, readers, 'gt'),
};
