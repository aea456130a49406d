import { FilterType } from './filter-type';
import { compileStringMatch } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*prefix`: the Element starts with any value (engine/filters.go `passStringPrefix`). */
export const prefixFilter: FilterTypeDescriptor = {
  type: FilterType.PREFIX,
  negatable: true,
  compile: (spec, readers) => compileStringMatch(spec, readers, (field, value) => field.startsWith(value)),
};
