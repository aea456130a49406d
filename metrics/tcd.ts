import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { DurationStatMetric } from './duration-stat-metric';
import { MetricWire } from './metric-wire';

/**
 * Creates `*tcd`, Total Call Duration (mirrors engine/statmetrics.go StatTCD).
 * Input `~*req.Usage` (JSON numbers are ns); missing → `NOT_FOUND:Usage`.
 * Value: RoundStatDuration(Sum) in ns.
 */
export function createTcdMetric(metricID: string, opts: MetricOptions): StatMetric {
  const input = { path: MetricWire.USAGE_PATH, name: MetricWire.USAGE };
  return new DurationStatMetric(metricID, opts, input, Aggregate.TOTAL);
}

/** Registry entry for `*tcd`. */
export const TCD_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.TCD,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createTcdMetric(metricID, opts),
});
