/**
 * Cell conversions with CGRateS `csvLoad` semantics (engine/storage_csv.go): an empty numeric or
 * bool cell is Go's zero value, anything else must parse the way Go's strconv parses it. Each
 * function throws CGRError with Go's wording so the load report reads like cgr-loader's.
 */
import { CGRError } from '../util/cgr-error';
import { INFIELD_SEP } from './tariff-plan-files';

const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
const DECIMAL_INT = /^[+-]?\d+$/;
// Go ParseFloat also takes hex mantissas, underscores after a base prefix, Inf and NaN; none of
// those survive JSON, so only the decimal forms are accepted.
const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go `strconv.ParseBool`; empty is false. */
export function parseBoolCell(cell: string): boolean {
  if (cell === '') return false;
  if (GO_TRUE.has(cell)) return true;
  if (GO_FALSE.has(cell)) return false;
  throw new CGRError(`strconv.ParseBool: parsing ${JSON.stringify(cell)}: invalid syntax`);
}

/** Go `strconv.Atoi`, limited to JS safe integers; empty is 0. */
export function parseIntCell(cell: string): number {
  if (cell === '') return 0;
  if (!DECIMAL_INT.test(cell)) {
    throw new CGRError(`strconv.Atoi: parsing ${JSON.stringify(cell)}: invalid syntax`);
  }
  const n = Number(cell);
  if (!Number.isSafeInteger(n)) {
    throw new CGRError(`strconv.Atoi: parsing ${JSON.stringify(cell)}: value out of range`);
  }
  return n;
}

/** Go `strconv.ParseFloat(cell, 64)` for decimal notation; empty is 0. */
export function parseFloatCell(cell: string): number {
  if (cell === '') return 0;
  if (!DECIMAL_FLOAT.test(cell)) {
    throw new CGRError(`strconv.ParseFloat: parsing ${JSON.stringify(cell)}: invalid syntax`);
  }
  const n = Number(cell);
  if (!Number.isFinite(n)) {
    throw new CGRError(`strconv.ParseFloat: parsing ${JSON.stringify(cell)}: value out of range`);
  }
  return n;
}

/**
 * A `;`-separated ID list (`utils.InfieldSep`). Empty cell → `[]`. Empty entries are kept so the
 * caller can refuse them: CGRateS would store an empty ID and fail later, far from the typo.
 */
export function splitListCell(cell: string): string[] {
  return cell === '' ? [] : cell.split(INFIELD_SEP);
}

/**
 * CGRateS `splitDynFltrValues`: splits on `sep` except inside a `<...>` dynamic segment, which stays
 * glued to its neighbours (`~*uhc.<~*req.CGRID;-Account>;1001` → 2 values). Go takes the first `>`
 * anywhere and panics when it comes before the `<` (`>=10;<=20` in a `*rsr` rule); the first `>`
 * after the `<` is used instead, which gives the only sensible reading.
 */
export function splitFilterValues(value: string, sep: string): string[] {
  const start = value.indexOf('<');
  const end = start === -1 ? -1 : value.indexOf('>', start);
  if (start === -1 || end === -1) return value.split(sep);
  const head = value.slice(0, start).split(sep);
  const lastIdx = head.length - 1;
  head[lastIdx] = `${head[lastIdx] ?? ''}${value.slice(start, end + 1)}`;
  const rest = value.slice(end + 1);
  if (rest === '') return head;
  const tail = splitFilterValues(rest, sep);
  head[lastIdx] = `${head[lastIdx] ?? ''}${tail[0] ?? ''}`;
  for (let i = 1; i < tail.length; i++) head.push(tail[i] ?? '');
  return head;
}
