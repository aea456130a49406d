/**
 * Destinations.csv rows (`#Id,Prefix`, one prefix per row) → Destination wire objects. Only
 * `*destinations` filters use them.
 */
import { ItemTable } from './item-table';
import type { LoadContext } from './load-context';
import { RowReader } from './row-reader';
import type { CsvRow } from './row-reader';
import type { TpDestinationJSON } from './tariff-plan';
import { DestinationsColumn as C } from './tariff-plan-files';

interface DestinationDraft {
  readonly id: string;
  readonly prefixes: Set<string>;
}

export class DestinationsBuilder {
  private readonly table = new ItemTable<DestinationDraft>();
  private readonly ctx: LoadContext;

  constructor(ctx: LoadContext) {
    this.ctx = ctx;
  }

  taintCells(cells: readonly string[]): void {
    const id = cells[C.ID] ?? '';
    if (id !== '') this.table.taint(id);
  }

  addRow(row: CsvRow): void {
    const r = new RowReader(row, this.ctx);
    const id = r.required(C.ID, 'Id');
    const prefix = r.required(C.PREFIX, 'Prefix');
    if (id === '') {
      r.reportProblems(id);
      return;
    }
    if (!r.ok) {
      r.reportProblems(id);
      this.table.taint(id);
      return;
    }
    if (this.table.isTainted(id)) return;
    let d = this.table.get(id);
    if (d === undefined) {
      d = { id, prefixes: new Set() };
      this.table.set(id, d);
    }
    d.prefixes.add(prefix);
  }

  build(): TpDestinationJSON[] {
    return this.table.cleanItems().map((d) => ({ ID: d.id, Prefixes: [...d.prefixes] }));
  }

  skippedKeys(): string[] {
    return this.table.taintedKeys();
  }
}
