import type { EventDP, MetricOptions, StatMetric } from '../src/engine/types';
import { NOT_AVAILABLE, STATS_NA } from '../src/engine/types';
import { StateField } from './metric-wire';
import type { StateReader } from './state-reader';

/** The stored fields common to every metric. */
export interface CommonState {
  readonly minItems: number;
  readonly filterIDs: readonly string[];
}

/**
 * What every metric shares: identity, MinItems/FilterIDs (part of the stored state), the value cache
 * and the three accessors. Subclasses supply the N/A rule, the value and its string form.
 */
export abstract class MetricBase implements StatMetric {
  readonly metricID: string;
  abstract readonly isDuration: boolean;
  protected minItemsValue: number;
  protected filterIDsValue: readonly string[];
  // NaN never equals a requested precision, so NaN means "no cached value".
  private cachedDecimals = Number.NaN;
  private cachedValue = STATS_NA;

  constructor(metricID: string, opts: MetricOptions) {
    this.metricID = metricID;
    this.minItemsValue = opts.minItems;
    this.filterIDsValue = Object.freeze([...opts.filterIDs]);
  }

  get minItems(): number {
    return this.minItemsValue;
  }

  get filterIDs(): readonly string[] {
    return this.filterIDsValue;
  }

  abstract addEvent(eventID: string, ev: EventDP, slot?: number): void;
  abstract addOneEvent(ev: EventDP): void;
  abstract remEvent(eventID: string, slot?: number): void;
  abstract toJSON(): Record<string, unknown>;
  abstract loadJSON(state: Readonly<Record<string, unknown>>): void;

  /** True when the value is N/A (-1) because of Count and MinItems. */
  protected abstract isNotAvailable(): boolean;
  /** The rounded value; only called when isNotAvailable() is false. */
  protected abstract computeValue(decimals: number): number;
  /** The string form of a value that is not the N/A sentinel. */
  protected abstract formatValue(value: number): string;

  /** Drops the cached value; every state change calls it. */
  protected invalidate(): void {
    this.cachedDecimals = Number.NaN;
  }

  getValue(decimals: number): number {
    // CGRateS caches whatever precision the first read after a change asked for; keying the cache
    // by precision gives the same answers whenever the precision is fixed (it is: one config value).
    if (decimals !== this.cachedDecimals) {
      this.cachedValue = this.isNotAvailable() ? STATS_NA : this.computeValue(decimals);
      this.cachedDecimals = decimals;
    }
    return this.cachedValue;
  }

  getFloat64Value(decimals: number): number {
    return this.getValue(decimals);
  }

  getStringValue(decimals: number): string {
    const value = this.getValue(decimals);
    // Go tests the value, not the state: a genuine -1 (a *sum of negatives) prints as N/A too.
    return value === STATS_NA ? NOT_AVAILABLE : this.formatValue(value);
  }

  /** Reads the fields every metric stores; MinItems and FilterIDs come back from the store. */
  protected readCommon(reader: StateReader): CommonState {
    return {
      minItems: reader.integer(StateField.MIN_ITEMS, Number.MIN_SAFE_INTEGER),
      filterIDs: Object.freeze(reader.stringList(StateField.FILTER_IDS)),
    };
  }

  /** Applies what readCommon() validated; called last so a rejected state changes nothing. */
  protected applyCommon(common: CommonState): void {
    this.minItemsValue = common.minItems;
    this.filterIDsValue = common.filterIDs;
    this.invalidate();
  }

  /** FilterIDs as stored: a fresh array so callers cannot mutate the metric's copy. */
  protected filterIDsJSON(): string[] {
    return [...this.filterIDsValue];
  }
}
