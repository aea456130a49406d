import { hostname } from 'node:os';
import { buildConfig, durationNs, splitHostPort } from './config/load-config';
import type { Config, ConfigInput } from './config/schema';
import { Destinations } from './engine/destinations';
import { FilterAdmin } from './engine/filter-admin';
import { FilterService } from './engine/filter-service';
import { StatService } from './engine/stat-service';
import { StoreIntervalMs, StoreScheduler } from './engine/store-scheduler';
import { createLogger } from './log';
import type { Logger } from './log';
import { Dispatcher } from './rpc/dispatcher';
import { startHttpServer } from './rpc/http-transport';
import type { HttpRoute, HttpServer } from './rpc/http-transport';
import type { MethodTable, RpcHandler } from './rpc/method-table';
import { apierV1Methods } from './rpc/methods/apier-v1';
import { coreV1Methods } from './rpc/methods/core-v1';
import { statsV1Methods } from './rpc/methods/stats-v1';
import { startTcpServer } from './rpc/tcp-transport';
import type { TcpServer } from './rpc/tcp-transport';
import { StoreKind } from './store/data-store';
import type { DataStore, StoreStatus } from './store/data-store';
import { MemoryStore } from './store/memory-store';
import { RedisStore, parseDbIndex } from './store/redis-store';
import { systemClock } from './util/clock';
import type { Clock } from './util/clock';
import { METRICS_PATH, Prometheus, QUEUE_STATS_PATH, SeriesService, TimerScheduler } from './series';
import type { SeriesSource } from './series';
import { packageVersion } from './version';

export interface StartOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** A store instance to use instead of the one `data_db` describes (tests, embedding). */
  readonly store?: DataStore;
}

/** A running engine. */
export interface RunningEngine {
  readonly config: Config;
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly stats: StatService;
  readonly scheduler: StoreScheduler;
  /** Graceful stop: no new connections, in-flight requests finish, dirty state is flushed, the store closes. */
  close(): Promise<void>;
}

const NS_PER_MS = 1e6;
const DRAIN_TIMEOUT_MS = 5_000;
/** Profiles, filters, actions and destinations are written through, as CGRateS writes them at Set time. */
const WRITE_THROUGH = StoreIntervalMs.WRITE_THROUGH;

/**
 * `store_interval` in ms for the scheduler: -1 write-through, >0 periodic, other negatives at
 * shutdown only; 0 means never for StatS but "at shutdown" for ThresholdS (CGRateS spec §4.3).
 */
function storeIntervalMs(ns: number, zeroMeans: number): number {
  if (ns === 0) return zeroMeans;
  if (ns < 0) return ns === -1 ? StoreIntervalMs.WRITE_THROUGH : StoreIntervalMs.SHUTDOWN_ONLY;
  return Math.max(1, ns / NS_PER_MS);
}

function createStore(config: Config, logger: Logger, onStatus: (s: StoreStatus) => void): DataStore {
  const db = config.data_db;
  if (db.db_type === '*internal') return new MemoryStore();
  return new RedisStore({
    onStatus,
    host: db.db_host,
    port: db.db_port,
    db: parseDbIndex(db.db_name),
    password: db.db_password,
    tls: db.tls,
    cluster: db.cluster,
    logger: logger.child({ component: 'redis' }),
  });
}

/**
 * The composition root: builds every component from the config, restores persisted state, and
 * starts the TCP and HTTP listeners.
 */
