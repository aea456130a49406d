import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { compileGoRegExp } from './go-regexp';
import { compileElement } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/**
 * `*regex`: any value, a raw regular expression, matches the Element unanchored
 * (engine/filters.go `passRegex`). CGRateS uses Go RE2; see go-regexp.ts for the JS dialect.
 */
export const regexFilter: FilterTypeDescriptor = {
  type: FilterType.REGEX,
  negatable: true,
  compile(spec, readers) {
    const res = (spec.Values ?? []).map(compileGoRegExp);
    const element = compileElement(spec, readers);
    return (ev, _tenant, env) => {
      const field = element.parse(ev, env);
      if (field === MISSING) return false;
      for (const re of res) {
        re.lastIndex = 0;
        if (re.test(field)) return true;
      }
      return false;
    };
  },
};
