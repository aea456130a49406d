import { CGRError } from '../util/cgr-error';
import { ifaceAsBool } from '../util/convert';

/** Go's `%T` name of a JSON-decoded value, for CGRateS' conversion error texts. */
function goTypeName(v: unknown): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * CGRateS `IfaceAsSliceString` on an APIOpts value: a list of strings (numbers are stringified as Go
 * would); a bare string is refused with `cannot convert field: string to []string`.
 */
export function optStringList(
  opts: Readonly<Record<string, unknown>>,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const v = opts[key];
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v)) throw new CGRError(`cannot convert field: ${goTypeName(v)} to []string`);
  return v.map((x: unknown) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw new CGRError(`cannot convert field: ${goTypeName(v)} to []string`);
  });
}

/** CGRateS `IfaceAsBool` on an APIOpts value (`true`, `"true"`, numbers > 0...). */
export function optBool(opts: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const v = opts[key];
  if (v === undefined || v === null) return fallback;
  return ifaceAsBool(v);
}
