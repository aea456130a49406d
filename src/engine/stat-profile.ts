import { mandatoryMissing } from '../errors';
import { CGRError } from '../util/cgr-error';
import { ifaceAsDuration } from '../util/go-duration';
import { activationIntervalToJSON, parseActivationInterval } from './activation-interval';
import type { ActivationInterval, ActivationIntervalJSON } from './activation-interval';
import { META_NONE } from './constants';
import { boolField, intField, numField, stringListField } from './arg-fields';

/** `MetricWithFilters` on the wire. */
export interface MetricWithFiltersJSON {
  readonly MetricID: string;
  readonly FilterIDs: readonly string[] | null;
}

/** `StatQueueProfile` on the wire (Go field names and order; TTL in integer nanoseconds). */
export interface StatQueueProfileJSON {
  readonly Tenant: string;
  readonly ID: string;
  readonly FilterIDs: readonly string[] | null;
  readonly ActivationInterval: ActivationIntervalJSON | null;
  readonly QueueLength: number;
  readonly TTL: number;
  readonly MinItems: number;
  readonly Metrics: readonly MetricWithFiltersJSON[] | null;
  readonly Stored: boolean;
  readonly Blocker: boolean;
  readonly Weight: number;
  readonly ThresholdIDs: readonly string[] | null;
}

/**
 * A validated StatQueueProfile plus what the hot path needs precomputed (parsed activation
 * interval, one-event mode, the `*none` thresholds switch).
 */
export class StatProfile {
  readonly tenant: string;
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: ActivationInterval | null;
  readonly weight: number;
  readonly blocker: boolean;
  readonly queueLength: number;
  readonly ttlNs: number;
  readonly minItems: number;
  readonly stored: boolean;
  readonly metrics: readonly MetricWithFiltersJSON[];
  /** `TTL == -1 && QueueLength == -1`: aggregate without remembering events (spec §2.5). */
  readonly oneEventMode: boolean;
  /** ThresholdIDs is exactly `["*none"]`: no StatUpdate for this queue. */
  readonly thresholdsDisabled: boolean;
  /** Explicit ThresholdIDs for `*thdProfileIDs`, or null to let ThresholdS match by its own filters. */
  readonly thresholdIDs: readonly string[] | null;

  readonly json: StatQueueProfileJSON;

  constructor(json: StatQueueProfileJSON, activation: ActivationInterval | null) {
    this.json = json;
    this.tenant = json.Tenant;
    this.id = json.ID;
    this.filterIDs = json.FilterIDs ?? [];
    this.activation = activation;
    this.weight = json.Weight;
    this.blocker = json.Blocker;
    this.queueLength = json.QueueLength;
    this.ttlNs = json.TTL;
    this.minItems = json.MinItems;
    this.stored = json.Stored;
    this.metrics = json.Metrics ?? [];
    this.oneEventMode = json.TTL === -1 && json.QueueLength === -1;
    const thIDs = json.ThresholdIDs ?? [];
    this.thresholdsDisabled = thIDs.length === 1 && thIDs[0] === META_NONE;
    this.thresholdIDs = thIDs.length === 0 ? null : thIDs;
  }
}

/**
 * Builds a StatProfile from a SetStatQueueProfile argument (already shape-checked by the RPC
 * layer): fills the default tenant, accepts TTL as integer ns or a Go duration string
 * (deviation 6), and normalises absent members to Go's zero values.
 */
export function statProfileFromArgs(
  input: unknown,
  defaultTenant: string,
  timezone: string,
  nowMs: number,
): StatProfile {
  const arg: Readonly<Record<string, unknown>> =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  const id = arg['ID'];
  if (typeof id !== 'string' || id === '') throw mandatoryMissing(['ID']);
  const tenant = typeof arg['Tenant'] === 'string' && arg['Tenant'] !== '' ? arg['Tenant'] : defaultTenant;
  const ttl = arg['TTL'] === undefined || arg['TTL'] === null ? 0 : ifaceAsDuration(arg['TTL']);
  const rawMetrics = arg['Metrics'];
  let metrics: MetricWithFiltersJSON[] | null = null;
  if (rawMetrics !== undefined && rawMetrics !== null) {
    if (!Array.isArray(rawMetrics)) throw new CGRError('Metrics must be a list');
    metrics = rawMetrics.map((m: unknown) => {
      if (m === null || typeof m !== 'object') throw new CGRError('Metrics entries must be objects');
      const rec = m as Record<string, unknown>;
      const metricID = rec['MetricID'];
      if (typeof metricID !== 'string') throw new CGRError('MetricID must be a string');
      return { MetricID: metricID, FilterIDs: stringListField(rec['FilterIDs'], 'Metrics.FilterIDs') };
    });
  }
  const activation = parseActivationInterval(arg['ActivationInterval'], timezone, nowMs);
  const json: StatQueueProfileJSON = {
    Tenant: tenant,
    ID: id,
    FilterIDs: stringListField(arg['FilterIDs'], 'FilterIDs'),
    ActivationInterval: activationIntervalToJSON(activation),
    QueueLength: intField(arg['QueueLength'], 'QueueLength'),
    TTL: ttl,
    MinItems: intField(arg['MinItems'], 'MinItems'),
    Metrics: metrics,
    Stored: boolField(arg['Stored'], 'Stored'),
    Blocker: boolField(arg['Blocker'], 'Blocker'),
    Weight: numField(arg['Weight'], 'Weight'),
    ThresholdIDs: stringListField(arg['ThresholdIDs'], 'ThresholdIDs'),
  };
  return new StatProfile(json, activation);
}

/** CGRateS `SetStatQueueProfile` reset rule (spec §5.4): these changes reset the queue. */
export function profileChangeResetsQueue(prev: StatProfile, next: StatProfile): boolean {
  return (
    prev.queueLength !== next.queueLength ||
    prev.ttlNs !== next.ttlNs ||
    prev.minItems !== next.minItems ||
    (prev.stored && !next.stored)
  );
}
