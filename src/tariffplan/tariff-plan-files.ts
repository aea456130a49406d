/**
 * The CSV files the loader reads and their columns, as CGRateS defines them (`utils/consts.go`
 * `*Csv` names, `engine/models.go` `index` tags). Every other file of a tariff-plan folder is
 * ignored, as a StatS-only cgr-engine would.
 */
import { TariffPlanKind } from './tariff-plan';

/** Stats.csv columns. */
export const StatsColumn = {
  TENANT: 0,
  ID: 1,
  FILTER_IDS: 2,
  ACTIVATION_INTERVAL: 3,
  QUEUE_LENGTH: 4,
  TTL: 5,
  MIN_ITEMS: 6,
  METRICS: 7,
  METRIC_FILTER_IDS: 8,
  STORED: 9,
  BLOCKER: 10,
  WEIGHT: 11,
  THRESHOLD_IDS: 12,
} as const;

/** Thresholds.csv columns. */
export const ThresholdsColumn = {
  TENANT: 0,
  ID: 1,
  FILTER_IDS: 2,
  ACTIVATION_INTERVAL: 3,
  MAX_HITS: 4,
  MIN_HITS: 5,
  MIN_SLEEP: 6,
  BLOCKER: 7,
  WEIGHT: 8,
  ACTION_IDS: 9,
  ASYNC: 10,
  EE_IDS: 11,
} as const;

/** Filters.csv columns. */
export const FiltersColumn = {
  TENANT: 0,
  ID: 1,
  TYPE: 2,
  ELEMENT: 3,
  VALUES: 4,
  ACTIVATION_INTERVAL: 5,
} as const;

/** Actions.csv columns. */
export const ActionsColumn = {
  ACTIONS_ID: 0,
  ACTION: 1,
  EXTRA_PARAMETERS: 2,
  FILTER: 3,
  BALANCE_ID: 4,
  BALANCE_TYPE: 5,
  CATEGORIES: 6,
  DESTINATION_IDS: 7,
  RATING_SUBJECT: 8,
  SHARED_GROUP: 9,
  EXPIRY_TIME: 10,
  TIMING_IDS: 11,
  UNITS: 12,
  BALANCE_WEIGHT: 13,
  BALANCE_BLOCKER: 14,
  BALANCE_DISABLED: 15,
  WEIGHT: 16,
} as const;

/** Destinations.csv columns. */
export const DestinationsColumn = {
  ID: 0,
  PREFIX: 1,
} as const;

/** File name and exact column count (Go `encoding/csv` FieldsPerRecord) of each kind. */
export interface TariffPlanFile {
  readonly kind: TariffPlanKind;
  readonly fileName: string;
  readonly columnCount: number;
}

/** In the order files are read: what others reference is read first. */
export const TARIFF_PLAN_FILES: readonly TariffPlanFile[] = [
  { kind: TariffPlanKind.DESTINATIONS, fileName: 'Destinations.csv', columnCount: 2 },
  { kind: TariffPlanKind.FILTERS, fileName: 'Filters.csv', columnCount: 6 },
  { kind: TariffPlanKind.ACTIONS, fileName: 'Actions.csv', columnCount: 17 },
  { kind: TariffPlanKind.STATS, fileName: 'Stats.csv', columnCount: 13 },
  { kind: TariffPlanKind.THRESHOLDS, fileName: 'Thresholds.csv', columnCount: 12 },
];

/** CGRateS `utils.InfieldSep`: the list separator inside a cell. */
export const INFIELD_SEP = ';';
