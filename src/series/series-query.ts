/**
 * The one implementation of Traffic-Stats-style series queries (spec traffic-stats.md §3), shared
 * by the HTTP route, the RPC and every sink: parameter validation with Traffic Ops' texts, bucketing
 * aligned to startDate, per-bucket means with null for empty buckets, LIMIT/OFFSET over buckets,
 * and the summary over the raw 1-minute points.
 *
 * Bounds are inclusive on both ends (deliveryservice_stats style, column `mean`): a point at exactly
 * startDate or endDate counts, and a bucket starting exactly at endDate is emitted.
 */
import { TimestampFormat } from './accept-negotiation';
import { isRateMetric, type SeriesId, type TimedValue } from './minute-point';
import { QueryErrorKind, QueryErrorStatus, SeriesQueryError } from './series-query-error';
import { formatRfc3339Seconds, nsToMsCeil, nsToMsFloor, nsToSecFloor, parseTsDate } from './ts-date';

/** Largest number of buckets a series answer may hold (deviation: TO has no cap). */
export const MAX_BUCKETS = 100_000;

/** The interval when none is given, as in Traffic Ops. */
export const DEFAULT_INTERVAL = '1m';

/** Traffic Ops' error texts (verbatim) plus ours for the deviations. */
export const SeriesErrorText = {
  MISSING_PREFIX: 'required parameters missing: missing required parameters: ',
  LIMIT: 'Invalid limit!',
  OFFSET: 'Invalid offset!',
  ORDER_BY: "Invalid orderby! Can only be 'time'",
  START_DATE: 'Invalid startDate!',
  END_DATE: 'Invalid endDate!',
  INTERVAL: 'interval: must be a valid InfluxQL duration literal (resolution no less than minute)',
  EXCLUDE: "Invalid exclude! Must be 'series' or 'summary'",
  NOT_ACCEPTABLE_PREFIX: 'Failed to negotiate content; cannot produce output satisfying ',
  // Deviations (docs/series.md):
  INTERVAL_ZERO: 'interval: must be greater than zero',
  END_BEFORE_START: 'Invalid endDate! Must not be before startDate',
} as const;

/** `Too many buckets: …` (deviation: bounded instead of exhausting memory). */
export function tooManyBucketsText(buckets: number, max: number): string {
  return `Too many buckets: the range holds ${buckets} intervals, the maximum is ${max}; use a longer interval or a shorter range`;
}

/** The query values after validation, before the series is known. */
export interface SeriesQuery {
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Bucket width in whole seconds (> 0). */
  readonly intervalSec: number;
  /** LIMIT over buckets; 0 or undefined = no limit. */
  readonly limit: number | undefined;
  /** OFFSET over buckets; undefined = 0. */
  readonly offset: number | undefined;
  readonly excludeSeries: boolean;
  readonly excludeSummary: boolean;
}

/** Optional query parameters as strings, after `.json` stripping (HTTP) or conversion (RPC). */
export interface RawSeriesParams {
  readonly startDate: string;
  readonly endDate: string;
  readonly interval?: string | undefined;
  readonly limit?: string | undefined;
  readonly offset?: string | undefined;
  readonly orderby?: string | undefined;
  readonly exclude?: string | undefined;
}

const UINT_RE = /^\d+$/;
const U64_MAX = 2n ** 64n - 1n;
const INTERVAL_RE = /^(\d+)([mhdw])$/;
const UNIT_SEC = { m: 60, h: 3600, d: 86400, w: 604800 } as const;

/** Throws the MISSING error for the names (in check order) whose value is absent. */
export function requireParams(names: readonly string[], isPresent: (name: string) => boolean): void {
  const missing = names.filter((n) => !isPresent(n));
  if (missing.length > 0)
    throw new SeriesQueryError(
      QueryErrorKind.MISSING,
      QueryErrorStatus.BAD_REQUEST,
      SeriesErrorText.MISSING_PREFIX + missing.join(', '),
      missing,
    );
}

/** Go strconv.ParseUint(s, 10, 64), as a number (precision is irrelevant for bucket counts). */
function parseUint64(s: string): number | undefined {
  if (!UINT_RE.test(s)) return undefined;
  const n = BigInt(s);
  return n > U64_MAX ? undefined : Number(n);
}

