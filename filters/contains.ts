import { FilterType } from './filter-type';
import { compileStringMatch } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*contains`: the Element contains any value as a substring (engine/filters.go `passContains`). */
export const containsFilter: FilterTypeDescriptor = {
  type: FilterType.CONTAINS,
  negatable: true,
  compile: (spec, readers) => compileStringMatch(spec, readers, (field, value) => field.includes(value)),
};
