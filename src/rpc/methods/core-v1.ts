import { formatGoDuration } from '../../util/go-duration';
import { formatRFC3339Nano } from '../../util/go-time';
import type { Clock } from '../../util/clock';
import type { RpcHandler } from '../method-table';

/** What CoreSv1.Status reports about the running engine. */
export interface StatusSource {
  readonly version: string;
  readonly nodeID: string;
  readonly startedAtMs: number;
  readonly clock: Clock;
  activeConnections(): number;
  eventsProcessed(): number;
  store(): Readonly<Record<string, unknown>>;
}

const NS_PER_MS = 1e6;

/** `CoreSv1.*`: liveness and a status map in the spirit of CGRateS' (version, uptime, load, memory). */
export function coreV1Methods(src: StatusSource): [string, RpcHandler][] {
  return [
    ['CoreSv1.Ping', () => 'Pong'],
    [
      'CoreSv1.Status',
      () => {
        const mem = process.memoryUsage();
        const uptimeMs = src.clock.nowMs() - src.startedAtMs;
        return {
          node_id: src.nodeID,
          version: src.version,
          running_since: formatRFC3339Nano(src.startedAtMs),
          uptime: formatGoDuration(Math.round(uptimeMs) * NS_PER_MS),
          active_connections: src.activeConnections(),
          events_processed: src.eventsProcessed(),
          memory_rss_bytes: mem.rss,
          heap_used_bytes: mem.heapUsed,
          node_version: process.version,
          store: src.store(),
        };
      },
    ],
  ];
}
