import type { EventDP, MetricOptions } from '../src/engine/types';
import { EventSlots } from '../src/util/event-slots';
import { MetricBase } from './metric-base';
import { StateField } from './metric-wire';
import { putJsonKey } from './put-json-key';
import { StateReader } from './state-reader';

/** CompressFactors live in a Uint32Array; no queue holds 2^32 items with one ID. */
const MAX_COMPRESS_FACTOR = 0xffff_ffff;

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
 * Per-event state lives in two cells of the event's slot row in the queue's shared EventSlots
 * (DESIGN §6 target 4): 12 bytes per ID per metric, next to the other metrics' cells of the same
 * event, instead of a Map entry and a boxed number per ID per metric. CompressFactor 0 means "no
 * entry". The metric holds one reference on
 * every slot it has an entry for, so an entry never outlives its slot whatever the caller does
 * (standalone metrics, stored states whose Events and SQItems disagree).
 *
 * Durations are integer ns in JS numbers: a Sum above 2^53 ns (about 104 days of total usage in one
 * queue) loses precision where CGRateS' int64 would not (listed in docs/compatibility.md).
 */
export abstract class CompressFactorMetric extends MetricBase {
  protected sum = 0;
  protected count = 0;
  private readonly slots: EventSlots;
  /** This metric's cells in the slot rows: the per-ID value and its compress factor. */
  private readonly statCol: number;
  private readonly factorCol: number;
  private readonly names: CompressFieldNames;

  constructor(metricID: string, opts: MetricOptions, names: CompressFieldNames) {
    super(metricID, opts);
    // a detached metric (unit tests, validation in setProfile) gets its own index, allocated lazily
    this.slots = opts.slots ?? new EventSlots();
    this.statCol = this.slots.rows.addF64Column();
    this.factorCol = this.slots.rows.addU32Column();
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

  addEvent(eventID: string, ev: EventDP, slot = this.slots.slotOf(eventID)): void {
    const x = this.readInput(ev);
    const slots = this.slots;
    let cf = slot < 0 ? 0 : this.factorOf(slot);
    if (cf === 0) {
      if (slot < 0) slot = slots.acquire(eventID);
      else slots.retainSlot(slot);
      this.setStat(slot, x);
    } else {
      this.setStat(slot, this.foldStat(this.statOf(slot), cf, x));
    }
    cf++;
    this.setFactor(slot, cf);
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

  remEvent(eventID: string, slot = this.slots.slotOf(eventID)): void {
    if (slot < 0) return;
    const cf = this.factorOf(slot);
    if (cf === 0) return;
    const stat = this.statOf(slot);
    const removed = this.removedContribution(stat);
    this.sum -= removed;
    this.count--;
    this.setFactor(slot, cf - 1);
    if (cf === 1) this.slots.releaseSlot(slot);
    else this.setStat(slot, this.statAfterRemoval(stat, cf, removed));
    this.invalidate();
  }

  /** Gives back the slot references of every entry and the metric's cells (the queue is dropping it). */
  dispose(): void {
    this.clearEntries();
    this.slots.rows.removeF64Column(this.statCol);
    this.slots.rows.removeU32Column(this.factorCol);
    this.sum = 0;
    this.count = 0;
    this.invalidate();
  }

  toJSON(): Record<string, unknown> {
    const events: Record<string, unknown> = {};
    this.slots.forEach((id, slot) => {
      const cf = this.factorOf(slot);
      if (cf === 0) return;
      putJsonKey(events, id, {
        [this.names.stat]: this.statOf(slot),
        [StateField.COMPRESS_FACTOR]: cf,
      });
    });
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

  /**
   * toJSON() as text, without one object per event ID: a flush writes every dirty queue, and the
   * per-event objects were most of its time and garbage.
   */
  toJSONText(quotedIDs: readonly (string | undefined)[] = this.slots.quotedIDs()): string {
    const statKey = `{${JSON.stringify(this.names.stat)}:`;
    const cfKey = `,"${StateField.COMPRESS_FACTOR}":`;
    let events = '';
    for (let slot = 0; slot < quotedIDs.length; slot++) {
      const id = quotedIDs[slot];
      if (id === undefined) continue;
      const cf = this.factorOf(slot);
      if (cf === 0) continue;
      events += `${events === '' ? '' : ','}${id}:${statKey}${jsonNumber(this.statOf(slot))}${cfKey}${cf}}`;
    }
    const head = JSON.stringify({
      [StateField.FILTER_IDS]: this.filterIDsJSON(),
      [this.names.sum]: this.sum,
      [StateField.COUNT]: this.count,
    });
    const tail: Record<string, unknown> = { [StateField.MIN_ITEMS]: this.minItemsValue };
    this.appendJSON(tail);
    return `${head.slice(0, -1)},"${StateField.EVENTS}":{${events}},${JSON.stringify(tail).slice(1)}`;
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
        reader.integerInRangeAt(
          entry[StateField.COMPRESS_FACTOR],
          `${path}.${StateField.COMPRESS_FACTOR}`,
          1,
          MAX_COMPRESS_FACTOR,
        ),
      );
    }
    this.validateExtraState(reader);

    // new references first, so slots shared by the old and the new state stay bound throughout
    const slotsOf = ids.map((id) => this.slots.acquire(id));
    this.clearEntries();
    for (let i = 0; i < ids.length; i++) {
      const slot = slotsOf[i] as number;
      this.setStat(slot, stats[i] as number);
      this.setFactor(slot, factors[i] as number);
    }
    this.sum = sum;
    this.count = count;
    this.applyCommon(common);
  }

  private clearEntries(): void {
    this.slots.forEach((id, slot) => {
      if (this.factorOf(slot) === 0) return;
      this.setFactor(slot, 0);
      this.slots.releaseSlot(slot);
    });
  }

  private statOf(slot: number): number {
    const rows = this.slots.rows;
    return rows.f64[rows.f64At(slot, this.statCol)] as number;
  }

  private setStat(slot: number, value: number): void {
    const rows = this.slots.rows;
    rows.f64[rows.f64At(slot, this.statCol)] = value;
  }

  private factorOf(slot: number): number {
    const rows = this.slots.rows;
    return rows.u32[rows.u32At(slot, this.factorCol)] as number;
  }

  private setFactor(slot: number, value: number): void {
    const rows = this.slots.rows;
    rows.u32[rows.u32At(slot, this.factorCol)] = value;
  }
}

/** A number as JSON.stringify writes it (non-finite values become null). */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}
