/**
 * Filters.csv rows → Filter wire objects (CGRateS `FilterMdls.AsTPFilter` + `APItoFilter`): one rule
 * per row, rows of the same Tenant+ID form one filter, rows repeating a (Type, Element) pair add
 * their values to that rule, and a row with an empty Type only carries the ActivationInterval.
 */
import type { ActivationIntervalJSON } from '../engine/activation-interval';
import { ItemTable, tenantKey } from './item-table';
import type { LoadContext } from './load-context';
import { splitFilterValues } from './parse-cell';
import { RowReader } from './row-reader';
import type { CsvRow } from './row-reader';
import type { TpFilterJSON, TpFilterRuleJSON } from './tariff-plan';
import { FiltersColumn as C, INFIELD_SEP } from './tariff-plan-files';

interface RuleDraft {
  readonly rule: TpFilterRuleJSON;
  readonly seen: Set<string>;
}

interface FilterDraft {
  readonly tenant: string;
  readonly id: string;
  /** `Type \0 Element` → rule, in first-appearance order. */
  readonly rules: Map<string, RuleDraft>;
  activationInterval: ActivationIntervalJSON | null;
}

export class FiltersBuilder {
  private readonly table = new ItemTable<FilterDraft>();
  private readonly ctx: LoadContext;

  constructor(ctx: LoadContext) {
    this.ctx = ctx;
  }

  /** Which filters the plan defines, for the FilterReferences of later files. */
  get items(): ItemTable<unknown> {
    return this.table;
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
    const type = r.str(C.TYPE);
    const element = r.str(C.ELEMENT);
    const valuesCell = r.str(C.VALUES);
    const ai = r.activationInterval(C.ACTIVATION_INTERVAL, 'ActivationInterval');
    const label = `${tenant}:${id}`;

    if (id.startsWith('*')) {
      // A stored filter whose ID starts with `*` could never be referenced: every such FilterID is
      // parsed as an inline filter by the profiles.
      r.fail('ID: must not start with "*" (that is the inline filter syntax)');
    }
    let rule: TpFilterRuleJSON | null = null;
    if (type !== '') {
      rule = {
        Type: type,
        Element: element,
        Values: valuesCell === '' ? null : splitFilterValues(valuesCell, INFIELD_SEP),
      };
      for (const p of this.ctx.checker.filterRuleProblems(id, rule)) r.fail(p);
    } else if (element !== '' || valuesCell !== '') {
      r.warn(label, 'Element and Values are ignored on a row with an empty Type');
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

    let d = this.table.get(key);
    if (d === undefined) {
      d = { tenant, id, rules: new Map(), activationInterval: null };
      this.table.set(key, d);
    }
    if (ai !== null) d.activationInterval = ai;
    if (rule === null) return;
    const ruleKey = `${rule.Type}\u0000${rule.Element}`;
    const existing = d.rules.get(ruleKey);
    if (existing === undefined) {
      const seen = new Set(rule.Values ?? []);
      d.rules.set(ruleKey, { rule: { ...rule, Values: rule.Values === null ? null : [...seen] }, seen });
      return;
    }
    for (const v of rule.Values ?? []) {
      if (existing.seen.has(v)) continue;
      existing.seen.add(v);
      (existing.rule.Values ??= []).push(v);
    }
  }

  build(): TpFilterJSON[] {
    return this.table.cleanItems().map((d) => ({
      Tenant: d.tenant,
      ID: d.id,
      Rules: [...d.rules.values()].map((rd) => rd.rule),
      ActivationInterval: d.activationInterval,
    }));
  }

  skippedKeys(): string[] {
    return this.table.taintedKeys();
  }
}
