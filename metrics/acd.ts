import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { DurationStatMetric } from './duration-stat-metric';
import { MetricWire } from './metric-wire';

/**
 * Creates `*acd`, Average Call Duration (mirrors engine/statmetrics.go StatACD).
 * Input `~*req.Usage` only (the CGRateS docs mention AnswerTime; the code never reads it); a JSON
 * number is ns; missing → `NOT_FOUND:Usage`. Value: RoundStatDuration(trunc(Sum / Count)) in ns.
 */
export function createAcdMetric(metricID: string, opts: MetricOptions): StatMetric {
  const input = { path: MetricWire.USAGE_PATH, name: MetricWire.USAGE };
  return new DurationStatMetric(metricID, opts, input, Aggregate.AVERAGE);
}

/** Registry entry for `*acd`. */
export const ACD_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.ACD,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createAcdMetric(metricID, opts),
});
