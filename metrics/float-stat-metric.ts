import type { EventDP, MetricOptions } from '../src/engine/types';
import { formatFloatF, roundMiddle } from '../src/util/go-float';
import { Aggregate, CompressFactorMetric } from './compress-factor-metric';
import { StateField } from './metric-wire';

/** Reads one float input from an event; throws CGRError (`NOT_FOUND:Cost`...) when it cannot. */
export type FloatReader = (ev: EventDP) => number;

/**
 * The float compress-factor metrics `*acc *tcc *sum *average` (mirrors engine/statmetrics.go
 * StatACC/StatTCC/StatSum/StatAverage): value `Round(Sum/Count)` or `Round(Sum)`, string in Go 'f'
 * format. Removal always subtracts the stored per-ID value (for `*average` this fixes CGRateS,
 * which skips negative values: DESIGN deviation 3).
 */
export class FloatStatMetric extends CompressFactorMetric {
  readonly isDuration = false;
  private readonly read: FloatReader;
  private readonly aggregate: Aggregate;

  constructor(metricID: string, opts: MetricOptions, read: FloatReader, aggregate: Aggregate) {
    super(metricID, opts, { sum: StateField.SUM, stat: StateField.STAT });
    this.read = read;
    this.aggregate = aggregate;
  }

  protected readInput(ev: EventDP): number {
    return this.read(ev);
  }

  protected computeValue(decimals: number): number {
    return roundMiddle(this.aggregate === Aggregate.AVERAGE ? this.sum / this.count : this.sum, decimals);
  }

  protected formatValue(value: number): string {
    return formatFloatF(value);
  }
}
