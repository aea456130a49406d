/**
 * Actions.csv rows → `APIerSv1.SetActions` arguments: rows with the same ActionsId form one set, in
 * CSV order (CGRateS sorts by Weight only when it executes them). Types this engine cannot run but
 * CGRateS accepts (accounts, sessions, exporters) load with a warning, as SetActions stores them.
 */
import { FOREIGN_ACTION_TYPES, isAcceptedActionType } from '../engine/action-types';
import type { ActionJSON, ActionSetJSON } from '../engine/action-types';
import { ItemTable } from './item-table';
import type { ItemStatus } from './item-table';
import type { LoadContext } from './load-context';
import { RowReader } from './row-reader';
import type { CsvRow } from './row-reader';
import { ActionsColumn as C } from './tariff-plan-files';

export class ActionsBuilder {
  private readonly table = new ItemTable<ActionSetJSON>();
  private readonly ctx: LoadContext;

  constructor(ctx: LoadContext) {
    this.ctx = ctx;
  }

  /** Whether an action set is defined by the plan (for Thresholds.csv references). */
  status(actionsID: string): ItemStatus {
    return this.table.status(actionsID);
  }

  taintCells(cells: readonly string[]): void {
    const id = cells[C.ACTIONS_ID] ?? '';
    if (id !== '') this.table.taint(id);
  }

  addRow(row: CsvRow): void {
    const r = new RowReader(row, this.ctx);
    const actionsID = r.required(C.ACTIONS_ID, 'ActionsId');
    const type = r.required(C.ACTION, 'Action');
    const weight = r.float(C.WEIGHT, 'Weight');
    if (type !== '' && !isAcceptedActionType(type)) {
      r.fail(`Action: unsupported action type <${type}>`);
    } else if (FOREIGN_ACTION_TYPES.has(type)) {
      r.warn(
        actionsID,
        `action type ${type} belongs to a CGRateS subsystem StatQueue does not run (accounts, sessions, exporters): loaded, skipped when executed`,
      );
    }

    if (actionsID === '') {
      r.reportProblems(actionsID);
      return;
    }
    if (!r.ok) {
      r.reportProblems(actionsID);
      this.table.taint(actionsID);
      return;
    }
    if (this.table.isTainted(actionsID)) return;

    const action: ActionJSON = {
      Identifier: type,
      BalanceId: r.str(C.BALANCE_ID),
      // Actions.csv has no column for it; TPAction carries it for StorDB round trips only.
      BalanceUuid: '',
      BalanceType: r.str(C.BALANCE_TYPE),
      Units: r.str(C.UNITS),
      ExpiryTime: r.str(C.EXPIRY_TIME),
      Filters: r.str(C.FILTER),
      TimingTags: r.str(C.TIMING_IDS),
      DestinationIds: r.str(C.DESTINATION_IDS),
      RatingSubject: r.str(C.RATING_SUBJECT),
      Categories: r.str(C.CATEGORIES),
      SharedGroups: r.str(C.SHARED_GROUP),
      BalanceWeight: r.str(C.BALANCE_WEIGHT),
      ExtraParameters: r.str(C.EXTRA_PARAMETERS),
      BalanceBlocker: r.str(C.BALANCE_BLOCKER),
      BalanceDisabled: r.str(C.BALANCE_DISABLED),
      Weight: weight,
    };
    let set = this.table.get(actionsID);
    if (set === undefined) {
      // A folder load overwrites what is stored, like LoadTariffPlanFromFolder does.
      set = { ActionsId: actionsID, Overwrite: true, Actions: [] };
      this.table.set(actionsID, set);
    }
    set.Actions.push(action);
  }

  build(): ActionSetJSON[] {
    return this.table.cleanItems();
  }

  skippedKeys(): string[] {
    return this.table.taintedKeys();
  }
}
