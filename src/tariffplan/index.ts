/** Public surface of the tariff-plan loader (CGRateS CSV folders → Set API calls). */
export { readTariffPlan } from './read-tariff-plan';
export { applyTariffPlan } from './apply-tariff-plan';
export type { ApplyFailure, ApplyReport, ApplyTariffPlanOptions, TariffPlanSink } from './apply-tariff-plan';
export { loadTariffPlan } from './load-tariff-plan';
export type { LoadTariffPlanOptions, LoadTariffPlanOutcome } from './load-tariff-plan';
export { formatApplyReport, formatLoadReport } from './format-load-report';
export { createProgressPrinter } from './progress-printer';
export type { ProgressPrinter, ProgressStream } from './progress-printer';
export { TARIFF_PLAN_KINDS, TariffPlanKind, emptyTariffPlan } from './tariff-plan';
export type {
  LoadIssue,
  ReadTariffPlanOptions,
  SkippedItem,
  TariffPlan,
  TariffPlanProgress,
  TariffPlanResult,
  TpDestinationJSON,
  TpFilterJSON,
  TpFilterRuleJSON,
  TpMetricJSON,
  TpStatQueueProfileJSON,
  TpThresholdProfileJSON,
} from './tariff-plan';
export { TARIFF_PLAN_FILES } from './tariff-plan-files';
export type { TariffPlanFile } from './tariff-plan-files';
