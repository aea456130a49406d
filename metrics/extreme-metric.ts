import type { EventDP, MetricOptions } from '../src/engine/types';
import { formatFloatF, roundMiddle } from '../src/util/go-float';
import { compileFieldInput } from './field-input';
import type { FloatReader } from './float-stat-metric';
import { LazyMaxHeap } from './lazy-max-heap';
import { MetricBase } from './metric-base';
import { StateField } from './metric-wire';
import { putJsonKey } from './put-json-key';
import { StateReader } from './state-reader';

/** Which extreme a metric tracks: the JSON field name and the sign that turns it into a maximum. */
export interface ExtremeKind {
  /** `"Highest"` or `"Lowest"`. */
  readonly field: string;
  /** +1 for the maximum, -1 for the minimum (the heap holds sign × value). */
  readonly sign: 1 | -1;
}

/** `*highest`: the maximum, stored as `Highest`. */
export const EXTREME_HIGHEST: ExtremeKind = Object.freeze({ field: StateField.HIGHEST, sign: 1 });
/** `*lowest`: the minimum, stored as `Lowest`. */
export const EXTREME_LOWEST: ExtremeKind = Object.freeze({ field: StateField.LOWEST, sign: -1 });

/**
 * `*highest#<field>` and `*lowest#<field>` (mirrors engine/statmetrics.go StatHighest/StatLowest):
 * the largest (smallest) value among the remembered events, N/A while Count is 0 or below MinItems.
 * Count counts distinct IDs; a repeated ID overwrites its stored value, as in CGRateS.
 *
 * CGRateS rescans every event when the extreme is removed; we keep a lazy-deletion heap (O(log n)).
 * The extreme is always that of the values currently stored, so two CGRateS quirks are fixed
 * (DESIGN deviation 3): `*highest` no longer starts at 0 (negative values work, and an empty metric
 * is N/A), and overwriting an ID with a less extreme value no longer leaves a stale extreme.
 */
export class ExtremeMetric extends MetricBase {
  readonly isDuration = false;
  private readonly kind: ExtremeKind;
  private readonly fieldName: string;
  private readonly read: FloatReader;
  private readonly values = new Map<string, number>();
  private readonly heap = new LazyMaxHeap();
  /** Best signed value added in one-event mode (never removed); -Infinity when none. */
  private oneEventBest = Number.NEGATIVE_INFINITY;
  private oneEventSeen = false;
  private count = 0;

  constructor(metricID: string, param: string, opts: MetricOptions, kind: ExtremeKind) {
    super(metricID, opts);
    this.kind = kind;
    this.fieldName = param;
    this.read = compileFieldInput(param, opts.timezone);
  }

  addEvent(eventID: string, ev: EventDP): void {
    const x = this.read(ev);
    const prev = this.values.get(eventID);
    if (prev === undefined) this.count++;
    else this.heap.remove(this.kind.sign * prev);
    this.values.set(eventID, x);
    this.heap.push(this.kind.sign * x);
    this.invalidate();
  }

  addOneEvent(ev: EventDP): void {
    const signed = this.kind.sign * this.read(ev);
    if (!Number.isNaN(signed) && (!this.oneEventSeen || signed > this.oneEventBest)) {
      this.oneEventBest = signed;
      this.oneEventSeen = true;
    }
    this.count++;
    this.invalidate();
  }

  remEvent(eventID: string): void {
    const prev = this.values.get(eventID);
    if (prev === undefined) return;
    this.values.delete(eventID);
    this.count--;
    this.heap.remove(this.kind.sign * prev);
    this.invalidate();
  }

  /** The current extreme (unrounded), or undefined when no comparable value is stored. */
  private extreme(): number | undefined {
    const hasHeap = this.heap.size > 0;
    if (!hasHeap && !this.oneEventSeen) return undefined;
    let best = hasHeap ? this.heap.peek() : this.oneEventBest;
    if (this.oneEventSeen && this.oneEventBest > best) best = this.oneEventBest;
    return this.kind.sign * best;
  }

  protected isNotAvailable(): boolean {
    // Count > 0 with only NaN values has no extreme to show (Go would show its start value).
    return this.count === 0 || this.count < this.minItemsValue || this.extreme() === undefined;
  }

  protected computeValue(decimals: number): number {
    return roundMiddle(this.extreme() ?? 0, decimals);
  }

  protected formatValue(value: number): string {
    return formatFloatF(value);
  }

  toJSON(): Record<string, unknown> {
    const events: Record<string, unknown> = {};
    for (const [id, x] of this.values) putJsonKey(events, id, x);
    return {
      [StateField.FILTER_IDS]: this.filterIDsJSON(),
      [StateField.FIELD_NAME]: this.fieldName,
      [StateField.MIN_ITEMS]: this.minItemsValue,
      // With nothing stored, write the far end of the float range (CGRateS' own start for *lowest).
      [this.kind.field]: this.extreme() ?? -this.kind.sign * Number.MAX_VALUE,
      [StateField.COUNT]: this.count,
      [StateField.EVENTS]: events,
    };
  }

  loadJSON(state: Readonly<Record<string, unknown>>): void {
    const reader = new StateReader(this.metricID, state);
    const common = this.readCommon(reader);
    reader.string(StateField.FIELD_NAME);
    const stored = reader.optionalNumber(this.kind.field);
    const count = reader.integer(StateField.COUNT, 0);
    const loaded: [string, number][] = [];
    for (const [id, x] of Object.entries(reader.object(StateField.EVENTS))) {
      loaded.push([id, reader.numberAt(x, `${StateField.EVENTS}.${id}`)]);
    }

    this.values.clear();
    this.heap.clear();
    for (const [id, x] of loaded) {
      this.values.set(id, x);
      this.heap.push(this.kind.sign * x);
    }
    // Count above the stored IDs means one-event adds, whose extreme only the stored field keeps.
    this.oneEventSeen = count > loaded.length && stored !== null;
    this.oneEventBest =
      this.oneEventSeen && stored !== null ? this.kind.sign * stored : Number.NEGATIVE_INFINITY;
    this.count = count;
    this.applyCommon(common);
  }
}
