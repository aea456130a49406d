/** Shared fixtures for the metric unit tests (not a test file itself). */
import type { EventDP, MetricOptions, StatMetric } from '../../../src/engine/types';
import { createMetric } from '../../../metrics/index';

/** general.rounding_decimals default. */
export const DECIMALS = 5;

export function opts(minItems = 0, filterIDs: readonly string[] = [], timezone = 'UTC'): MetricOptions {
  return { minItems, filterIDs, timezone };
}

/** An EventDP as the service builds it: `{"*req": Event, "*opts": {}}`. */
export function req(event: Record<string, unknown>): EventDP {
  return { '*req': event, '*opts': {} };
}

export function metric(metricID: string, minItems = 0, filterIDs: readonly string[] = []): StatMetric {
  return createMetric(metricID, opts(minItems, filterIDs));
}

/** Adds `[id, event]` pairs in order. */
export function addAll(
  m: StatMetric,
  events: readonly (readonly [string, Record<string, unknown>])[],
): StatMetric {
  for (const [id, ev] of events) m.addEvent(id, req(ev));
  return m;
}

/** What a caller can observe of a metric (JSON compared as decoded JSON, like the wire). */
export function observe(m: StatMetric): { str: string; float: number; value: number; json: unknown } {
  return {
    str: m.getStringValue(DECIMALS),
    float: m.getFloat64Value(DECIMALS),
    value: m.getValue(DECIMALS),
    json: JSON.parse(JSON.stringify(m.toJSON())) as unknown,
  };
}

/** Stores and restores a metric the way the Redis store does: toJSON → JSON text → a fresh metric. */
export function roundTrip(m: StatMetric): StatMetric {
  const copy = createMetric(m.metricID, opts());
  copy.loadJSON(JSON.parse(JSON.stringify(m.toJSON())) as Record<string, unknown>);
  return copy;
}

/** The thrown error's message (fails the test when nothing is thrown). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected an error');
}