export async function startStatQueue(
  input: ConfigInput | Config = {},
  opts: StartOptions = {},
): Promise<RunningEngine> {
  const config = buildConfig(input);
  const logger = opts.logger ?? createLogger({ level: config.logger.level });
  const clock = opts.clock ?? systemClock;
  const startedAtMs = clock.nowMs();
  // When the database was unreachable at start, what it holds is restored once it comes up.
  let restorePending = false;
  let lateRestore: (() => void) | undefined;
  const store =
    opts.store ??
    createStore(config, logger, (status) => {
      if (status.state === 'up' && restorePending) lateRestore?.();
    });

  const destinations = new Destinations();
  const filters = new FilterService({ clock, timezone: config.general.default_timezone, destinations });
  let scheduler: StoreScheduler | undefined;
  const persist = (kind: StoreKind, tenant: string, id: string, now = false): void => {
    if (now) scheduler?.markDirtyNow(kind, tenant, id);
    else scheduler?.markDirty(kind, tenant, id);
  };

  const statsStoreMs = storeIntervalMs(durationNs(config.stats.store_interval), StoreIntervalMs.NEVER);
  const stats = new StatService({
    filters,
    index: filters.createIndex('*stat_filter_indexes'),
    clock,
    logger: logger.child({ component: 'stats' }),
    settings: {
      defaultTenant: config.general.default_tenant,
      roundingDecimals: config.general.rounding_decimals,
      timezone: config.general.default_timezone,
      storeQueues: statsStoreMs !== 0,
      profileIDs: config.stats.opts['*profileIDs'],
      profileIgnoreFilters: config.stats.opts['*profileIgnoreFilters'],
    },
    persist,
  });
  const filterAdmin = new FilterAdmin({
    filters,
    destinations,
    defaultTenant: config.general.default_tenant,
    persist,
  });

  const snapshot = (kind: StoreKind, tenant: string, id: string): unknown => {
    switch (kind) {
      case StoreKind.FILTER:
      case StoreKind.DESTINATION:
        return filterAdmin.snapshot(kind, tenant, id);
      case StoreKind.STAT_PROFILE:
      case StoreKind.STAT_QUEUE:
        return stats.snapshot(kind, tenant, id);
      case StoreKind.THRESHOLD_PROFILE:
      case StoreKind.THRESHOLD:
      case StoreKind.ACTIONS:
        return undefined;
    }
  };

  await connectStore(store, config, logger);
  const targets = { destinations, filters, stats };
  if (store.status().state === 'up') {
    await restoreState(store, targets, logger, false);
  } else {
    restorePending = true;
    lateRestore = () => {
      restorePending = false;
      restoreState(store, targets, logger, true).catch((err: unknown) => {
        restorePending = true;
        logger.error({ error: (err as Error).message }, 'restore after the database came up failed');
      });
    };
  }

  scheduler = new StoreScheduler({
    store,
    clock,
    logger: logger.child({ component: 'store' }),
    snapshot,
    intervalMsByKind: {
      [StoreKind.FILTER]: WRITE_THROUGH,
      [StoreKind.DESTINATION]: WRITE_THROUGH,
      [StoreKind.ACTIONS]: WRITE_THROUGH,
      [StoreKind.STAT_PROFILE]: WRITE_THROUGH,
      [StoreKind.THRESHOLD_PROFILE]: WRITE_THROUGH,
      [StoreKind.STAT_QUEUE]: statsStoreMs,
      [StoreKind.THRESHOLD]: storeIntervalMs(
        durationNs(config.thresholds.store_interval),
        StoreIntervalMs.SHUTDOWN_ONLY,
      ),
    },
  });
  scheduler.start();

  const seriesSource: SeriesSource = {
    forEachQueue: (visit) => {
      const decimals = config.general.rounding_decimals;
      stats.forEachQueue((q) =>
        visit({
          tenant: q.tenant,
          queueID: q.id,
          floatMetrics: q.floatMetrics(decimals),
          eventsProcessed: q.eventsProcessed,
        }),
      );
    },
  };
  const seriesLogger = logger.child({ component: 'series' });
  const series = config.series.enabled
    ? new SeriesService({
        config: config.series,
        source: seriesSource,
        clock,
        scheduler: new TimerScheduler(clock, (err) =>
          seriesLogger.error(
            { error: err instanceof Error ? err.message : String(err) },
            'series task failed',
          ),
        ),
        logger: seriesLogger,
        defaultTenant: config.general.default_tenant,
      })
    : undefined;
  const prometheus = new Prometheus({
    source: seriesSource,
    engine: { eventsProcessed: () => stats.eventsProcessed, storeUp: () => store.status().state === 'up' },
  });
  const routes = new Map<string, HttpRoute>([[METRICS_PATH, prometheus.route]]);
  if (series !== undefined) routes.set(QUEUE_STATS_PATH, series.queueStatsRoute);

  let tcp: TcpServer | undefined;
  let http: HttpServer | undefined;
  const methods: [string, RpcHandler][] = [
    ...statsV1Methods(stats),
    ...(series === undefined
      ? []
      : ([
          ['StatSv1.GetQueueSeries', (arg) => series.getQueueSeries(arg)],
          ['StatSv1.GetDailySummary', (arg) => series.getDailySummary(arg)],
        ] as [string, RpcHandler][])),
    ...apierV1Methods(stats, filterAdmin),
    ...coreV1Methods({
      version: `StatQueue ${packageVersion()}`,
      nodeID: hostname(),
      startedAtMs,
      clock,
      activeConnections: () => (tcp?.connectionCount() ?? 0) + (http?.connectionCount() ?? 0),
      eventsProcessed: () => stats.eventsProcessed,
      store: () => storeStatusOf(store.status(), scheduler),
    }),
  ];
  const table: MethodTable = new Map(methods);
  const rpcLogger = logger.child({ component: 'rpc' });
  const dispatcher = new Dispatcher(table, {
    logger: rpcLogger,
    apiKey: config.listen.api_key,
    onRequest: prometheus.onRpcRequest,
  });
  const idleTimeoutMs = durationNs(config.listen.idle_timeout) / NS_PER_MS;
  const limits = {
    dispatcher,
    maxRequestBytes: config.listen.max_request_bytes,
    maxConnections: config.listen.max_connections,
    idleTimeoutMs,
    logger: rpcLogger,
  };
  try {
    tcp = await startTcpServer({ ...splitHostPort(config.listen.rpc_json), ...limits });
    http = await startHttpServer({
      ...splitHostPort(config.listen.http),
      ...limits,
      rpcPath: config.listen.http_path,
      apiKey: config.listen.api_key,
      routes,
    });
    await series?.start();
  } catch (err) {
    await tcp?.close(0);
    await http?.close(0);
    await series?.stop();
    await scheduler.stop();
    await store.close();
    throw err;
  }
  const tcpServer = tcp;
  const httpServer = http;
  logger.info(
    { rpc_json: tcpServer.address(), http: httpServer.address(), data_db: store.type },
    'StatQueue listening',
  );

  let closing: Promise<void> | undefined;
  return {
    config,
    tcpPort: tcpServer.address().port,
    httpPort: httpServer.address().port,
    stats,
    scheduler,
    close(): Promise<void> {
      closing ??= (async () => {
        await Promise.all([tcpServer.close(DRAIN_TIMEOUT_MS), httpServer.close(DRAIN_TIMEOUT_MS)]);
        await series?.stop();
        await scheduler.stop();
        await store.close();
        logger.info('StatQueue stopped');
      })();
      return closing;
    },
  };
}

