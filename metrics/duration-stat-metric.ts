import type { EventDP, MetricOptions } from '../src/engine/types';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { formatGoDuration, ifaceAsDuration } from '../src/util/go-duration';
import { roundStatDuration } from '../src/util/go-float';
import type { StateReader } from './state-reader';
import { Aggregate, CompressFactorMetric } from './compress-factor-metric';
import type { FloatReader } from './float-stat-metric';
import { sharedInput } from './shared-input';
import { StateField, notFoundError } from './metric-wire';

/** Where a duration metric reads its input: the path and the name used in `NOT_FOUND:<name>`. */
export interface DurationInput {
  readonly path: string;
  readonly name: string;
}

/**
 * The duration metrics `*acd *tcd *pdd` (mirrors engine/statmetrics.go StatACD/StatTCD/StatPDD):
 * values are integer nanoseconds; getValue() is ns, the string is Go `Duration.String()` of the
 * value rounded with RoundStatDuration (`"1m0s"`, `"3m0s"`).
 */
export class DurationStatMetric extends CompressFactorMetric {
  readonly isDuration = true;
  private readonly read: FloatReader;
  private readonly aggregate: Aggregate;

  constructor(metricID: string, opts: MetricOptions, input: DurationInput, aggregate: Aggregate) {
    super(metricID, opts, { sum: StateField.SUM, stat: StateField.DURATION });
    this.read = sharedInput(`duration\u0000${input.path}\u0000${input.name}`, () =>
      compileDurationInput(input),
    );
    this.aggregate = aggregate;
  }

  protected readInput(ev: EventDP): number {
    return this.read(ev);
  }

  protected override foldStat(stat: number, cf: number, x: number): number {
    // Go computes the per-ID average in float64 and converts back to Duration (truncation); the
    // same float operations in JS give the same int64 for any ns value below 2^53.
    return Math.trunc((stat * cf + x) / (cf + 1));
  }

  protected override readStoredNumber(reader: StateReader, v: unknown, path: string): number {
    return reader.durationNsAt(v, path);
  }

  protected computeValue(decimals: number): number {
    // Go's int64 division truncates toward zero; for |Sum| < 2^53 Math.trunc of the float quotient
    // is that exact integer.
    const ns = this.aggregate === Aggregate.AVERAGE ? Math.trunc(this.sum / this.count) : this.sum;
    return roundStatDuration(ns, decimals);
  }

  protected formatValue(value: number): string {
    return formatGoDuration(value);
  }
}

/** Reads a duration field: missing → `NOT_FOUND:<name>`, else IfaceAsDuration (ns). */
function compileDurationInput(input: DurationInput): FloatReader {
  const field = compileFieldGetter(input.path);
  return (ev: EventDP): number => {
    const v = field(ev);
    if (v === MISSING) throw notFoundError(input.name);
    return ifaceAsDuration(v);
  };
}
