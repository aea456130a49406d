/**
 * Thresholds.csv rows → ThresholdProfile wire objects, merged the way CGRateS
 * `ThresholdMdls.AsTPThreshold` + `APItoThresholdProfile` merge them (engine/model_helpers.go).
 */
import type { FilterReferences } from './filter-references';
import { ItemTable, tenantKey } from './item-table';
import type { LoadContext } from './load-context';
import { RowReader } from './row-reader';
import type { CsvRow } from './row-reader';
import type { TpThresholdProfileJSON } from './tariff-plan';
import { ThresholdsColumn as C } from './tariff-plan-files';

/** Is an action set known: defined cleanly by the plan, broken in the plan, or absent from it. */
export type ActionSetStatus = (id: string) => 'ok' | 'tainted' | 'absent';

export class ThresholdsBuilder {
  // The wire objects are built in place; EeIDs stays null until a row names one.
  private readonly table = new ItemTable<TpThresholdProfileJSON>();
  private readonly ctx: LoadContext;
  private readonly filterRefs: FilterReferences;
  private readonly actionStatus: ActionSetStatus;
  private readonly existingActions: ((id: string) => boolean) | undefined;
  private readonly existingMemo = new Map<string, boolean>();

  constructor(
    ctx: LoadContext,
    filterRefs: FilterReferences,
    actionStatus: ActionSetStatus,
    existingActions: ((id: string) => boolean) | undefined,
  ) {
    this.ctx = ctx;
    this.filterRefs = filterRefs;
    this.actionStatus = actionStatus;
    this.existingActions = existingActions;
  }

  taintCells(cells: readonly string[]): void {
    const tenant = cells[C.TENANT] ?? '';
    const id = cells[C.ID] ?? '';
    if (tenant !== '' && id !== '') this.table.taint(tenantKey(tenant, id));
  }

  addRow(row: CsvRow): void {
    const r = new RowReader(row, this.ctx);
    const tenant = r.required(C.TENANT, 'Tenant');
    const id = r.required(C.ID, 'ID');
    const filterIDs = r.list(C.FILTER_IDS, 'FilterIDs');
    const ai = r.activationInterval(C.ACTIVATION_INTERVAL, 'ActivationInterval');
    const maxHits = r.int(C.MAX_HITS, 'MaxHits');
    const minHits = r.int(C.MIN_HITS, 'MinHits');
    const minSleepNs = r.durationNs(C.MIN_SLEEP, 'MinSleep');
    const blocker = r.bool(C.BLOCKER, 'Blocker');
    const weight = r.float(C.WEIGHT, 'Weight');
    const actionIDs = r.list(C.ACTION_IDS, 'ActionIDs');
    const async = r.bool(C.ASYNC, 'Async');
    const eeIDs = r.list(C.EE_IDS, 'EeIDs');

    const label = `${tenant}:${id}`;
    for (const fid of filterIDs) {
      const problem = fid === '' ? null : this.filterRefs.problem(tenant, id, fid);
      if (problem !== null) r.fail(`FilterIDs: ${problem}`);
    }
    for (const aid of actionIDs) {
      const problem = aid === '' ? null : this.actionProblem(aid, label);
      if (problem !== null) r.fail(`ActionIDs: ${problem}`);
    }

    if (tenant === '' || id === '') {
      r.reportProblems(label);
      return;
    }
    const key = tenantKey(tenant, id);
    if (!r.ok) {
      r.reportProblems(label);
      this.table.taint(key);
      return;
    }
    if (this.table.isTainted(key)) return;

    let t = this.table.get(key);
    if (t === undefined) {
      t = {
        Tenant: tenant,
        ID: id,
        FilterIDs: [],
        ActivationInterval: null,
        MaxHits: maxHits,
        MinHits: minHits,
        MinSleep: minSleepNs,
        Blocker: blocker,
        Weight: weight,
        ActionIDs: [],
        Async: async,
        EeIDs: null,
      };
      this.table.set(key, t);
    } else {
      this.warnIgnoredCells(r, label, t);
    }
    if (weight !== 0) t.Weight = weight;
    if (ai !== null) t.ActivationInterval = ai;
    const lists = this.ctx.lists;
    lists.addAll(t.FilterIDs, filterIDs);
    lists.addAll(t.ActionIDs, actionIDs);
    if (eeIDs.length > 0) lists.addAll((t.EeIDs ??= []), eeIDs);
  }

  build(): TpThresholdProfileJSON[] {
    return this.table.cleanItems();
  }

  skippedKeys(): string[] {
    return this.table.taintedKeys();
  }

  /**
   * CGRateS accepts a dangling ActionIDs entry and fails every hit with PARTIALLY_EXECUTED; refusing
   * it at load turns a silent runtime failure into a report line.
   */
  private actionProblem(actionsID: string, label: string): string | null {
    switch (this.actionStatus(actionsID)) {
      case 'ok':
        return null;
      case 'tainted':
        return `action set <${actionsID}> is referenced but failed to load (see its errors)`;
      case 'absent': {
        if (this.existingActions === undefined) return this.brokenActions(actionsID, label);
        let found = this.existingMemo.get(actionsID);
        if (found === undefined) {
          found = this.existingActions(actionsID);
          this.existingMemo.set(actionsID, found);
        }
        return found ? null : this.brokenActions(actionsID, label);
      }
    }
  }

  private brokenActions(actionsID: string, label: string): string {
    return `broken reference to action set: <${actionsID}> for item with ID: ${label}`;
  }

  /** AsTPThreshold takes these from the first row only: say so when a later row tries to set them. */
  private warnIgnoredCells(r: RowReader, label: string, t: TpThresholdProfileJSON): void {
    const ignored: string[] = [];
    if (r.str(C.MAX_HITS) !== '' && r.int(C.MAX_HITS, 'MaxHits') !== t.MaxHits) ignored.push('MaxHits');
    if (r.str(C.MIN_HITS) !== '' && r.int(C.MIN_HITS, 'MinHits') !== t.MinHits) ignored.push('MinHits');
    if (r.str(C.MIN_SLEEP) !== '' && r.durationNs(C.MIN_SLEEP, 'MinSleep') !== t.MinSleep) {
      ignored.push('MinSleep');
    }
    if (r.str(C.BLOCKER) !== '' && r.bool(C.BLOCKER, 'Blocker') !== t.Blocker) ignored.push('Blocker');
    if (r.str(C.ASYNC) !== '' && r.bool(C.ASYNC, 'Async') !== t.Async) ignored.push('Async');
    if (ignored.length > 0) {
      r.warn(label, `${ignored.join(', ')} differ from the first row of the profile and are ignored`);
    }
  }
}
