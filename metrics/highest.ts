import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { EXTREME_HIGHEST, ExtremeMetric } from './extreme-metric';

/**
 * Creates `*highest#<field>`: the largest value of a `~` field (or constant) among the stored events;
 * missing → `NOT_FOUND:<field>`. Unlike CGRateS it works with negative values and is N/A when empty.
 */
export function createHighestMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new ExtremeMetric(metricID, param ?? '', opts, EXTREME_HIGHEST);
}

/** Registry entry for `*highest`. */
export const HIGHEST_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.HIGHEST,
  create: createHighestMetric,
});
