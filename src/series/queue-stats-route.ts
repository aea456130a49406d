import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor, negotiateTimestampFormat, type TimestampFormat } from './accept-negotiation';
import type { HttpRoute } from './http-route';
import type { SeriesId } from './minute-point';
import { silentLogger, type SeriesLogger } from './series-logger';
import {
  SeriesErrorText,
  parseSeriesParams,
  requireParams,
  type RawSeriesParams,
  type SeriesQuery,
  type SeriesResponseBody,
} from './series-query';
import { QueryErrorStatus, SeriesQueryError } from './series-query-error';

/** What the route needs from the series service. */
export interface QueueStatsBackend {
  /** Tenant used when the `tenant` parameter is absent or empty. */
  readonly defaultTenant: string;
  /** Bucket cap (MAX_BUCKETS unless configured otherwise). */
  readonly maxBuckets: number;
  /** Answers a validated query; rejects with SeriesQueryError (404, 500, 503). */
  querySeries(id: SeriesId, query: SeriesQuery, format: TimestampFormat): Promise<SeriesResponseBody>;
}

/** Path the engine mounts the route on. */
export const QUEUE_STATS_PATH = '/api/queue_stats';

/** Required parameters, in the order Traffic Ops reports them (cache_stats: metricType, startDate, endDate, cdnName). */
const REQUIRED = ['metricType', 'startDate', 'endDate', 'queue'] as const;

/** First value of a parameter with a trailing `.json` removed, as TO's parameter reader does. */
function param(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  if (v === null) return undefined;
  return v.endsWith('.json') ? v.slice(0, -'.json'.length) : v;
}

function sendAlert(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  const body = JSON.stringify({ alerts: [{ text, level: 'error' }] });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * `GET /api/queue_stats?tenant=&queue=&metricType=&startDate=&endDate=&interval=&limit=&offset=&exclude=&orderby=`
 *
 * Traffic Ops' deliveryservice_stats semantics over one queue metric: the checks of spec §3.1 in
 * TO's order (required parameters, Accept, limit, offset, orderby, startDate, endDate, interval,
 * exclude), our deviations after them, then 404 for an unknown queue or metric. Errors are
 * `{"alerts":[{"text","level":"error"}]}`; success is `{"response":{…}}` plus a newline, with
 * `Content-Type: application/json; timestamp=rfc|unix` and `Vary: Accept`.
 */
export function createQueueStatsRoute(
  backend: QueueStatsBackend,
  logger: SeriesLogger = silentLogger,
): HttpRoute {
  return async (req, res, url) => {
    try {
      requireParams(REQUIRED, (name) => url.searchParams.has(name));
      const accept = req.headers.accept;
      const negotiated = negotiateTimestampFormat(accept);
      if (negotiated.unparseable)
        logger.warn({ accept }, 'series: unparseable Accept header, answering RFC timestamps');
      if (negotiated.format === undefined) {
        sendAlert(
          req,
          res,
          QueryErrorStatus.NOT_ACCEPTABLE,
          SeriesErrorText.NOT_ACCEPTABLE_PREFIX + (accept ?? ''),
        );
        return;
      }
      const raw: RawSeriesParams = {
        startDate: param(url, 'startDate') ?? '',
        endDate: param(url, 'endDate') ?? '',
        interval: param(url, 'interval'),
        limit: param(url, 'limit'),
        offset: param(url, 'offset'),
        orderby: param(url, 'orderby'),
        exclude: param(url, 'exclude'),
      };
      const query = parseSeriesParams(raw, backend.maxBuckets);
      const tenant = param(url, 'tenant');
      const id: SeriesId = {
        tenant: tenant === undefined || tenant === '' ? backend.defaultTenant : tenant,
        queueID: param(url, 'queue') ?? '',
        metricID: param(url, 'metricType') ?? '',
      };
      const response = await backend.querySeries(id, query, negotiated.format);
      const body = `${JSON.stringify({ response })}\n`;
      res.writeHead(200, {
        'Content-Type': contentTypeFor(negotiated.format),
        Vary: 'Accept',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      if (err instanceof SeriesQueryError) {
        if (err.status >= 500)
          logger.error({ err: err.message, cause: String(err.cause) }, 'series: queue_stats failed');
        // TO shows users only this text for 5xx; the cause is in our log.
        sendAlert(req, res, err.status, err.status === 500 ? 'Internal Server Error' : err.message);
        return;
      }
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'series: queue_stats failed');
      sendAlert(req, res, 500, 'Internal Server Error');
    }
  };
}