/** Seconds of an InfluxQL `^\d+[mhdw]$` literal; undefined when it does not match or is absurdly large. */
export function parseIntervalSec(interval: string): number | undefined {
  const m = INTERVAL_RE.exec(interval);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const sec = Number(m[1]) * UNIT_SEC[m[2] as keyof typeof UNIT_SEC];
  // ms must stay an exact integer for bucket arithmetic.
  return Number.isSafeInteger(sec * 1000) ? sec : undefined;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Bucket layout of a query: start of the first bucket, width, and how many buckets. */
export interface BucketWindow {
  readonly firstStartMs: number;
  readonly intervalMs: number;
  readonly count: number;
}

/**
 * Buckets are aligned to startDate: offset = (startDate in whole Unix seconds) mod interval, so one
 * boundary falls on startDate truncated to the second (TO's `GROUP BY time(<i>, <offset>s)`). Every
 * bucket from the one containing startDate to the one containing endDate exists.
 */
export function bucketWindow(q: Pick<SeriesQuery, 'startNs' | 'endNs' | 'intervalSec'>): BucketWindow {
  const startSec = nsToSecFloor(q.startNs);
  const intervalMs = q.intervalSec * 1000;
  const offsetMs = mod(startSec, q.intervalSec) * 1000;
  const firstStartMs = startSec * 1000;
  const lastIndex = Math.floor((nsToMsFloor(q.endNs) - offsetMs) / intervalMs);
  const firstIndex = (firstStartMs - offsetMs) / intervalMs;
  return { firstStartMs, intervalMs, count: Math.max(0, lastIndex - firstIndex + 1) };
}

/**
 * Validates the optional parameters in Traffic Ops' order (limit, offset, orderby, startDate,
 * endDate, interval, exclude), then our deviations: interval 0, endDate before startDate, and the
 * bucket cap (only when the series is wanted).
 */
export function parseSeriesParams(raw: RawSeriesParams, maxBuckets: number = MAX_BUCKETS): SeriesQuery {
  let limit: number | undefined;
  if (raw.limit !== undefined) {
    limit = parseUint64(raw.limit);
    if (limit === undefined) throw SeriesQueryError.invalid(SeriesErrorText.LIMIT);
  }
  let offset: number | undefined;
  if (raw.offset !== undefined) {
    offset = parseUint64(raw.offset);
    if (offset === undefined) throw SeriesQueryError.invalid(SeriesErrorText.OFFSET);
  }
  if (raw.orderby !== undefined && raw.orderby !== 'time')
    throw SeriesQueryError.invalid(SeriesErrorText.ORDER_BY);
  const startNs = parseTsDate(raw.startDate);
  if (startNs === undefined) throw SeriesQueryError.invalid(SeriesErrorText.START_DATE);
  const endNs = parseTsDate(raw.endDate);
  if (endNs === undefined) throw SeriesQueryError.invalid(SeriesErrorText.END_DATE);
  const intervalSec = parseIntervalSec(raw.interval ?? DEFAULT_INTERVAL);
  if (intervalSec === undefined) throw SeriesQueryError.invalid(SeriesErrorText.INTERVAL);
  let excludeSeries = false;
  let excludeSummary = false;
  if (raw.exclude !== undefined) {
    if (raw.exclude === 'series') excludeSeries = true;
    else if (raw.exclude === 'summary') excludeSummary = true;
    else throw SeriesQueryError.invalid(SeriesErrorText.EXCLUDE);
  }
  // TO divides by the interval here and panics on 0; we answer 400 instead.
  if (intervalSec === 0) throw SeriesQueryError.invalid(SeriesErrorText.INTERVAL_ZERO);
  // TO returns an empty 200 for a reversed range; a 400 tells the caller about the mistake.
  if (endNs < startNs) throw SeriesQueryError.invalid(SeriesErrorText.END_BEFORE_START);
  const query: SeriesQuery = { startNs, endNs, intervalSec, limit, offset, excludeSeries, excludeSummary };
  if (!excludeSeries) {
    const { count } = bucketWindow(query);
    if (count > maxBuckets) throw SeriesQueryError.invalid(tooManyBucketsText(count, maxBuckets));
  }
  return query;
}

/** Inclusive point window in ms of a query: points are whole minutes, so ns bounds round inwards. */
export function pointWindowMs(q: Pick<SeriesQuery, 'startNs' | 'endNs'>): { fromMs: number; toMs: number } {
  return { fromMs: nsToMsCeil(q.startNs), toMs: nsToMsFloor(q.endNs) };
}

/** One bucket: its start and the mean of its points, null when it has none. */
export interface Bucket {
  readonly startMs: number;
  readonly value: number | null;
}

/**
 * All buckets of the window with their means (InfluxQL mean: sum / count, summed in time order).
 * `points` must lie inside the query's window and be sorted by time.
 */
export function computeBuckets(q: SeriesQuery, points: readonly TimedValue[]): Bucket[] {
  const w = bucketWindow(q);
  const sums = new Float64Array(w.count);
  const counts = new Uint32Array(w.count);
  for (const p of points) {
    const i = Math.floor((p.timeMs - w.firstStartMs) / w.intervalMs);
    if (i < 0 || i >= w.count) continue;
    sums[i] = (sums[i] ?? 0) + p.value;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const out: Bucket[] = new Array<Bucket>(w.count);
  for (let i = 0; i < w.count; i++) {
    const n = counts[i] ?? 0;
    out[i] = { startMs: w.firstStartMs + i * w.intervalMs, value: n === 0 ? null : (sums[i] ?? 0) / n };
  }
  return out;
}

/**
 * InfluxQL `percentile(value, p)`: nearest rank with rounding, never interpolated.
 * i = floor(n·p/100 + 0.5) − 1 over the ascending values; null when i is out of range.
 */
export function nearestRankPercentile(sorted: Float64Array, p: number): number | null {
  const i = Math.floor((sorted.length * p) / 100 + 0.5) - 1;
  if (i < 0 || i >= sorted.length) return null;
  return sorted[i] ?? null;
}

/** The summary object, keys in Traffic Ops' (Go struct) order. */
export interface SeriesSummary {
  readonly average: number;
  readonly count: number;
  readonly fifthPercentile: number;
  readonly max: number;
  readonly min: number;
  readonly ninetyEighthPercentile: number;
  readonly ninetyFifthPercentile: number;
  /** Always null: no StatS metric is a kbps rate (kept for deliveryservice_stats shape). */
  readonly totalKiloBytes: number | null;
  /** `*tps`: count × 60 × average, i.e. the events processed in the window; other metrics: null. */
  readonly totalTransactions: number | null;
}

/** The summary over the 1-minute points (the interval plays no part, as in TO). */
export function computeSummary(points: readonly TimedValue[], metricID: string): SeriesSummary {
  const n = points.length;
  if (n === 0) {
    return {
      average: 0,
      count: 0,
      fifthPercentile: 0,
      max: 0,
      min: 0,
      ninetyEighthPercentile: 0,
      ninetyFifthPercentile: 0,
      totalKiloBytes: null,
      totalTransactions: null,
    };
  }
  const sorted = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = (points[i] as TimedValue).value;
    sorted[i] = v;
    sum += v;
  }
  sorted.sort();
  const average = sum / n;
  return {
    average,
    count: n,
    // Only P5 may be null when n ≥ 1 (n < 10); TO reports that null as 0.
    fifthPercentile: nearestRankPercentile(sorted, 5) ?? 0,
    max: sorted[n - 1] ?? 0,
    min: sorted[0] ?? 0,
    ninetyEighthPercentile: nearestRankPercentile(sorted, 98) ?? 0,
    ninetyFifthPercentile: nearestRankPercentile(sorted, 95) ?? 0,
    totalKiloBytes: null,
    // TO's float64(Count*60) * Average, same operation order so the float result matches.
    totalTransactions: isRateMetric(metricID) ? n * 60 * average : null,
  };
}

/** A bucket time as printed: Unix nanoseconds (number) or RFC3339 (string). */
export type SeriesTime = number | string;

/** The `series` object, keys in Traffic Ops' order; tags are sorted like a Go map. */
export interface SeriesBody {
  readonly columns: readonly ['time', 'mean'];
  readonly count: number;
  readonly name: string;
  readonly tags: { readonly metric: string; readonly queue: string; readonly tenant: string };
  readonly values: ReadonlyArray<readonly [SeriesTime, number | null]>;
}

/** The value of `response`: `series` omitted when there is no data or it is excluded. */
export interface SeriesResponseBody {
  series?: SeriesBody;
  summary?: SeriesSummary;
}

/** Series name of a metric's 1-minute rollup, after Traffic Stats' `<metric>.ds.1min`. */
export function seriesName(metricID: string): string {
  return `${metricID}.1min`;
}

function formatTime(ms: number, format: TimestampFormat): SeriesTime {
  // Bucket starts are whole seconds, so ms × 1e6 is an exact float64 integer until year 2115.
  return format === TimestampFormat.UNIX ? ms * 1_000_000 : formatRfc3339Seconds(ms);
}

/**
 * Builds the `response` object from the 1-minute points inside the query window (sorted by time).
 * The series is omitted when the window has no point at all, or when LIMIT/OFFSET leave no row.
 */
export function buildSeriesResponse(
  q: SeriesQuery,
  id: SeriesId,
  points: readonly TimedValue[],
  format: TimestampFormat,
): SeriesResponseBody {
  const body: SeriesResponseBody = {};
  if (!q.excludeSeries && points.length > 0) {
    const buckets = computeBuckets(q, points);
    const from = Math.min(q.offset ?? 0, buckets.length);
    const to =
      q.limit === undefined || q.limit === 0 ? buckets.length : Math.min(buckets.length, from + q.limit);
    if (to > from) {
      const values: Array<readonly [SeriesTime, number | null]> = [];
      for (let i = from; i < to; i++) {
        const b = buckets[i] as Bucket;
        values.push([formatTime(b.startMs, format), b.value]);
      }
      body.series = {
        columns: ['time', 'mean'],
        count: values.length,
        name: seriesName(id.metricID),
        tags: { metric: id.metricID, queue: id.queueID, tenant: id.tenant },
        values,
      };
    }
  }
  if (!q.excludeSummary) body.summary = computeSummary(points, id.metricID);
  return body;
}
