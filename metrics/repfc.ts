import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { CountSetMetric } from './count-set-metric';
import { MetricWire, StateField } from './metric-wire';
import type { StateReader } from './state-reader';

/**
 * Whether `errorType` equals one `;`-separated element of `list` (CGRateS splits and compares
 * exactly, so `ERR` does not match `ERR_CDRS`); scans in place instead of allocating a split array.
 */
function hasElement(list: string, errorType: string): boolean {
  const sep = MetricWire.INFIELD_SEP;
  // An element never contains the separator, so such an ErrorType can never match.
  if (errorType.includes(sep)) return false;
  for (let from = 0; ;) {
    const i = list.indexOf(errorType, from);
    if (i === -1) return false;
    const end = i + errorType.length;
    if ((i === 0 || list[i - 1] === sep) && (end === list.length || list[end] === sep)) return true;
    from = i + 1;
  }
}

/**
 * `*repfc[#ErrorType]`, Reply Fail Count: without ErrorType, events whose ReplyState is not `"OK"`;
 * with it, events whose `;`-separated ReplyState has an element equal to ErrorType
 * (`"ERR_TERMINATE;ERR_CDRS"` matches `*repfc#ERR_CDRS`).
 */
export class RepfcMetric extends CountSetMetric {
  private readonly errorType: string;

  constructor(metricID: string, errorType: string, opts: MetricOptions) {
    super(metricID, opts);
    this.errorType = errorType;
  }

  protected matches(replyState: string): boolean {
    if (this.errorType === '') return replyState !== MetricWire.REPLY_OK;
    return hasElement(replyState, this.errorType);
  }

  protected override appendJSONBeforeCount(out: Record<string, unknown>): void {
    out[StateField.ERROR_TYPE] = this.errorType;
  }

  protected override validateExtraState(reader: StateReader): void {
    reader.string(StateField.ERROR_TYPE);
  }
}

/** Creates `*repfc[#ErrorType]`. */
export function createRepfcMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new RepfcMetric(metricID, param ?? '', opts);
}

/** Registry entry for `*repfc`. */
export const REPFC_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.REPFC,
  create: createRepfcMetric,
});
