/**
 * Read + apply with the all-or-nothing rule: the entry point for `APIerSv1.LoadTariffPlanFromFolder`
 * and `statqueue load`.
 */
import { applyTariffPlan } from './apply-tariff-plan';
import type { ApplyReport, TariffPlanSink } from './apply-tariff-plan';
import { readTariffPlan } from './read-tariff-plan';
import type { ReadTariffPlanOptions, TariffPlanResult } from './tariff-plan';

/** Options of loadTariffPlan. */
export interface LoadTariffPlanOptions extends ReadTariffPlanOptions {
  /**
   * Apply the items that loaded cleanly even when others have errors, and go on past items the
   * sink refuses. Without it a plan with any error applies nothing.
   */
  partial: boolean;
  /** Read and validate only (CGRateS `DryRun`). */
  dryRun?: boolean;
}

/** What loadTariffPlan did; `applied` is null when nothing was applied. */
export interface LoadTariffPlanOutcome {
  result: TariffPlanResult;
  applied: ApplyReport | null;
}

/**
 * Reads `folder`; applies it to `sink` unless it has errors (or `partial` is set) or this is a dry
 * run. Throws CGRError `INVALID_PATH` when `folder` is not a directory.
 */
export async function loadTariffPlan(
  folder: string,
  sink: TariffPlanSink,
  opts: LoadTariffPlanOptions,
): Promise<LoadTariffPlanOutcome> {
  const result = await readTariffPlan(folder, opts);
  if (opts.dryRun === true || (result.errors.length > 0 && !opts.partial)) return { result, applied: null };
  const applied = await applyTariffPlan(result.plan, sink, { partial: opts.partial });
  return { result, applied };
}
