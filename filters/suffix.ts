import { FilterType } from './filter-type';
import { compileStringMatch } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/** `*suffix`: the Element ends with any value (engine/filters.go `passStringSuffix`). */
export const suffixFilter: FilterTypeDescriptor = {
  type: FilterType.SUFFIX,
  negatable: true,
  compile: (spec, readers) => compileStringMatch(spec, readers, (field, value) => field.endsWith(value)),
};
