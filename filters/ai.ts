import type { EventDP, FilterEnv } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { MISSING } from '../src/util/field-path';
import { parseTimeDetectLayout } from '../src/util/go-time';
import { FilterType } from './filter-type';
import { compileRsrParser } from './rsr-parser';
import type { RsrParser } from './rsr-parser';
import { compileElement } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

// Unlike the other types a value that does not resolve is an error here, NOT_FOUND included.
function parseTime(p: RsrParser, ev: EventDP, env: FilterEnv): number {
  const s = p.parse(ev, env);
  if (s === MISSING) throw new CGRError('NOT_FOUND');
  return parseTimeDetectLayout(s, env.timezone, env.nowMs());
}

/**
 * `*ai`: the Element, as a time, lies in an activation interval (engine/filters.go
 * `passActivationInterval`): one value `start` passes when start < t; two values `start|end` when
 * start < t < end, an empty start meaning "no start". Both bounds are strict.
 * CGRateS dereferences nil on an empty end value or no value at all; those are refused at compile
 * time here instead.
 */
export const aiFilter: FilterTypeDescriptor = {
  type: FilterType.AI,
  negatable: true,
  compile(spec, readers) {
    const raw = spec.Values ?? [];
    const values = raw.map((v) => compileRsrParser(v, readers));
    const start = values[0] ?? null;
    const end = values.length === 2 ? (values[1] ?? null) : undefined;
    if (raw.length === 0) throw new CGRError(`Values is mandatory for Type: ${spec.Type}`);
    if (end === null || (end === undefined && start === null)) {
      throw new CGRError(`empty RSRParser in rule: <${raw.join('|')}>`);
    }
    const element = compileElement(spec, readers);
    return (ev, _tenant, env) => {
      const s = element.parse(ev, env);
      if (s === MISSING) return false;
      const t = parseTimeDetectLayout(s, env.timezone, env.nowMs());
      if (end !== undefined) {
        const endMs = parseTime(end, ev, env);
        if (start === null) return t < endMs;
        return parseTime(start, ev, env) < t && t < endMs;
      }
      return start !== null && parseTime(start, ev, env) < t;
    };
  },
};
