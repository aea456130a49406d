/**
 * The metric registry: every built-in StatS metric type, registered explicitly (no filesystem
 * scanning) and frozen at module load. `createMetric('*sum#~*req.Usage', opts)` is the only way the
 * engine builds metrics.
 */
import type { MetricDescriptor, MetricOptions, MetricType, StatMetric } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { ACC_DESCRIPTOR } from './acc';
import { ACD_DESCRIPTOR } from './acd';
import { ASR_DESCRIPTOR } from './asr';
import { AVERAGE_DESCRIPTOR } from './average';
import { DDC_DESCRIPTOR } from './ddc';
import { DISTINCT_DESCRIPTOR } from './distinct';
import { HIGHEST_DESCRIPTOR } from './highest';
import { LOWEST_DESCRIPTOR } from './lowest';
import { MetricWire } from './metric-wire';
import { PDD_DESCRIPTOR } from './pdd';
import { REPFC_DESCRIPTOR } from './repfc';
import { REPSC_DESCRIPTOR } from './repsc';
import { SUM_DESCRIPTOR } from './sum';
import { TCC_DESCRIPTOR } from './tcc';
import { TCD_DESCRIPTOR } from './tcd';

/** Every built-in metric type, in the order CGRateS documents them. */
export const METRIC_DESCRIPTORS: readonly MetricDescriptor[] = Object.freeze([
  ASR_DESCRIPTOR,
  ACD_DESCRIPTOR,
  TCD_DESCRIPTOR,
  ACC_DESCRIPTOR,
  TCC_DESCRIPTOR,
  PDD_DESCRIPTOR,
  DDC_DESCRIPTOR,
  SUM_DESCRIPTOR,
  AVERAGE_DESCRIPTOR,
  DISTINCT_DESCRIPTOR,
  HIGHEST_DESCRIPTOR,
  LOWEST_DESCRIPTOR,
  REPSC_DESCRIPTOR,
  REPFC_DESCRIPTOR,
]);

const REGISTRY: ReadonlyMap<string, MetricDescriptor> = new Map(METRIC_DESCRIPTORS.map((d) => [d.type, d]));

/** The metric type of a MetricID: the part before the first `#` (`*sum#~*req.Usage` → `*sum`). */
export function metricTypeOf(metricID: string): string {
  const sep = metricID.indexOf(MetricWire.ID_SEP);
  return sep === -1 ? metricID : metricID.slice(0, sep);
}

/** Whether `type` is a registered metric type token (lower-case, as CGRateS spells it). */
export function isKnownMetricType(type: string): type is MetricType {
  return REGISTRY.has(type);
}

/**
 * Builds the metric for a MetricID (mirrors engine/statmetrics.go NewStatMetric): the ID is split
 * on `#`; part 0 is the type, part 1 the parameter, further parts are ignored. Unknown types throw
 * CGRError `unsupported metric type <X>` (`<>` for an empty ID); a bad parameter throws the
 * metric's own CGRError. Field paths are compiled here, once.
 */
export function createMetric(metricID: string, opts: MetricOptions): StatMetric {
  const parts = metricID.split(MetricWire.ID_SEP);
  const type = parts[0] ?? '';
  const descriptor = REGISTRY.get(type);
  if (descriptor === undefined) throw new CGRError(`unsupported metric type <${type}>`);
  return descriptor.create(metricID, parts[1], opts);
}
