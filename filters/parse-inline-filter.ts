import type { FilterRuleSpec } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';

// Splits on `:` into at most 3 parts; a `:` inside `[...]` does not split (`*http#[http://h:80/x]`).
function splitInline(id: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < id.length && parts.length < 2; i++) {
    const c = id[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ':' && depth === 0) {
      parts.push(id.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(id.slice(start));
  return parts;
}

// CGRateS `splitDynFltrValues`: `|` splits values except inside the first `<...>` segment, recursively.
function splitValues(val: string, id: string): string[] {
  const start = val.indexOf('<');
  const end = val.indexOf('>');
  if (start === -1 || end === -1) return val.split('|');
  if (end + 1 < start) {
    // Go slices val[start:end+1] here and panics; refuse the input instead.
    throw new CGRError(`inline parse error for string: <${id}>: '>' before '<' in the values`);
  }
  const vals = val.slice(0, start).split('|');
  vals[vals.length - 1] += val.slice(start, end + 1);
  const rest = val.slice(end + 1);
  if (rest === '') return vals;
  const restVals = splitValues(rest, id);
  vals[vals.length - 1] += restVals[0] ?? '';
  return vals.concat(restVals.slice(1));
}

/**
 * CGRateS `NewFilterFromInline` parsing: `Type:Element:Values` (the values part kept verbatim after
 * the second `:`), values split on `|` with `<...>` protected; an empty values part gives
 * `Values: null`. Types and values are not checked here (see checkFilterRule and compileRule).
 * Throws CGRError `inline parse error for string: <id>`.
 */
export function parseInlineFilter(id: string): FilterRuleSpec {
  const parts = splitInline(id);
  if (parts.length !== 3) throw new CGRError(`inline parse error for string: <${id}>`);
  const valuesPart = parts[2] ?? '';
  return {
    Type: parts[0] ?? '',
    Element: parts[1] ?? '',
    Values: valuesPart === '' ? null : splitValues(valuesPart, id),
  };
}
