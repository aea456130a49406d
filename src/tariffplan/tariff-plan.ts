/**
 * The data model of a loaded tariff plan: the wire JSON objects the Set APIs take (so applying a
 * plan is only calling them), and the load report types. Mirrors what CGRateS' TpReader produces
 * from a folder (`engine/tpreader.go`, `engine/model_helpers.go` `APItoStats` & co.).
 */
import type { ActionSetJSON } from '../engine/action-types';
import type { ActivationIntervalJSON } from '../engine/activation-interval';

/** The kinds of item a tariff plan holds, in the order they are applied (dependencies first). */
export const TariffPlanKind = {
  DESTINATIONS: 'destinations',
  FILTERS: 'filters',
  ACTIONS: 'actions',
  STATS: 'stats',
  THRESHOLDS: 'thresholds',
} as const;
export type TariffPlanKind = (typeof TariffPlanKind)[keyof typeof TariffPlanKind];

/** Apply order: destinations → filters → actions → stats → thresholds. */
export const TARIFF_PLAN_KINDS: readonly TariffPlanKind[] = Object.values(TariffPlanKind);

/** `MetricWithFilters` on the wire; FilterIDs is null when the CSV gave none (Go nil slice). */
export interface TpMetricJSON {
  MetricID: string;
  FilterIDs: string[] | null;
}

/** `StatQueueProfile` on the wire (engine/libstats.go field order; TTL in integer nanoseconds). */
export interface TpStatQueueProfileJSON {
  Tenant: string;
  ID: string;
  FilterIDs: string[];
  ActivationInterval: ActivationIntervalJSON | null;
  QueueLength: number;
  TTL: number;
  MinItems: number;
  Metrics: TpMetricJSON[];
  Stored: boolean;
  Blocker: boolean;
  Weight: number;
  ThresholdIDs: string[];
}

/** `ThresholdProfile` on the wire (engine/thresholds.go; MinSleep in integer nanoseconds). */
export interface TpThresholdProfileJSON {
  Tenant: string;
  ID: string;
  FilterIDs: string[];
  ActivationInterval: ActivationIntervalJSON | null;
  MaxHits: number;
  MinHits: number;
  MinSleep: number;
  Blocker: boolean;
  Weight: number;
  ActionIDs: string[];
  Async: boolean;
  /** null when the CSV gave none (Go nil slice), as `APItoThresholdProfile` leaves it. */
  EeIDs: string[] | null;
}

/** `FilterRule` on the wire; Values is null for an empty cell (`*exists`, `*empty`). */
export interface TpFilterRuleJSON {
  Type: string;
  Element: string;
  Values: string[] | null;
}

/** `Filter` on the wire (engine/filters.go). */
export interface TpFilterJSON {
  Tenant: string;
  ID: string;
  Rules: TpFilterRuleJSON[];
  ActivationInterval: ActivationIntervalJSON | null;
}

/** `Destination` on the wire (engine/destinations.go): tenant-less, like CGRateS. */
export interface TpDestinationJSON {
  ID: string;
  Prefixes: string[];
}

/** Everything a folder defines, each list in order of first appearance in the CSV files. */
export interface TariffPlan {
  destinations: TpDestinationJSON[];
  filters: TpFilterJSON[];
  actions: ActionSetJSON[];
  stats: TpStatQueueProfileJSON[];
  thresholds: TpThresholdProfileJSON[];
}

/** One problem found while reading, pointing at the CSV row that caused it. */
export interface LoadIssue {
  /** Path relative to the loaded folder, `/`-separated (`Stats.csv`, `sub/Filters.csv`). */
  file: string;
  /** 1-based line number of the row (its first line for a multi-line quoted row); 0 = whole file. */
  line: number;
  message: string;
}

/** An item left out of the plan because one of its rows (or a reference it makes) is broken. */
export interface SkippedItem {
  kind: TariffPlanKind;
  /** `tenant:ID` for tenanted kinds, the bare ID for actions and destinations. */
  key: string;
}

/** What readTariffPlan returns. `plan` holds only the items that loaded cleanly. */
export interface TariffPlanResult {
  plan: TariffPlan;
  /** Refusals: with any of these, callers apply nothing unless they asked for a partial load. */
  errors: LoadIssue[];
  /** Loaded anyway, but worth telling the operator (e.g. account actions that will be skipped). */
  warnings: LoadIssue[];
  /** Number of items of each kind in `plan`. */
  counts: Record<TariffPlanKind, number>;
  /** Items that had errors and are not in `plan` (a partial load leaves them out). */
  skipped: SkippedItem[];
}

/** Progress of one file, reported while it is parsed. */
export interface TariffPlanProgress {
  file: string;
  /** Lines consumed so far (comments and blank lines included, so it reaches rowsTotal). */
  rowsDone: number;
  /** Lines in the file. */
  rowsTotal: number;
}

/** Options of readTariffPlan. */
export interface ReadTariffPlanOptions {
  /** IANA zone for zone-less ActivationInterval times (`general.default_timezone`). */
  timezone: string;
  /** Epoch ms used for relative times (`*now`, `+1h`, `*daily`...). */
  nowMs: number;
  /** True when the engine already has this filter, so the plan may reference it without defining it. */
  existingFilter?: (tenant: string, id: string) => boolean;
  /** True when the engine already has this action set. */
  existingActions?: (id: string) => boolean;
  onProgress?: (p: TariffPlanProgress) => void;
}

/** An empty plan, ready to be filled. */
export function emptyTariffPlan(): TariffPlan {
  return { destinations: [], filters: [], actions: [], stats: [], thresholds: [] };
}
