import type { EventDP, MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { ifaceAsString } from '../src/util/convert';
import type { FieldGetter } from '../src/util/field-path';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { DistinctValuesMetric } from './distinct-values-metric';
import { MetricWire, notFoundError } from './metric-wire';

/**
 * `*ddc`, Distinct Destination Count (mirrors engine/statmetrics.go StatDDC): `~*req.Destination`
 * as a string (numbers in their decimal form); missing → `NOT_FOUND:Destination`.
 */
export class DdcMetric extends DistinctValuesMetric {
  private readonly destination: FieldGetter;

  constructor(metricID: string, opts: MetricOptions) {
    super(metricID, opts);
    this.destination = compileFieldGetter(MetricWire.DESTINATION_PATH);
  }

  protected readValue(ev: EventDP): string {
    const v = this.destination(ev);
    if (v === MISSING) throw notFoundError(MetricWire.DESTINATION);
    return ifaceAsString(v);
  }
}

/** Creates `*ddc`; any parameter after `#` is ignored, as in CGRateS. */
export function createDdcMetric(metricID: string, opts: MetricOptions): StatMetric {
  return new DdcMetric(metricID, opts);
}

/** Registry entry for `*ddc`. */
export const DDC_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.DDC,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createDdcMetric(metricID, opts),
});
