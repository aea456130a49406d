import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { COST_INPUT } from './cost-input';
import { FloatStatMetric } from './float-stat-metric';

/**
 * Creates `*acc`, Average Call Cost (mirrors engine/statmetrics.go StatACC).
 * Input `~*req.Cost`: missing → `NOT_FOUND:Cost`, negative → `NEGATIVE:Cost`.
 * Value: Round(Sum / Count); string in Go 'f' format (`"45.03333"`).
 */
export function createAccMetric(metricID: string, opts: MetricOptions): StatMetric {
  return new FloatStatMetric(metricID, opts, COST_INPUT, Aggregate.AVERAGE);
}

/** Registry entry for `*acc`. */
export const ACC_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.ACC,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createAccMetric(metricID, opts),
});
