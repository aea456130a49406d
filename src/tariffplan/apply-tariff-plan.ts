/**
 * Writes a read plan into the engine through the same Set operations the APIs use, in dependency
 * order (destinations → filters → actions → stats → thresholds), as CGRateS `TpReader.WriteToDatabase`
 * writes filters before the profiles that reference them.
 */
import type { ActionSetJSON } from '../engine/action-types';
import { TARIFF_PLAN_KINDS, TariffPlanKind } from './tariff-plan';
import type {
  TariffPlan,
  TpDestinationJSON,
  TpFilterJSON,
  TpStatQueueProfileJSON,
  TpThresholdProfileJSON,
} from './tariff-plan';

/**
 * Where a plan goes: normally the engine's Set operations. Each call may throw (e.g. CGRError) or
 * reject; it may be synchronous or return a promise.
 */
export interface TariffPlanSink {
  setDestination(d: TpDestinationJSON): void | Promise<void>;
  setFilter(f: TpFilterJSON): void | Promise<void>;
  setActions(a: ActionSetJSON): void | Promise<void>;
  setStatQueueProfile(p: TpStatQueueProfileJSON): void | Promise<void>;
  setThresholdProfile(t: TpThresholdProfileJSON): void | Promise<void>;
}

/** One item the sink refused. */
export interface ApplyFailure {
  kind: TariffPlanKind;
  /** `tenant:ID`, or the bare ID for actions and destinations. */
  key: string;
  message: string;
}

/** What applyTariffPlan did. */
export interface ApplyReport {
  /** Items written, per kind. */
  applied: Record<TariffPlanKind, number>;
  failed: ApplyFailure[];
  /** Items never attempted because a failure stopped a non-partial apply. */
  notAttempted: number;
}

/** Options of applyTariffPlan. */
export interface ApplyTariffPlanOptions {
  /** Go on after a refused item (it is reported); otherwise stop at the first one. */
  partial: boolean;
}

type Step = { kind: TariffPlanKind; key: string; run: () => void | Promise<void> };

function steps(plan: TariffPlan, sink: TariffPlanSink): Step[] {
  const out: Step[] = [];
  for (const d of plan.destinations) {
    out.push({ kind: TariffPlanKind.DESTINATIONS, key: d.ID, run: () => sink.setDestination(d) });
  }
  for (const f of plan.filters) {
    out.push({ kind: TariffPlanKind.FILTERS, key: `${f.Tenant}:${f.ID}`, run: () => sink.setFilter(f) });
  }
  for (const a of plan.actions) {
    out.push({ kind: TariffPlanKind.ACTIONS, key: a.ActionsId, run: () => sink.setActions(a) });
  }
  for (const p of plan.stats) {
    out.push({
      kind: TariffPlanKind.STATS,
      key: `${p.Tenant}:${p.ID}`,
      run: () => sink.setStatQueueProfile(p),
    });
  }
  for (const t of plan.thresholds) {
    out.push({
      kind: TariffPlanKind.THRESHOLDS,
      key: `${t.Tenant}:${t.ID}`,
      run: () => sink.setThresholdProfile(t),
    });
  }
  return out;
}

/**
 * Applies every item of `plan` to `sink` in dependency order. By default the first refused item
 * stops the apply (the items before it stay applied: the sink has no rollback, and a plan that
 * readTariffPlan accepted is refused only for engine-side reasons); with `partial` every item is
 * attempted and each refusal is reported. Callers decide beforehand whether a plan with read errors
 * is applied at all (see loadTariffPlan).
 */
export async function applyTariffPlan(
  plan: TariffPlan,
  sink: TariffPlanSink,
  opts: ApplyTariffPlanOptions,
): Promise<ApplyReport> {
  const applied = {} as Record<TariffPlanKind, number>;
  for (const kind of TARIFF_PLAN_KINDS) applied[kind] = 0;
  const failed: ApplyFailure[] = [];
  const all = steps(plan, sink);
  for (let i = 0; i < all.length; i++) {
    const step = all[i];
    if (step === undefined) continue;
    try {
      await step.run();
      applied[step.kind]++;
    } catch (err) {
      failed.push({
        kind: step.kind,
        key: step.key,
        message: err instanceof Error ? err.message : String(err),
      });
      if (!opts.partial) return { applied, failed, notAttempted: all.length - i - 1 };
    }
  }
  return { applied, failed, notAttempted: 0 };
}
