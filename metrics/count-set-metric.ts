import type { EventDP, MetricOptions } from '../src/engine/types';
import { ifaceAsString } from '../src/util/convert';
import type { FieldGetter } from '../src/util/field-path';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { formatFloatF } from '../src/util/go-float';
import { MetricBase } from './metric-base';
import { MetricWire, StateField, notFoundError } from './metric-wire';
import { putJsonKey } from './put-json-key';
import { StateReader } from './state-reader';

/**
 * The reply counters `*repsc` and `*repfc` (mirrors engine/statmetrics.go StatREPSC/StatREPFC): the
 * number of event IDs whose `~*req.ReplyState` (as a string; missing → `NOT_FOUND:ReplyState`)
 * matches. A repeated ID counts once and one removal forgets it. Count is the number of matches, so
 * MinItems is compared with matching events only; N/A while it is 0 or below MinItems.
 */
export abstract class CountSetMetric extends MetricBase {
  readonly isDuration = false;
  private readonly replyState: FieldGetter;
  private readonly events = new Set<string>();
  private count = 0;

  constructor(metricID: string, opts: MetricOptions) {
    super(metricID, opts);
    this.replyState = compileFieldGetter(MetricWire.REPLY_STATE_PATH);
  }

  /** Whether a ReplyState counts. */
  protected abstract matches(replyState: string): boolean;

  /** Fields CGRateS serialises between MinItems and Count (`ErrorType` for `*repfc`). */
  protected appendJSONBeforeCount(_out: Record<string, unknown>): void {}

  /** Validates what appendJSONBeforeCount() writes. */
  protected validateExtraState(_reader: StateReader): void {}

  private readMatch(ev: EventDP): boolean {
    const v = this.replyState(ev);
    if (v === MISSING) throw notFoundError(MetricWire.REPLY_STATE);
    return this.matches(ifaceAsString(v));
  }

  addEvent(eventID: string, ev: EventDP): void {
    if (!this.readMatch(ev) || this.events.has(eventID)) return;
    this.events.add(eventID);
    this.count++;
    this.invalidate();
  }

  addOneEvent(ev: EventDP): void {
    if (!this.readMatch(ev)) return;
    this.count++;
    this.invalidate();
  }

  remEvent(eventID: string): void {
    if (!this.events.delete(eventID)) return;
    this.count--;
    this.invalidate();
  }

  protected isNotAvailable(): boolean {
    return this.count === 0 || this.count < this.minItemsValue;
  }

  protected computeValue(_decimals: number): number {
    return this.count;
  }

  protected formatValue(value: number): string {
    return formatFloatF(value);
  }

  toJSON(): Record<string, unknown> {
    const events: Record<string, unknown> = {};
    for (const id of this.events) putJsonKey(events, id, {});
    const out: Record<string, unknown> = {
      [StateField.FILTER_IDS]: this.filterIDsJSON(),
      [StateField.MIN_ITEMS]: this.minItemsValue,
    };
    this.appendJSONBeforeCount(out);
    out[StateField.COUNT] = this.count;
    out[StateField.EVENTS] = events;
    return out;
  }

  loadJSON(state: Readonly<Record<string, unknown>>): void {
    const reader = new StateReader(this.metricID, state);
    const common = this.readCommon(reader);
    this.validateExtraState(reader);
    const count = reader.integer(StateField.COUNT, 0);
    const events = reader.object(StateField.EVENTS);
    for (const [id, v] of Object.entries(events)) reader.objectAt(v, `${StateField.EVENTS}.${id}`);

    this.events.clear();
    for (const id of Object.keys(events)) this.events.add(id);
    this.count = count;
    this.applyCommon(common);
  }
}
