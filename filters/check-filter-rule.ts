import type { FilterRuleSpec } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { splitPath } from '../src/util/field-path';
import { DYNAMIC_PREFIX, FilterType, NOT_EMPTY, NOT_EXISTS } from './filter-type';

// CGRateS `IsPathValid`: a `~` path must not have an empty or blank segment.
function pathIsValid(path: string): boolean {
  if (!path.startsWith(DYNAMIC_PREFIX)) return true;
  const segments = splitPath(path.slice(1));
  // Go splits the text with its `~`, so the first segment is never blank.
  for (let i = 1; i < segments.length; i++) if ((segments[i] ?? '').trim() === '') return false;
  return true;
}

/**
 * CGRateS `CheckFilter` for one rule of filter `filterID` (run on Set, and on inline filters when a
 * profile references them). Throws CGRError with CGRateS' texts:
 * `Empty field path  for filter <ID>` (two spaces) and `value of filter <ID> is not empty <v>`.
 * Go's operator precedence makes `*empty`, `*notempty` and `*exists` refuse any value, even `""`,
 * while `*notexists` refuses only non-empty ones; that asymmetry is kept.
 * Types, regexes and converters are not checked here (compileRule does).
 */
export function checkFilterRule(filterID: string, rule: FilterRuleSpec): void {
  if (!pathIsValid(rule.Element)) throw new CGRError(`Empty field path  for filter <${filterID}>`);
  const t = rule.Type;
  const refusesAnyValue = t === FilterType.EMPTY || t === NOT_EMPTY || t === FilterType.EXISTS;
  for (const v of rule.Values ?? []) {
    if (refusesAnyValue || (t === NOT_EXISTS && v !== '')) {
      throw new CGRError(`value of filter <${filterID}> is not empty <${v}>`);
    }
    if (!pathIsValid(v)) throw new CGRError(`Empty field path  for filter <${filterID}>`);
  }
}
