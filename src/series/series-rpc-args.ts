/**
 * Argument shapes and validation of the two series RPCs. Validation reuses the HTTP checks
 * (same order, same texts); errors come out as CGRErrors: `MANDATORY_IE_MISSING: [ID MetricID …]`
 * for missing fields, `SERVER_ERROR: <Traffic Ops text>` for bad values.
 */
import { CGRError, mandatoryMissing, notFound, serverError } from '../errors';
import { TimestampFormat } from './accept-negotiation';
import type { SeriesId } from './minute-point';
import { SeriesErrorText, parseSeriesParams, type SeriesQuery } from './series-query';
import { QueryErrorKind, SeriesQueryError } from './series-query-error';

/** `StatSv1.GetQueueSeries` argument. Dates: RFC3339, Unix ns (string or integer), or `YYYY-MM-DD hh:mm:ss±hh`. */
export interface GetQueueSeriesArgs {
  readonly Tenant?: string;
  /** Queue (profile) ID. */
  readonly ID?: string;
  /** A metric ID of the queue (`*asr`, `*sum#~*req.Usage`) or `*tps`. */
  readonly MetricID?: string;
  readonly StartDate?: string | number;
  readonly EndDate?: string | number;
  /** `^\d+[mhdw]$`, default `1m`. */
  readonly Interval?: string;
  /** Buckets returned at most; 0 = all. */
  readonly Limit?: number | string;
  /** Buckets skipped. */
  readonly Offset?: number | string;
  /** `series` or `summary`. */
  readonly Exclude?: string;
  /** Only `time`. */
  readonly OrderBy?: string;
  /** `rfc` (default) or `unix`. */
  readonly TimeFormat?: string;
  readonly APIOpts?: Readonly<Record<string, unknown>>;
}

/** `StatSv1.GetDailySummary` argument. */
export interface GetDailySummaryArgs {
  readonly Tenant?: string;
  readonly ID?: string;
  readonly MetricID?: string;
  /** Days to return, ending with today (UTC): 1..366, default 1. */
  readonly Days?: number;
  readonly APIOpts?: Readonly<Record<string, unknown>>;
}

/** One day of `StatSv1.GetDailySummary`; Max/Total are null on a day without data. */
export interface DailySummaryEntry {
  /** UTC day, `YYYY-MM-DD`. */
  readonly Date: string;
  readonly Max: number | null;
  readonly Total: number | null;
}

/** Most days one GetDailySummary call may ask for. */
export const MAX_SUMMARY_DAYS = 366;

export const TIME_FORMAT_ERROR = "Invalid TimeFormat! Must be 'rfc' or 'unix'";
export const DAYS_ERROR = `Invalid Days! Must be an integer from 1 to ${MAX_SUMMARY_DAYS}`;

function asRecord(args: unknown): Readonly<Record<string, unknown>> {
  return typeof args === 'object' && args !== null && !Array.isArray(args)
    ? (args as Record<string, unknown>)
    : {};
}

function isMissing(v: unknown): boolean {
  // CGRateS' MissingStructFields: a zero value counts as missing.
  return v === undefined || v === null || v === '';
}

/** A string as is; an integer as its decimal digits; anything else fails with `text`. */
function stringish(v: unknown, text: string, allowNumber: boolean): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (allowNumber && typeof v === 'number' && Number.isInteger(v)) return BigInt(v).toString();
  throw serverError(text);
}

function tenantOf(rec: Readonly<Record<string, unknown>>, defaultTenant: string): string {
  const t = rec['Tenant'];
  return typeof t === 'string' && t !== '' ? t : defaultTenant;
}

/** Validates a GetQueueSeries argument; throws CGRError. */
export function parseQueueSeriesArgs(
  args: unknown,
  defaultTenant: string,
  maxBuckets: number,
): { id: SeriesId; query: SeriesQuery; format: TimestampFormat } {
  const rec = asRecord(args);
  const missing = ['ID', 'MetricID', 'StartDate', 'EndDate'].filter((k) => isMissing(rec[k]));
  if (missing.length > 0) throw mandatoryMissing(missing);
  const id: SeriesId = {
    tenant: tenantOf(rec, defaultTenant),
    queueID: stringish(rec['ID'], 'ID must be a string', false) ?? '',
    metricID: stringish(rec['MetricID'], 'MetricID must be a string', false) ?? '',
  };
  const tf = rec['TimeFormat'];
  let format: TimestampFormat = TimestampFormat.RFC;
  if (tf === TimestampFormat.UNIX) format = TimestampFormat.UNIX;
  else if (!isMissing(tf) && tf !== TimestampFormat.RFC) throw serverError(TIME_FORMAT_ERROR);
  try {
    const query = parseSeriesParams(
      {
        startDate: stringish(rec['StartDate'], SeriesErrorText.START_DATE, true) ?? '',
        endDate: stringish(rec['EndDate'], SeriesErrorText.END_DATE, true) ?? '',
        interval: isMissing(rec['Interval'])
          ? undefined
          : stringish(rec['Interval'], SeriesErrorText.INTERVAL, false),
        limit: stringish(rec['Limit'], SeriesErrorText.LIMIT, true),
        offset: stringish(rec['Offset'], SeriesErrorText.OFFSET, true),
        orderby: isMissing(rec['OrderBy'])
          ? undefined
          : stringish(rec['OrderBy'], SeriesErrorText.ORDER_BY, false),
        exclude: isMissing(rec['Exclude'])
          ? undefined
          : stringish(rec['Exclude'], SeriesErrorText.EXCLUDE, false),
      },
      maxBuckets,
    );
    return { id, query, format };
  } catch (err) {
    throw toCGRError(err);
  }
}

/** Validates a GetDailySummary argument; throws CGRError. */
export function parseDailySummaryArgs(args: unknown, defaultTenant: string): { id: SeriesId; days: number } {
  const rec = asRecord(args);
  const missing = ['ID', 'MetricID'].filter((k) => isMissing(rec[k]));
  if (missing.length > 0) throw mandatoryMissing(missing);
  const days = rec['Days'] ?? 1;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_SUMMARY_DAYS)
    throw serverError(DAYS_ERROR);
  return {
    id: {
      tenant: tenantOf(rec, defaultTenant),
      queueID: stringish(rec['ID'], 'ID must be a string', false) ?? '',
      metricID: stringish(rec['MetricID'], 'MetricID must be a string', false) ?? '',
    },
    days,
  };
}

/** SeriesQueryError → the CGRateS wire error; CGRErrors pass through. */
export function toCGRError(err: unknown): CGRError {
  if (err instanceof CGRError) return err;
  if (err instanceof SeriesQueryError) {
    if (err.kind === QueryErrorKind.NOT_FOUND) return notFound();
    if (err.kind === QueryErrorKind.MISSING) return mandatoryMissing(err.missing);
    return serverError(err.message);
  }
  return serverError(err instanceof Error ? err.message : String(err));
}
