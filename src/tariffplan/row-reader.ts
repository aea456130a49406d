/**
 * Typed access to the cells of one CSV row that never stops at the first bad cell: each getter
 * records its problem and returns Go's zero value, so one pass reports every broken cell of the
 * row (the load report must list all problems, not the first).
 */
import type { ActivationIntervalJSON } from '../engine/activation-interval';
import { parseDurationWithNanosecs } from '../util/go-duration';
import type { LoadContext } from './load-context';
import { parseBoolCell, parseFloatCell, parseIntCell, splitListCell } from './parse-cell';

/** One parsed CSV record with its position. */
export interface CsvRow {
  /** File path relative to the loaded folder. */
  readonly file: string;
  readonly cells: readonly string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** Cell getters for one row; `problems` collects `<Column>: <reason>` texts. */
export class RowReader {
  readonly problems: string[] = [];
  readonly row: CsvRow;
  private readonly ctx: LoadContext;

  constructor(row: CsvRow, ctx: LoadContext) {
    this.row = row;
    this.ctx = ctx;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** The raw cell (column counts are checked before rows reach a reader). */
  str(col: number): string {
    return this.row.cells[col] ?? '';
  }

  /** A cell that must not be empty. */
  required(col: number, name: string): string {
    const v = this.str(col);
    if (v === '') this.problems.push(`${name}: must not be empty`);
    return v;
  }

  int(col: number, name: string): number {
    return this.guard(name, col, parseIntCell, 0);
  }

  float(col: number, name: string): number {
    return this.guard(name, col, parseFloatCell, 0);
  }

  bool(col: number, name: string): boolean {
    return this.guard(name, col, parseBoolCell, false);
  }

  /** Integer nanoseconds via CGRateS ParseDurationWithNanosecs (a bare number is ns; empty is 0). */
  durationNs(col: number, name: string): number {
    return this.guard(name, col, parseDurationWithNanosecs, 0);
  }

  activationInterval(col: number, name: string): ActivationIntervalJSON | null {
    return this.guard(name, col, (cell) => this.ctx.activationInterval(cell), null);
  }

  /** A `;` list whose entries must be non-empty IDs. */
  list(col: number, name: string): string[] {
    const items = splitListCell(this.str(col));
    if (items.includes(''))
      this.problems.push(`${name}: empty entry in list ${JSON.stringify(this.str(col))}`);
    return items;
  }

  /** Records a problem found by the caller. */
  fail(message: string): void {
    this.problems.push(message);
  }

  /** Moves this row's problems to the load errors, each prefixed with the item it belongs to. */
  reportProblems(label: string): void {
    // Set: checkFilterRule and compileRule can both trip over the same broken path.
    for (const p of new Set(this.problems)) this.ctx.error(this.row.file, this.row.line, `${label}: ${p}`);
  }

  /** Records a warning for this row. */
  warn(label: string, message: string): void {
    this.ctx.warn(this.row.file, this.row.line, `${label}: ${message}`);
  }

  private guard<T>(name: string, col: number, parse: (cell: string) => T, zero: T): T {
    const cell = this.str(col);
    try {
      return parse(cell);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // Go's strconv texts quote the cell already; others (time, duration) may not.
      const quoted = JSON.stringify(cell);
      this.problems.push(reason.includes(quoted) ? `${name}: ${reason}` : `${name} ${quoted}: ${reason}`);
      return zero;
    }
  }
}
