import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { compileElement } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

function isEmptyValue(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined) return true;
  if (typeof v === 'string') return v === '';
  if (Array.isArray(v)) return v.length === 0;
  // Go's reflect.Map case: a JSON object with no keys. Numbers, bools and times are never empty.
  if (typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v);
    return (proto === Object.prototype || proto === null) && Object.keys(v).length === 0;
  }
  return false;
}

/**
 * `*empty`: missing, null, `""`, an empty list or an empty object (engine/filters.go `passEmpty`).
 * A missing field is empty, so `*notempty` fails on it.
 */
export const emptyFilter: FilterTypeDescriptor = {
  type: FilterType.EMPTY,
  negatable: true,
  compile(spec, readers) {
    const element = compileElement(spec, readers);
    return (ev, _tenant, env) => isEmptyValue(element.raw(ev, env));
  },
};
