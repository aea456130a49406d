import type { EventDP, MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { ifaceAsFloat64 } from '../src/util/convert';
import { Aggregate } from './compress-factor-metric';
import { FloatStatMetric } from './float-stat-metric';
import type { FloatReader } from './float-stat-metric';
import type { CompiledRsrParsers } from './rsr-parsers';
import { compileRsrParsers } from './rsr-parsers';
import { StateField } from './metric-wire';
import { sharedInput } from './shared-input';
import type { StateReader } from './state-reader';

/**
 * `*sum#<rules>` (mirrors engine/statmetrics.go StatSum): the `;` parts of the parameter are
 * evaluated as strings, concatenated and converted with IfaceAsFloat64, so a JSON number Usage
 * sums as ns (`"180000000000"`) and `*sum#1` counts events. Missing field → `NOT_FOUND` (no suffix).
 * Negative values are allowed. Unlike every other metric it is N/A only while Count < MinItems:
 * with MinItems 0 and no events it reports `0`.
 */
export class SumMetric extends FloatStatMetric {
  private readonly parsers: CompiledRsrParsers;

  constructor(metricID: string, param: string, opts: MetricOptions) {
    const parsers = compileRsrParsers(param);
    super(
      metricID,
      opts,
      sharedInput(`sum\u0000${param}`, () => sumInput(parsers)),
      Aggregate.TOTAL,
    );
    this.parsers = parsers;
  }

  protected override isNotAvailable(): boolean {
    return this.count < this.minItemsValue;
  }

  protected override appendJSON(out: Record<string, unknown>): void {
    // Go marshals RSRParsers through their exported Rules field; an empty parameter is a nil slice.
    out[StateField.FIELDS] =
      this.parsers.rules.length === 0
        ? null
        : this.parsers.rules.map((rule) => ({ [StateField.RULES]: rule }));
  }

  protected override validateExtraState(reader: StateReader): void {
    reader.rulesList(StateField.FIELDS);
  }
}

/**
 * The per-event input: IfaceAsFloat64 of the parameter's string. For a lone `~path` holding a number
 * or a string that string round trip is skipped: a string is its own string form, and a float64
 * printed with Go's shortest 'f' format parses back to the same float64, so the value is identical.
 */
function sumInput(parsers: CompiledRsrParsers): FloatReader {
  const viaString = (ev: EventDP): number => ifaceAsFloat64(parsers.evaluate(ev));
  const field = parsers.soleField;
  if (field === undefined) return viaString;
  return (ev: EventDP): number => {
    const v = field(ev);
    return typeof v === 'number' || typeof v === 'string' ? ifaceAsFloat64(v) : viaString(ev);
  };
}

/** Creates `*sum#<rules>`; throws CGRError at creation for rules or converters it cannot compile. */
export function createSumMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new SumMetric(metricID, param ?? '', opts);
}

/** Registry entry for `*sum`. */
export const SUM_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.SUM,
  create: createSumMetric,
});
