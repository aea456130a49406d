import type { EventDP, MetricOptions } from '../src/engine/types';
import { MetricBase } from './metric-base';
import { StateField } from './metric-wire';
import { putJsonKey } from './put-json-key';
import { StateReader } from './state-reader';

/** How a compress-factor metric turns Sum and Count into its value. */
export const Aggregate = {
  /** Sum / Count (`*acd *pdd *acc *average`). */
  AVERAGE: 'average',
  /** Sum itself (`*tcd *tcc *sum`). */
  TOTAL: 'total',
} as const;
export type Aggregate = (typeof Aggregate)[keyof typeof Aggregate];

/** JSON names of the two numbers a compress-factor metric stores. */
export interface CompressFieldNames {
  /** The running total: `"Sum"`, or `"Answered"` for `*asr`. */
  readonly sum: string;
  /** The per-event value inside Events: `"Stat"`, or `"Duration"` for the duration metrics. */
  readonly stat: string;
}

/**
 * The CGRateS compress-factor bookkeeping shared by `*asr *acd *tcd *acc *tcc *pdd *sum *average`
 * (engine/statmetrics.go `StatWithCompress` / `DurationWithCompress`): a running Sum and Count plus,
 * per event ID, the value it contributed and how many raw events (CompressFactor) were folded into it.
 *
 * Per-event memory is one Map entry (ID → stat); the compress factor lives in a second Map only for
 * the rare IDs seen more than once, instead of one object per event per metric.
 *
 * Durations are integer ns in JS numbers: a Sum above 2^53 ns (about 104 days of total usage in one
 * queue) loses precision where CGRateS' int64 would not (listed in docs/compatibility.md).
 */
export abstract class CompressFactorMetric extends MetricBase {
  protected sum = 0;
  protected count = 0;
  private readonly stats = new Map<string, number>();
  /** Only IDs whose compress factor is above 1; absent means 1. */
  private readonly factors = new Map<string, number>();
  private readonly names: CompressFieldNames;

  constructor(metricID: string, opts: MetricOptions, names: CompressFieldNames) {
    super(metricID, opts);
    this.names = names;
  }

  /** Reads and converts the metric's input; throws CGRError before anything changes. */
  protected abstract readInput(ev: EventDP): number;

  /** The stored per-ID value after folding `x` into an entry of compress factor `cf`. */
  protected foldStat(stat: number, cf: number, x: number): number {
    return (stat * cf + x) / (cf + 1);
  }

  /** How much one removal of an ID whose stored value is `stat` takes off the Sum. */
  protected removedContribution(stat: number): number {
    return stat;
  }

  /** The stored per-ID value once one of its `cf` events is gone (CGRateS keeps it as is). */
  protected statAfterRemoval(stat: number, _cf: number, _removed: number): number {
    return stat;
  }

  /** Fields CGRateS serialises after MinItems (`Fields`, `FieldName`). */
  protected appendJSON(_out: Record<string, unknown>): void {}

  /** Validates the fields appendJSON() writes; the parameter itself comes from the MetricID. */
  protected validateExtraState(_reader: StateReader): void {}

  /** Reads a stored number of this metric's kind (durations override it: integer ns). */
  protected readStoredNumber(reader: StateReader, v: unknown, path: string): number {
    return reader.numberAt(v, path);
  }

  protected isNotAvailable(): boolean {
    return this.count === 0 || this.count < this.minItemsValue;
  }

  addEvent(eventID: string, ev: EventDP): void {
    const x = this.readInput(ev);
    const prev = this.stats.get(eventID);
    if (prev === undefined) {
      this.stats.set(eventID, x);
    } else {
      const cf = this.factors.get(eventID) ?? 1;
      this.stats.set(eventID, this.foldStat(prev, cf, x));
      this.factors.set(eventID, cf + 1);
    }
    this.sum += x;
    this.count++;
    this.invalidate();
  }

  addOneEvent(ev: EventDP): void {
    const x = this.readInput(ev);
    this.sum += x;
    this.count++;
    this.invalidate();
  }

  remEvent(eventID: string): void {
    const stat = this.stats.get(eventID);
    if (stat === undefined) return;
    const cf = this.factors.get(eventID) ?? 1;
    const removed = this.removedContribution(stat);
    this.sum -= removed;
    this.count--;
    if (cf <= 1) {
      this.stats.delete(eventID);
    } else {
      this.stats.set(eventID, this.statAfterRemoval(stat, cf, removed));
      if (cf === 2) this.factors.delete(eventID);
      else this.factors.set(eventID, cf - 1);
    }
    this.invalidate();
  }

  toJSON(): Record<string, unknown> {
    const events: Record<string, unknown> = {};
    for (const [id, stat] of this.stats) {
      putJsonKey(events, id, {
        [this.names.stat]: stat,
        [StateField.COMPRESS_FACTOR]: this.factors.get(id) ?? 1,
      });
    }
    const out: Record<string, unknown> = {
      [StateField.FILTER_IDS]: this.filterIDsJSON(),
      [this.names.sum]: this.sum,
      [StateField.COUNT]: this.count,
      [StateField.EVENTS]: events,
      [StateField.MIN_ITEMS]: this.minItemsValue,
    };
    this.appendJSON(out);
    return out;
  }

  loadJSON(state: Readonly<Record<string, unknown>>): void {
    const reader = new StateReader(this.metricID, state);
    const common = this.readCommon(reader);
    const sum = this.readStoredNumber(reader, state[this.names.sum], this.names.sum);
    const count = reader.integer(StateField.COUNT, 0);
    const events = reader.object(StateField.EVENTS);
    const ids: string[] = [];
    const stats: number[] = [];
    const factors: number[] = [];
    for (const [id, raw] of Object.entries(events)) {
      const path = `${StateField.EVENTS}.${id}`;
      const entry = reader.objectAt(raw, path);
      ids.push(id);
      stats.push(this.readStoredNumber(reader, entry[this.names.stat], `${path}.${this.names.stat}`));
      factors.push(
        reader.integerAt(entry[StateField.COMPRESS_FACTOR], `${path}.${StateField.COMPRESS_FACTOR}`, 1),
      );
    }
    this.validateExtraState(reader);

    this.sum = sum;
    this.count = count;
    this.stats.clear();
    this.factors.clear();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      this.stats.set(id, stats[i] as number);
      const cf = factors[i] as number;
      if (cf > 1) this.factors.set(id, cf);
    }
    this.applyCommon(common);
  }
}
