import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { EXTREME_LOWEST, ExtremeMetric } from './extreme-metric';

/**
 * Creates `*lowest#<field>`: the smallest value of a `~` field (or constant) among the stored events;
 * missing → `NOT_FOUND:<field>`.
 */
export function createLowestMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new ExtremeMetric(metricID, param ?? '', opts, EXTREME_LOWEST);
}

/** Registry entry for `*lowest`. */
export const LOWEST_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.LOWEST,
  create: createLowestMetric,
});
