import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { compileElement, compileValueParsers, parseOrSkip } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/**
 * `*destinations`: each value is a Destination ID; the rule passes when the Element starts with one
 * of that destination's prefixes (engine/filters.go `passDestinations`, which walks the reverse
 * destination index; the answer is the same). Unknown destinations and unresolvable values are
 * skipped. Prefixes are read through FilterEnv on every event, so destination updates apply at once.
 */
export const destinationsFilter: FilterTypeDescriptor = {
  type: FilterType.DESTINATIONS,
  negatable: true,
  compile(spec, readers) {
    const values = compileValueParsers(spec, readers);
    const element = compileElement(spec, readers);
    return (ev, tenant, env) => {
      const dst = element.parse(ev, env);
      if (dst === MISSING) return false;
      for (const p of values) {
        const id = parseOrSkip(p, ev, env);
        if (id === undefined) continue;
        const prefixes = env.destinationPrefixes(tenant, id);
        if (prefixes === undefined) continue;
        // CGRateS splits the number into prefixes of length >= 1: an empty prefix never matches.
        for (const prefix of prefixes) if (prefix !== '' && dst.startsWith(prefix)) return true;
      }
      return false;
    };
  },
};
