import type { EventDP, MetricOptions } from '../src/engine/types';
import { formatFloatF } from '../src/util/go-float';
import { MetricBase } from './metric-base';
import { StateField } from './metric-wire';
import { putJsonKey } from './put-json-key';
import { StateReader } from './state-reader';

/**
 * The distinct-value counters `*ddc` and `*distinct` (mirrors engine/statmetrics.go StatDDC /
 * StatDistinct): value = number of distinct field values among the remembered events; Count = every
 * add (duplicates included), and N/A while Count is 0 or below MinItems.
 *
 * CGRateS keeps `FieldValues{value: set(IDs)}` and `Events{ID: {value: times}}`. We keep one Map
 * entry per ID (its value as a plain string in the usual single-value case) and a reference count
 * per value; the FieldValues sets are rebuilt from Events when serialising.
 */
export abstract class DistinctValuesMetric extends MetricBase {
  readonly isDuration = false;
  protected count = 0;
  /** ID → its value when seen once, else value → times. Never holds an empty map. */
  private readonly events = new Map<string, string | Map<string, number>>();
  /** Value → number of IDs holding it; 0 for values only one-event mode has seen. */
  private readonly valueRefs = new Map<string, number>();

  constructor(metricID: string, opts: MetricOptions) {
    super(metricID, opts);
  }

  /** Reads the event's value as a string; throws CGRError when it cannot. */
  protected abstract readValue(ev: EventDP): string;

  /** Fields CGRateS serialises between MinItems and Count (`FieldName` for `*distinct`). */
  protected appendJSONBeforeCount(_out: Record<string, unknown>): void {}

  /** Validates what appendJSONBeforeCount() writes. */
  protected validateExtraState(_reader: StateReader): void {}

  private ref(value: string): void {
    this.valueRefs.set(value, (this.valueRefs.get(value) ?? 0) + 1);
  }

  private unref(value: string): void {
    const refs = (this.valueRefs.get(value) ?? 0) - 1;
    if (refs <= 0) this.valueRefs.delete(value);
    else this.valueRefs.set(value, refs);
  }

  addEvent(eventID: string, ev: EventDP): void {
    const value = this.readValue(ev);
    const entry = this.events.get(eventID);
    if (entry === undefined) {
      this.events.set(eventID, value);
      this.ref(value);
    } else if (typeof entry === 'string') {
      const times = new Map<string, number>([[entry, 1]]);
      if (entry === value) {
        times.set(value, 2);
      } else {
        times.set(value, 1);
        this.ref(value);
      }
      this.events.set(eventID, times);
    } else {
      const n = entry.get(value);
      if (n === undefined) {
        entry.set(value, 1);
        this.ref(value);
      } else {
        entry.set(value, n + 1);
      }
    }
    this.count++;
    this.invalidate();
  }

  addOneEvent(ev: EventDP): void {
    const value = this.readValue(ev);
    if (!this.valueRefs.has(value)) this.valueRefs.set(value, 0);
    this.count++;
    this.invalidate();
  }

  remEvent(eventID: string): void {
    const entry = this.events.get(eventID);
    if (entry === undefined) return;
    this.count--;
    this.invalidate();
    if (typeof entry === 'string') {
      this.events.delete(eventID);
      this.unref(entry);
      return;
    }
    // CGRateS removes one arbitrary value of the ID (Go map order). We remove the smallest, so the
    // choice survives a JSON round trip, which cannot keep the insertion order of keys like "1002".
    let pick = '';
    let first = true;
    for (const k of entry.keys()) {
      if (first || k < pick) pick = k;
      first = false;
    }
    const n = entry.get(pick) ?? 1;
    if (n > 1) {
      entry.set(pick, n - 1);
    } else {
      entry.delete(pick);
      this.unref(pick);
    }
    // CGRateS leaves an emptied `{}` entry behind for every removed ID; we drop it (no leak).
    if (entry.size === 0) {
      this.events.delete(eventID);
    } else if (entry.size === 1) {
      for (const [k, times] of entry) if (times === 1) this.events.set(eventID, k);
    }
  }

  protected isNotAvailable(): boolean {
    return this.count === 0 || this.count < this.minItemsValue;
  }

  protected computeValue(_decimals: number): number {
    return this.valueRefs.size;
  }

  protected formatValue(value: number): string {
    return formatFloatF(value);
  }

  toJSON(): Record<string, unknown> {
    const idsByValue = new Map<string, Record<string, unknown>>();
    for (const value of this.valueRefs.keys()) idsByValue.set(value, {});
    const events: Record<string, unknown> = {};
    for (const [id, entry] of this.events) {
      const times: Record<string, unknown> = {};
      if (typeof entry === 'string') {
        putJsonKey(times, entry, 1);
        this.addID(idsByValue, entry, id);
      } else {
        for (const [value, n] of entry) {
          putJsonKey(times, value, n);
          this.addID(idsByValue, value, id);
        }
      }
      putJsonKey(events, id, times);
    }
    const fieldValues: Record<string, unknown> = {};
    for (const [value, ids] of idsByValue) putJsonKey(fieldValues, value, ids);
    const out: Record<string, unknown> = {
      [StateField.FILTER_IDS]: this.filterIDsJSON(),
      [StateField.FIELD_VALUES]: fieldValues,
      [StateField.EVENTS]: events,
      [StateField.MIN_ITEMS]: this.minItemsValue,
    };
    this.appendJSONBeforeCount(out);
    out[StateField.COUNT] = this.count;
    return out;
  }

  private addID(idsByValue: Map<string, Record<string, unknown>>, value: string, id: string): void {
    let ids = idsByValue.get(value);
    if (ids === undefined) {
      ids = {};
      idsByValue.set(value, ids);
    }
    putJsonKey(ids, id, {});
  }

  loadJSON(state: Readonly<Record<string, unknown>>): void {
    const reader = new StateReader(this.metricID, state);
    const common = this.readCommon(reader);
    const fieldValues = reader.object(StateField.FIELD_VALUES);
    for (const [value, ids] of Object.entries(fieldValues))
      reader.objectAt(ids, `${StateField.FIELD_VALUES}.${value}`);
    const loaded: [string, [string, number][]][] = [];
    for (const [id, raw] of Object.entries(reader.object(StateField.EVENTS))) {
      const path = `${StateField.EVENTS}.${id}`;
      const times = Object.entries(reader.objectAt(raw, path)).map(([value, n]): [string, number] => [
        value,
        reader.integerAt(n, `${path}.${value}`, 1),
      ]);
      loaded.push([id, times]);
    }
    const count = reader.integer(StateField.COUNT, 0);
    this.validateExtraState(reader);

    this.events.clear();
    this.valueRefs.clear();
    // Values only one-event mode has seen appear in FieldValues with no event referencing them.
    for (const value of Object.keys(fieldValues)) this.valueRefs.set(value, 0);
    for (const [id, times] of loaded) {
      // An emptied `{}` entry (CGRateS leaves them behind) has nothing left to remove.
      if (times.length === 0) continue;
      const [only] = times;
      if (times.length === 1 && only !== undefined && only[1] === 1) {
        this.events.set(id, only[0]);
      } else {
        this.events.set(id, new Map(times));
      }
      for (const [value] of times) this.ref(value);
    }
    this.count = count;
    this.applyCommon(common);
  }
}
