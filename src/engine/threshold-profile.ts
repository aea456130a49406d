import { mandatoryMissing } from '../errors';
import { CGRError } from '../util/cgr-error';
import { ifaceAsDuration } from '../util/go-duration';
import { activationIntervalToJSON, parseActivationInterval } from './activation-interval';
import type { ActivationInterval, ActivationIntervalJSON } from './activation-interval';
import { META_NONE } from './constants';
import { boolField, intField, numField, stringListField } from './arg-fields';

/** `ThresholdProfile` on the wire (engine/thresholds.go field order; MinSleep in integer nanoseconds). */
export interface ThresholdProfileJSON {
  readonly Tenant: string;
  readonly ID: string;
  readonly FilterIDs: readonly string[] | null;
  readonly ActivationInterval: ActivationIntervalJSON | null;
  readonly MaxHits: number;
  readonly MinHits: number;
  readonly MinSleep: number;
  readonly Blocker: boolean;
  readonly Weight: number;
  readonly ActionIDs: readonly string[] | null;
  readonly Async: boolean;
  readonly EeIDs: readonly string[] | null;
}

/** `MaxHits: -1`: the threshold never disables itself. */
export const UNLIMITED_HITS = -1;

const NS_PER_MS = 1e6;

/**
 * A validated ThresholdProfile plus what the hot path needs precomputed (parsed activation
 * interval, MinSleep in ms). Immutable: a Set replaces the whole object.
 */
export class ThresholdProfile {
  readonly tenant: string;
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: ActivationInterval | null;
  readonly maxHits: number;
  readonly minHits: number;
  readonly minSleepNs: number;
  /** MinSleep as the clock counts it. */
  readonly minSleepMs: number;
  readonly blocker: boolean;
  readonly weight: number;
  readonly actionIDs: readonly string[];
  readonly async: boolean;
  /** EeIDs name exporters for a ThresholdHit export, which this engine does not have (see docs/thresholds.md). */
  readonly exportRequested: boolean;

  readonly json: ThresholdProfileJSON;

  constructor(json: ThresholdProfileJSON, activation: ActivationInterval | null) {
    this.json = json;
    this.tenant = json.Tenant;
    this.id = json.ID;
    this.filterIDs = json.FilterIDs ?? [];
    this.activation = activation;
    this.maxHits = json.MaxHits;
    this.minHits = json.MinHits;
    this.minSleepNs = json.MinSleep;
    this.minSleepMs = json.MinSleep / NS_PER_MS;
    this.blocker = json.Blocker;
    this.weight = json.Weight;
    this.actionIDs = json.ActionIDs ?? [];
    this.async = json.Async;
    const ee = json.EeIDs ?? [];
    this.exportRequested = ee.length > 0 && !(ee.length === 1 && ee[0] === META_NONE);
  }
}

/**
 * Builds a ThresholdProfile from a SetThresholdProfile argument (already shape-checked by the RPC
 * layer, or a stored/CSV object): fills the default tenant, accepts MinSleep as integer ns or a Go
 * duration string (deviation 6), and normalises absent members to Go's zero values (so an omitted
 * MaxHits is 0, which CGRateS reads as "never processed").
 */
export function thresholdProfileFromArgs(
  arg: Readonly<Record<string, unknown>>,
  defaultTenant: string,
  timezone: string,
  nowMs: number,
): ThresholdProfile {
  const id = arg['ID'];
  if (id === undefined || id === null || id === '') throw mandatoryMissing(['ID']);
  if (typeof id !== 'string') throw new CGRError('ID must be a string');
  const tenant = typeof arg['Tenant'] === 'string' && arg['Tenant'] !== '' ? arg['Tenant'] : defaultTenant;
  const minSleep = arg['MinSleep'];
  const activation = parseActivationInterval(arg['ActivationInterval'], timezone, nowMs);
  const json: ThresholdProfileJSON = {
    Tenant: tenant,
    ID: id,
    FilterIDs: stringListField(arg['FilterIDs'], 'FilterIDs'),
    ActivationInterval: activationIntervalToJSON(activation),
    MaxHits: intField(arg['MaxHits'], 'MaxHits'),
    MinHits: intField(arg['MinHits'], 'MinHits'),
    MinSleep: minSleep === undefined || minSleep === null ? 0 : ifaceAsDuration(minSleep),
    Blocker: boolField(arg['Blocker'], 'Blocker'),
    Weight: numField(arg['Weight'], 'Weight'),
    ActionIDs: stringListField(arg['ActionIDs'], 'ActionIDs'),
    Async: boolField(arg['Async'], 'Async'),
    EeIDs: stringListField(arg['EeIDs'], 'EeIDs'),
  };
  return new ThresholdProfile(json, activation);
}

/** CGRateS `dm.SetThresholdProfile`: a change of any of these resets the threshold's Hits and Snooze. */
export function profileChangeResetsThreshold(prev: ThresholdProfile, next: ThresholdProfile): boolean {
  return (
    prev.maxHits !== next.maxHits || prev.minHits !== next.minHits || prev.minSleepNs !== next.minSleepNs
  );
}
