/**
 * CGRateS wire names the metrics read and raise (engine/statmetrics.go, utils/consts.go), kept in
 * one place for metrics/: the plugin folder may not import src/engine/constants.ts.
 */
import { CGRError } from '../src/util/cgr-error';

/** Event paths and texts used by the built-in metrics, spelled exactly as CGRateS does. */
export const MetricWire = {
  /** `utils.HashtagSep`: separates the metric type from its parameter in a MetricID. */
  ID_SEP: '#',
  /** `utils.InfieldSep`: separates the RSR parts of `*sum#...` and the errors of a ReplyState. */
  INFIELD_SEP: ';',
  /** Prefix every `*distinct` field must carry. */
  REQ_PREFIX: '~*req.',
  DYNAMIC_PREFIX: '~',
  ANSWER_TIME_PATH: '~*req.AnswerTime',
  USAGE_PATH: '~*req.Usage',
  COST_PATH: '~*req.Cost',
  PDD_PATH: '~*req.PDD',
  DESTINATION_PATH: '~*req.Destination',
  REPLY_STATE_PATH: '~*req.ReplyState',
  /** Field names used as the suffix of `NOT_FOUND:` / `NEGATIVE:` errors. */
  USAGE: 'Usage',
  COST: 'Cost',
  PDD: 'PDD',
  DESTINATION: 'Destination',
  REPLY_STATE: 'ReplyState',
  /** The only ReplyState `*repsc` counts (`utils.OK`). */
  REPLY_OK: 'OK',
  NOT_FOUND: 'NOT_FOUND',
  NEGATIVE: 'NEGATIVE',
} as const;

/**
 * JSON field names of the stored metric state (the Go struct field names of engine/statmetrics.go,
 * as `GetStatQueue` shows them under SQMetrics and the store keeps them).
 */
export const StateField = {
  FILTER_IDS: 'FilterIDs',
  MIN_ITEMS: 'MinItems',
  COUNT: 'Count',
  EVENTS: 'Events',
  SUM: 'Sum',
  ANSWERED: 'Answered',
  STAT: 'Stat',
  DURATION: 'Duration',
  COMPRESS_FACTOR: 'CompressFactor',
  FIELD_VALUES: 'FieldValues',
  FIELD_NAME: 'FieldName',
  FIELDS: 'Fields',
  RULES: 'Rules',
  ERROR_TYPE: 'ErrorType',
  HIGHEST: 'Highest',
  LOWEST: 'Lowest',
} as const;

/** `NOT_FOUND` or `NOT_FOUND:<reason>` (Go `utils.ErrPrefix(utils.ErrNotFound, reason)`). */
export function notFoundError(reason?: string): CGRError {
  return new CGRError(reason === undefined ? MetricWire.NOT_FOUND : `${MetricWire.NOT_FOUND}:${reason}`);
}

/** `NEGATIVE:<reason>` (Go `utils.ErrPrefix(utils.ErrNegative, reason)`). */
export function negativeError(reason: string): CGRError {
  return new CGRError(`${MetricWire.NEGATIVE}:${reason}`);
}
