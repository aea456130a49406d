import type { EventDP, MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { ifaceAsString } from '../src/util/convert';
import type { FieldGetter } from '../src/util/field-path';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { DistinctValuesMetric } from './distinct-values-metric';
import { MetricWire, StateField, notFoundError } from './metric-wire';
import type { StateReader } from './state-reader';

/**
 * `*distinct#<field>` (mirrors engine/statmetrics.go StatDistinct): number of distinct values of a
 * `~*req.` field, read as a string; missing → `NOT_FOUND:<field>`. A field not starting with
 * `~*req.` is accepted at creation and fails every event with `invalid format for field <X>`,
 * exactly as CGRateS does.
 */
export class DistinctMetric extends DistinctValuesMetric {
  private readonly fieldName: string;
  /** Undefined when the field is not a `~*req.` path (every add then throws). */
  private readonly field: FieldGetter | undefined;

  constructor(metricID: string, param: string, opts: MetricOptions) {
    super(metricID, opts);
    this.fieldName = param;
    this.field = param.startsWith(MetricWire.REQ_PREFIX) ? compileFieldGetter(param) : undefined;
  }

  protected readValue(ev: EventDP): string {
    if (this.field === undefined) throw new CGRError(`invalid format for field <${this.fieldName}>`);
    const v = this.field(ev);
    if (v === MISSING) throw notFoundError(this.fieldName);
    return ifaceAsString(v);
  }

  protected override appendJSONBeforeCount(out: Record<string, unknown>): void {
    out[StateField.FIELD_NAME] = this.fieldName;
  }

  protected override validateExtraState(reader: StateReader): void {
    reader.string(StateField.FIELD_NAME);
  }
}

/** Creates `*distinct#<field>`. */
export function createDistinctMetric(
  metricID: string,
  param: string | undefined,
  opts: MetricOptions,
): StatMetric {
  return new DistinctMetric(metricID, param ?? '', opts);
}

/** Registry entry for `*distinct`. */
export const DISTINCT_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.DISTINCT,
  create: createDistinctMetric,
});
