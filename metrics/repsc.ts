import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { CountSetMetric } from './count-set-metric';
import { MetricWire } from './metric-wire';

/** `*repsc`, Reply Success Count: events whose ReplyState is exactly `"OK"`. */
export class RepscMetric extends CountSetMetric {
  protected matches(replyState: string): boolean {
    return replyState === MetricWire.REPLY_OK;
  }
}

/** Creates `*repsc`; any parameter after `#` is ignored, as in CGRateS. */
export function createRepscMetric(metricID: string, opts: MetricOptions): StatMetric {
  return new RepscMetric(metricID, opts);
}

/** Registry entry for `*repsc`. */
export const REPSC_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.REPSC,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createRepscMetric(metricID, opts),
});
