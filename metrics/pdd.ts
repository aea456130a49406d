import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { DurationStatMetric } from './duration-stat-metric';
import { MetricWire } from './metric-wire';

/**
 * Creates `*pdd`, average Post-Dial Delay (mirrors engine/statmetrics.go StatPDD).
 * Input `~*req.PDD` (JSON numbers are ns); missing → `NOT_FOUND:PDD` (profiles usually guard it
 * with the metric filter `*exists:~*req.PDD:`). Value: RoundStatDuration(trunc(Sum / Count)) in ns.
 */
export function createPddMetric(metricID: string, opts: MetricOptions): StatMetric {
  const input = { path: MetricWire.PDD_PATH, name: MetricWire.PDD };
  return new DurationStatMetric(metricID, opts, input, Aggregate.AVERAGE);
}

/** Registry entry for `*pdd`. */
export const PDD_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.PDD,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createPddMetric(metricID, opts),
});
