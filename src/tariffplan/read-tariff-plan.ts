/**
 * Reads a CGRateS tariff-plan folder into the wire objects of the Set APIs, validating everything
 * and collecting every problem with its file:line (mirrors `TpReader.LoadAll` over
 * `engine/storage_csv.go`, which stops at the first error instead).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrText } from '../errors';
import { CGRError } from '../util/cgr-error';
import { ActionsBuilder } from './actions-builder';
import { DestinationsBuilder } from './destinations-builder';
import { FilterReferences } from './filter-references';
import { FiltersBuilder } from './filters-builder';
import { LoadContext } from './load-context';
import { readCsvRows } from './read-csv-rows';
import type { CsvRow } from './row-reader';
import { StatsBuilder } from './stats-builder';
import { TARIFF_PLAN_KINDS } from './tariff-plan';
import type {
  ReadTariffPlanOptions,
  SkippedItem,
  TariffPlan,
  TariffPlanKind,
  TariffPlanResult,
} from './tariff-plan';
import { TARIFF_PLAN_FILES } from './tariff-plan-files';
import { ThresholdsBuilder } from './thresholds-builder';

/** What the reader needs from each per-kind builder. */
interface RowSink {
  addRow(row: CsvRow): void;
  taintCells(cells: readonly string[]): void;
  skippedKeys(): string[];
}

/**
 * Folders in `filepath.Walk` order (the folder itself, then each subfolder depth-first, names
 * sorted); like Go, symlinked folders are not followed.
 */
async function listFolders(root: string): Promise<string[]> {
  const out: string[] = [root];
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names) out.push(...(await listFolders(path.join(root, name))));
  return out;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads Destinations, Filters, Actions, Stats and Thresholds CSV files found anywhere under `folder`
 * (missing ones are skipped). Never stops at the first problem: `errors` lists them all, and items
 * with errors are left out of `plan` (and listed in `skipped`). Throws CGRError `INVALID_PATH` when
 * `folder` is not a readable directory.
 */
export async function readTariffPlan(folder: string, opts: ReadTariffPlanOptions): Promise<TariffPlanResult> {
  const root = path.resolve(folder);
  let folders: string[];
  try {
    if (!(await stat(root)).isDirectory()) throw new CGRError(ErrText.INVALID_PATH);
    folders = await listFolders(root);
  } catch (err) {
    throw new CGRError(ErrText.INVALID_PATH, { cause: err });
  }

  const ctx = new LoadContext(opts.timezone, opts.nowMs);
  const destinations = new DestinationsBuilder(ctx);
  const filters = new FiltersBuilder(ctx);
  const actions = new ActionsBuilder(ctx);
  // Files are read in dependency order, so every reference a row makes can be resolved (and
  // reported at that row) against what earlier files defined.
  const filterRefs = new FilterReferences(filters.items, ctx, opts.existingFilter);
  const stats = new StatsBuilder(ctx, filterRefs);
  const thresholds = new ThresholdsBuilder(ctx, filterRefs, (id) => actions.status(id), opts.existingActions);
  const sinks: Record<TariffPlanKind, RowSink> = { destinations, filters, actions, stats, thresholds };

  for (const spec of TARIFF_PLAN_FILES) {
    const sink = sinks[spec.kind];
    for (const dir of folders) {
      const abs = path.join(dir, spec.fileName);
      if (!(await isFile(abs))) continue;
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const onProgress = opts.onProgress;
      try {
        await readCsvRows(abs, rel, {
          onRow: (row) => {
            if (row.cells.length === spec.columnCount) {
              sink.addRow(row);
              return;
            }
            ctx.error(
              rel,
              row.line,
              `bad line in ${rel}, wrong number of fields: ${row.cells.length} instead of ${spec.columnCount}`,
            );
            sink.taintCells(row.cells);
          },
          onParseError: (line, message) => ctx.error(rel, line, `bad line in ${rel}: ${message}`),
          ...(onProgress === undefined
            ? {}
            : {
                onProgress: (rowsDone: number, rowsTotal: number) =>
                  onProgress({ file: rel, rowsDone, rowsTotal }),
              }),
        });
      } catch (err) {
        ctx.error(rel, 0, `cannot read ${rel}: ${errorText(err)}`);
      }
    }
  }

  const plan: TariffPlan = {
    destinations: destinations.build(),
    filters: filters.build(),
    actions: actions.build(),
    stats: stats.build(),
    thresholds: thresholds.build(),
  };
  const skipped: SkippedItem[] = TARIFF_PLAN_KINDS.flatMap((kind) =>
    sinks[kind].skippedKeys().map((key) => ({ kind, key })),
  );
  const counts = {} as Record<TariffPlanKind, number>;
  for (const kind of TARIFF_PLAN_KINDS) counts[kind] = plan[kind].length;
  return { plan, errors: ctx.errors, warnings: ctx.warnings, counts, skipped };
}
