import type { MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { Aggregate } from './compress-factor-metric';
import { compileFieldInput } from './field-input';
import { FloatStatMetric } from './float-stat-metric';
import { StateField } from './metric-wire';
import type { StateReader } from './state-reader';

/**
 * `*average#<field>` (mirrors engine/statmetrics.go StatAverage): Round(Sum / Count) of a `~` field
 * or a constant; missing field → `NOT_FOUND:<field>`. CGRateS never subtracts a negative stored
 * value on removal (Count still drops); we always subtract it (DESIGN deviation 3), so the value
 * after removals equals the value rebuilt from the surviving events.
 */
export class AverageMetric extends FloatStatMetric {
  private readonly fieldName: string;

  constructor(metricID: string, param: string, opts: MetricOptions) {
    super(metricID, opts, compileFieldInput(param, opts.timezone), Aggregate.AVERAGE);
    this.fieldName = param;
  }

  protected override appendJSON(out: Record<string, unknown>): void {
    out[StateField.FIELD_NAME] = this.fieldName;
  }

  protected override validateExtraState(reader: StateReader): void {
    reader.string(StateField.FIELD_NAME);
  }
}

/** Creates `*average#<field>`. */
export function createAverageMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new AverageMetric(metricID, param ?? '', opts);
}

/** Registry entry for `*average`. */
export const AVERAGE_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.AVERAGE,
  create: createAverageMetric,
});
