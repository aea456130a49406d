/** Milliseconds per minute: the resolution of every stored point. */
export const MINUTE_MS = 60_000;
/** Milliseconds per (UTC) day. */
export const DAY_MS = 86_400_000;

/**
 * MetricID of the per-queue rate series: events processed per second, averaged over the minute
 * (the equivalent of Traffic Stats' `tps_total`). It is not a StatS metric, so it cannot collide
 * with a queue's own metric IDs.
 */
export const TPS_METRIC_ID = '*tps';

/** Identity of one series: the tags every point carries. */
export interface SeriesId {
  readonly tenant: string;
  readonly queueID: string;
  readonly metricID: string;
}

/** One value per series per minute; `timeMs` is the start of the minute (a multiple of MINUTE_MS). */
export interface MinutePoint extends SeriesId {
  readonly timeMs: number;
  readonly value: number;
}

/** A point of a known series, as read back from a sink. */
export interface TimedValue {
  readonly timeMs: number;
  readonly value: number;
}

/** One daily summary row; `dayMs` is UTC midnight of the summarised day. */
export interface DailyRow extends SeriesId {
  readonly dayMs: number;
  readonly max: number;
  readonly total: number;
}

/** Map key of a series. NUL cannot occur in the IDs the engine accepts, so the key is unambiguous. */
export function seriesKey(tenant: string, queueID: string, metricID: string): string {
  return `${tenant}\u0000${queueID}\u0000${metricID}`;
}

/** Map key of a queue. */
export function queueKey(tenant: string, queueID: string): string {
  return `${tenant}\u0000${queueID}`;
}

/** True for the rate series, whose points are per-second rates over a 60 s minute. */
export function isRateMetric(metricID: string): boolean {
  return metricID === TPS_METRIC_ID;
}

/** UTC midnight at or before `ms`. */
export function utcDayStartMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export function formatDayKey(ms: number): string {
  return new Date(utcDayStartMs(ms)).toISOString().slice(0, 10);
}