function storeStatusOf(status: StoreStatus, scheduler: StoreScheduler | undefined): Record<string, unknown> {
  return { ...status, ...(scheduler === undefined ? {} : { scheduler: scheduler.status() }) };
}

/** Connects the store; an unreachable database stops the start only when `data_db.required_at_start`. */
async function connectStore(store: DataStore, config: Config, logger: Logger): Promise<void> {
  try {
    await store.connect();
  } catch (err) {
    if (config.data_db.required_at_start) throw err;
    logger.warn(
      { data_db: store.type, error: (err as Error).message },
      'data_db unreachable at start: serving from memory and retrying in the background',
    );
  }
}

interface RestoreTargets {
  readonly destinations: Destinations;
  readonly filters: FilterService;
  readonly stats: StatService;
}

/**
 * Loads persisted state in dependency order. A record the engine refuses (e.g. a profile naming a
 * metric type this version lacks) is logged and skipped; a record the store cannot decode fails the
 * start with the key named, rather than being overwritten later. `onlyMissing` (a restore after the
 * database came up late) keeps whatever was set in memory meanwhile: memory is authoritative.
 */
async function restoreState(
  store: DataStore,
  t: RestoreTargets,
  logger: Logger,
  onlyMissing: boolean,
): Promise<void> {
  const restoredProfiles = new Set<string>();
  const load = async (kind: StoreKind, apply: (data: unknown) => void): Promise<number> => {
    let n = 0;
    for (const rec of await store.loadAll(kind)) {
      try {
        if (onlyMissing && !missing(kind, rec.tenant, rec.id)) continue;
        apply(rec.data);
        if (kind === StoreKind.STAT_PROFILE) restoredProfiles.add(`${rec.tenant}:${rec.id}`);
        n++;
      } catch (err) {
        logger.error(
          { kind, tenant: rec.tenant, id: rec.id, error: (err as Error).message },
          'skipping a stored record',
        );
      }
    }
    return n;
  };
  const missing = (kind: StoreKind, tenant: string, id: string): boolean => {
    switch (kind) {
      case StoreKind.DESTINATION:
        return t.destinations.get(id) === undefined;
      case StoreKind.FILTER:
        return t.filters.getFilter(tenant, id) === undefined;
      case StoreKind.STAT_PROFILE:
        return t.stats.snapshot(kind, tenant, id) === undefined;
      case StoreKind.STAT_QUEUE:
        return restoredProfiles.has(`${tenant}:${id}`);
      default:
        return false;
    }
  };
  const counts = {
    destinations: await load(StoreKind.DESTINATION, (d) =>
      t.destinations.set(d as Parameters<Destinations['set']>[0]),
    ),
    filters: await load(StoreKind.FILTER, (f) =>
      t.filters.setFilter(f as Parameters<FilterService['setFilter']>[0]),
    ),
    statProfiles: await load(StoreKind.STAT_PROFILE, (p) => t.stats.restoreProfile(p)),
    statQueues: await load(StoreKind.STAT_QUEUE, (q) => {
      t.stats.restoreQueue(q as Parameters<StatService['restoreQueue']>[0]);
    }),
  };
  logger.info(counts, 'state restored');
}
