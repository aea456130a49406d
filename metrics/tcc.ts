import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { COST_INPUT } from './cost-input';
import { FloatStatMetric } from './float-stat-metric';

/**
 * Creates `*tcc`, Total Call Cost (mirrors engine/statmetrics.go StatTCC).
 * Input `~*req.Cost`: missing → `NOT_FOUND:Cost`, negative → `NEGATIVE:Cost`.
 * Value: Round(Sum); string in Go 'f' format (`"135.1"`).
 */
export function createTccMetric(metricID: string, opts: MetricOptions): StatMetric {
  return new FloatStatMetric(metricID, opts, COST_INPUT, Aggregate.TOTAL);
}

/** Registry entry for `*tcc`. */
export const TCC_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.TCC,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createTccMetric(metricID, opts),
});
