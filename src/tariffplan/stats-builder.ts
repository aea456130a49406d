/**
 * Stats.csv rows → StatQueueProfile wire objects, merged the way CGRateS `StatMdls.AsTPStats` +
 * `APItoStats` merge them (engine/model_helpers.go).
 */
import type { FilterReferences } from './filter-references';
import { ItemTable, tenantKey } from './item-table';
import type { LoadContext } from './load-context';
import { RowReader } from './row-reader';
import type { CsvRow } from './row-reader';
import type { TpMetricJSON, TpStatQueueProfileJSON } from './tariff-plan';
import { StatsColumn as C } from './tariff-plan-files';

/** Beyond this many metrics a profile gets a Map index instead of a linear search. */
const METRIC_SCAN_LIMIT = 16;

export class StatsBuilder {
  // The wire objects are built in place, row by row: no second copy at the end.
  private readonly table = new ItemTable<TpStatQueueProfileJSON>();
  private readonly metricIndexes = new WeakMap<TpStatQueueProfileJSON, Map<string, TpMetricJSON>>();
  private readonly ctx: LoadContext;
  private readonly filterRefs: FilterReferences;

  constructor(ctx: LoadContext, filterRefs: FilterReferences) {
    this.ctx = ctx;
    this.filterRefs = filterRefs;
  }

  /** Key of the profile a malformed row belongs to, so it can be kept out of the plan. */
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
    const queueLength = r.int(C.QUEUE_LENGTH, 'QueueLength');
    const ttlNs = r.durationNs(C.TTL, 'TTL');
    const minItems = r.int(C.MIN_ITEMS, 'MinItems');
    const metricIDs = r.list(C.METRICS, 'Metrics');
    const metricFilterIDs = r.list(C.METRIC_FILTER_IDS, 'MetricFilterIDs');
    const stored = r.bool(C.STORED, 'Stored');
    const blocker = r.bool(C.BLOCKER, 'Blocker');
    const weight = r.float(C.WEIGHT, 'Weight');
    const thresholdIDs = r.list(C.THRESHOLD_IDS, 'ThresholdIDs');

    const label = `${tenant}:${id}`;
    for (const metricID of metricIDs) {
      if (metricID === '') continue;
      const problem = this.ctx.checker.metricProblem(metricID);
      if (problem !== null) r.fail(`Metrics: ${problem}`);
    }
    for (const fid of filterIDs) {
      const problem = fid === '' ? null : this.filterRefs.problem(tenant, id, fid);
      if (problem !== null) r.fail(`FilterIDs: ${problem}`);
    }
    for (const fid of metricFilterIDs) {
      const problem = fid === '' ? null : this.filterRefs.problem(tenant, id, fid);
      if (problem !== null) r.fail(`MetricFilterIDs: ${problem}`);
    }
    if (metricIDs.length === 0 && metricFilterIDs.length > 0) {
      // AsTPStats drops them silently; the operator almost certainly meant something else.
      r.warn(label, 'MetricFilterIDs on a row without Metrics are ignored');
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

    let p = this.table.get(key);
    if (p === undefined) {
      p = {
        Tenant: tenant,
        ID: id,
        FilterIDs: [],
        ActivationInterval: null,
        QueueLength: queueLength,
        TTL: ttlNs,
        MinItems: minItems,
        Metrics: [],
        Stored: stored,
        Blocker: blocker,
        Weight: weight,
        ThresholdIDs: [],
      };
      this.table.set(key, p);
    }
    // AsTPStats: numbers overwrite only when non-zero, TTL when its cell is non-empty, the two
    // flags can only be switched on, and the last non-empty ActivationInterval wins.
    if (queueLength !== 0) p.QueueLength = queueLength;
    if (r.str(C.TTL) !== '') p.TTL = ttlNs;
    if (minItems !== 0) p.MinItems = minItems;
    if (weight !== 0) p.Weight = weight;
    if (stored) p.Stored = true;
    if (blocker) p.Blocker = true;
    if (ai !== null) p.ActivationInterval = ai;
    const lists = this.ctx.lists;
    lists.addAll(p.FilterIDs, filterIDs);
    lists.addAll(p.ThresholdIDs, thresholdIDs);
    for (const metricID of metricIDs) {
      const metric = this.metric(p, metricID);
      if (metricFilterIDs.length > 0) lists.addAll((metric.FilterIDs ??= []), metricFilterIDs);
    }
  }

  /** The clean profiles, in CSV order. */
  build(): TpStatQueueProfileJSON[] {
    return this.table.cleanItems();
  }

  /** `tenant:ID` of the profiles left out because of errors. */
  skippedKeys(): string[] {
    return this.table.taintedKeys();
  }

  /** The profile's entry for `metricID`, appended (FilterIDs null) on first sight. */
  private metric(p: TpStatQueueProfileJSON, metricID: string): TpMetricJSON {
    const index = this.metricIndexes.get(p);
    let m = index === undefined ? p.Metrics.find((x) => x.MetricID === metricID) : index.get(metricID);
    if (m !== undefined) return m;
    m = { MetricID: metricID, FilterIDs: null };
    p.Metrics.push(m);
    if (index !== undefined) index.set(metricID, m);
    else if (p.Metrics.length >= METRIC_SCAN_LIMIT) {
      this.metricIndexes.set(p, new Map(p.Metrics.map((x) => [x.MetricID, x])));
    }
    return m;
  }
}
