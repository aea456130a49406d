/**
 * The plugin contract between the engine and its two plugin folders, metrics/ and filters/.
 * This file is a leaf: it imports only src/util. metrics/ and filters/ import only this file and
 * src/util (checked by scripts/check-deps.js).
 */
import type { EventSlots } from '../util/event-slots';
import type { FieldRoot } from '../util/field-path';

/**
 * What filters and metrics read: CGRateS' MapStorage `{"*req": Event, "*opts": APIOpts}`.
 * Built once per event by the service and never changed afterwards (readers may remember a value
 * per EventDP object); paths like `~*req.Usage` are compiled getters over it.
 */
export type EventDP = FieldRoot;

/** Roots of an EventDP, as CGRateS names them. */
export const DP_REQ = '*req';
export const DP_OPTS = '*opts';

/** Metric type tokens (the part of a MetricID before `#`), exactly as CGRateS spells them. */
export const MetricType = {
  ASR: '*asr',
  ACD: '*acd',
  TCD: '*tcd',
  ACC: '*acc',
  TCC: '*tcc',
  PDD: '*pdd',
  DDC: '*ddc',
  SUM: '*sum',
  AVERAGE: '*average',
  DISTINCT: '*distinct',
  HIGHEST: '*highest',
  LOWEST: '*lowest',
  REPSC: '*repsc',
  REPFC: '*repfc',
} as const;
export type MetricType = (typeof MetricType)[keyof typeof MetricType];

/** The CGRateS "not available" float value (`utils.StatsNA`) and its string form. */
export const STATS_NA = -1;
export const NOT_AVAILABLE = 'N/A';

/** Settings every metric is created with. */
export interface MetricOptions {
  /** The profile's MinItems at creation time; part of the metric's stored state afterwards. */
  readonly minItems: number;
  /** Metric-level FilterIDs (evaluated by the engine, stored with the metric). */
  readonly filterIDs: readonly string[];
  /** IANA zone for zone-less time strings (`general.default_timezone`). */
  readonly timezone: string;
  /**
   * The queue's event-ID slot index, shared by its metrics so per-ID state can live in the cells of
   * one row per event (DESIGN §6 target 4). Absent for a detached metric, which then keeps its own.
   */
  readonly slots?: EventSlots;
}

/**
 * One incremental statistic over the events of a queue (mirrors CGRateS `StatMetric`).
 * Add and remove are O(1) (O(log n) at most); nothing here knows about queues, TTLs or storage.
 * Field-read failures throw CGRError with the CGRateS text (`NOT_FOUND:Usage`, `NEGATIVE:Cost`) and
 * leave the metric unchanged.
 */
export interface StatMetric {
  /** The whole MetricID, e.g. `*sum#~*req.Usage`: the key in every reply map. */
  readonly metricID: string;
  readonly minItems: number;
  readonly filterIDs: readonly string[];
  /** True for `*acd *tcd *pdd`: getValue() is nanoseconds. */
  readonly isDuration: boolean;
  /**
   * Adds an event remembered under its ID (repeated IDs fold in with the compress factor). `slot` is
   * the ID's slot in MetricOptions.slots when the caller already holds it (the queue does: it saves
   * every metric a lookup); omitted, the metric looks it up.
   */
  addEvent(eventID: string, ev: EventDP, slot?: number): void;
  /** One-event mode: aggregates without remembering the ID. */
  addOneEvent(ev: EventDP): void;
  /** Removes one occurrence of an event ID; unknown IDs are a no-op. `slot` as for addEvent(). */
  remEvent(eventID: string, slot?: number): void;
  /**
   * Gives back what the metric holds in structures shared with its queue (MetricOptions.slots); the
   * queue calls it when it drops the metric but keeps its items. Absent when nothing is shared.
   */
  dispose?(): void;
  /** Typed value for StatUpdate events: float, or ns for duration metrics; N/A is -1. */
  getValue(decimals: number): number;
  /** Float value for GetQueueFloatMetrics: duration metrics in ns; N/A is -1. */
  getFloat64Value(decimals: number): number;
  /** String value for GetQueueStringMetrics (`"66.66667%"`, `"1m30s"`, `"N/A"`). */
  getStringValue(decimals: number): string;
  /** The CGRateS exported fields (JSON shape of GetStatQueue's SQMetrics entries, and the stored form). */
  toJSON(): Record<string, unknown>;
  /**
   * The JSON text of toJSON() (any key order), written directly where that is much cheaper than
   * building the object (per-event entries); absent when the metric has no faster way. `quotedIDs`:
   * MetricOptions.slots' `quotedIDs()`, when the caller already has them (a queue writing all its metrics).
   */
  toJSONText?(quotedIDs?: readonly (string | undefined)[]): string;
  /** Restores state produced by toJSON() (MinItems and FilterIDs included). Throws CGRError on a bad shape. */
  loadJSON(state: Readonly<Record<string, unknown>>): void;
}

/** Registry entry for one metric type. */
export interface MetricDescriptor {
  readonly type: MetricType;
  /** `param` is the part after the first `#` (undefined when absent). Throws CGRError on a bad param. */
  create(metricID: string, param: string | undefined, opts: MetricOptions): StatMetric;
}

/** What a compiled filter rule may ask of its surroundings at evaluation time. */
export interface FilterEnv {
  /** Wall clock, epoch ms (injected; tests use a fake). */
  nowMs(): number;
  /** IANA zone for zone-less time strings. */
  readonly timezone: string;
  /** Prefixes of a Destination profile, or undefined when the store has none with that ID. */
  destinationPrefixes(tenant: string, destinationID: string): readonly string[] | undefined;
  /**
   * A Timing profile for `*timings` rules (CGRateS fetches it with `APIerSv1.GetTiming`), or undefined
   * when none has that ID. Optional: without it every TimingID counts as unknown (the rule fails).
   */
  timing?(tenant: string, timingID: string): TimingSpec | undefined;
}

/**
 * A CGRateS Timing (`utils.TPTiming`): empty lists match everything; `StartTime`/`EndTime` are
 * `hh:mm:ss` of the day (`""` = 00:00:00 and end of day). WeekDays use Go's numbering (Sunday = 0).
 */
export interface TimingSpec {
  readonly ID: string;
  readonly Years: readonly number[];
  readonly Months: readonly number[];
  readonly MonthDays: readonly number[];
  readonly WeekDays: readonly number[];
  readonly StartTime: string;
  readonly EndTime: string;
}

/** A filter rule as CGRateS stores it (`FilterRule`). */
export interface FilterRuleSpec {
  readonly Type: string;
  readonly Element: string;
  readonly Values: readonly string[] | null;
}

/** A rule compiled once into a closure; `pass` throws CGRError on evaluation errors (never negated). */
export interface CompiledRule {
  readonly spec: FilterRuleSpec;
  pass(ev: EventDP, tenant: string, env: FilterEnv): boolean;
}
