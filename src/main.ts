import { hostname } from 'node:os';
import { buildConfig, durationNs, splitHostPort } from './config/load-config';
import type { Config, ConfigInput } from './config/schema';
import { createEngineServices } from './engine/engine-services';
import { restoreState, snapshotOf } from './engine/state-persistence';
import type { StatefulServices } from './engine/state-persistence';
import type { StatService } from './engine/stat-service';
import { StoreIntervalMs, StoreScheduler } from './engine/store-scheduler';
import type { ThresholdService } from './engine/threshold-service';
import { createLogger } from './log';
import type { Logger } from './log';
import { ActionTransport } from './rpc/action-transport';
import { Dispatcher } from './rpc/dispatcher';
import { startHttpServer } from './rpc/http-transport';
import type { HttpRoute, HttpServer } from './rpc/http-transport';
import { buildMethodTable } from './rpc/methods';
import { createStatUpdateSink } from './rpc/stat-update-sinks';
import type { ClosableStatUpdateSink } from './rpc/stat-update-sinks';
import { startTcpServer } from './rpc/tcp-transport';
import type { TcpServer } from './rpc/tcp-transport';
import { METRICS_PATH, Prometheus, QUEUE_STATS_PATH, SeriesService, TimerScheduler } from './series';
import type { SeriesSource } from './series';
import { StoreKind } from './store/data-store';
import type { DataStore, StoreStatus } from './store/data-store';
import { MemoryStore } from './store/memory-store';
import { RedisStore, parseDbIndex } from './store/redis-store';
import { systemClock } from './util/clock';
import type { Clock } from './util/clock';
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
  readonly thresholds: ThresholdService;
  readonly scheduler: StoreScheduler;
  /** Graceful stop: no new connections, in-flight requests finish, dirty state is flushed, the store closes. */
  close(): Promise<void>;
}

const NS_PER_MS = 1e6;
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * `store_interval` in ms for the scheduler: -1 write-through, >0 periodic, other negatives at
 * shutdown only; 0 means never for StatS but "at shutdown" for ThresholdS (as in CGRateS).
 */
function storeIntervalMs(ns: number, zeroMeans: number): number {
  if (ns === 0) return zeroMeans;
  if (ns < 0) return ns === -1 ? StoreIntervalMs.WRITE_THROUGH : StoreIntervalMs.SHUTDOWN_ONLY;
  return Math.max(1, ns / NS_PER_MS);
}

/** Profiles, filters, actions and destinations are written through, as CGRateS writes them at Set time. */
function intervalsByKind(config: Config): Record<StoreKind, number> {
  const through = StoreIntervalMs.WRITE_THROUGH;
  return {
    [StoreKind.FILTER]: through,
    [StoreKind.DESTINATION]: through,
    [StoreKind.ACTIONS]: through,
    [StoreKind.STAT_PROFILE]: through,
    [StoreKind.THRESHOLD_PROFILE]: through,
    [StoreKind.STAT_QUEUE]: storeIntervalMs(durationNs(config.stats.store_interval), StoreIntervalMs.NEVER),
    [StoreKind.THRESHOLD]: storeIntervalMs(
      durationNs(config.thresholds.store_interval),
      StoreIntervalMs.SHUTDOWN_ONLY,
    ),
  };
}

function createStore(config: Config, logger: Logger, onStatus: (s: StoreStatus) => void): DataStore {
  const db = config.data_db;
  if (db.db_type === '*internal') return new MemoryStore();
  return new RedisStore({
    host: db.db_host,
    port: db.db_port,
    db: parseDbIndex(db.db_name),
    password: db.db_password,
    tls: db.tls,
    cluster: db.cluster,
    logger: logger.child({ component: 'redis' }),
    onStatus,
  });
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

/** The queues as the series history and Prometheus read them. */
function seriesSourceOf(stats: StatService, decimals: number): SeriesSource {
  return {
    forEachQueue: (visit) =>
      stats.forEachQueue((q) =>
        visit({
          tenant: q.tenant,
          queueID: q.id,
          floatMetrics: q.floatMetrics(decimals),
          eventsProcessed: q.eventsProcessed,
        }),
      ),
  };
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

  // When the database is unreachable at start, what it holds is restored once it comes up.
  let restoreWhenUp: (() => void) | undefined;
  const store = opts.store ?? createStore(config, logger, (s) => s.state === 'up' && restoreWhenUp?.());
  // the services persist through the scheduler, which needs their snapshots: built right after them
  const storeRef: { scheduler?: StoreScheduler } = {};
  const actionIO = new ActionTransport({ logger: logger.child({ component: 'actions' }) });
  let statUpdates: ClosableStatUpdateSink | undefined;
  const services: StatefulServices = createEngineServices({
    config,
    clock,
    logger,
    persist: (kind, tenant, id, now = false) => {
      if (now) storeRef.scheduler?.markDirtyNow(kind, tenant, id);
      else storeRef.scheduler?.markDirty(kind, tenant, id);
    },
    actionIO,
    statUpdates: (thresholds) => {
      const conns = config.stats.thresholds_conns.filter(
        (c) => config.thresholds.enabled || c !== '*internal',
      );
      statUpdates = createStatUpdateSink(conns, {
        thresholds,
        logger: logger.child({ component: 'thresholds-conn' }),
        callTimeoutMs: durationNs(config.stats.thresholds_timeout) / NS_PER_MS,
      });
      return statUpdates;
    },
  });
  const { stats } = services;

  await connectStore(store, config, logger);
  if (store.status().state === 'up') {
    await restoreState(store, services, logger, false);
  } else {
    restoreWhenUp = () => {
      restoreWhenUp = undefined;
      restoreState(store, services, logger, true).catch((err: unknown) => {
        logger.error({ error: (err as Error).message }, 'restore after the database came up failed');
      });
    };
  }
  const storeScheduler = new StoreScheduler({
    store,
    clock,
    logger: logger.child({ component: 'store' }),
    snapshot: (kind, tenant, id) => snapshotOf(services, kind, tenant, id),
    intervalMsByKind: intervalsByKind(config),
  });
  storeRef.scheduler = storeScheduler;
  storeScheduler.start();

  const seriesSource = seriesSourceOf(stats, config.general.rounding_decimals);
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
  const table = buildMethodTable({
    services,
    statsEnabled: config.stats.enabled,
    thresholdsEnabled: config.thresholds.enabled,
    series,
    timezone: config.general.default_timezone,
    clock,
    logger,
    status: {
      version: `StatQueue ${packageVersion()}`,
      nodeID: hostname(),
      startedAtMs,
      clock,
      activeConnections: () => (tcp?.connectionCount() ?? 0) + (http?.connectionCount() ?? 0),
      eventsProcessed: () => stats.eventsProcessed,
      store: () => ({ ...store.status(), scheduler: storeScheduler.status() }),
    },
  });
  const rpcLogger = logger.child({ component: 'rpc' });
  const dispatcher = new Dispatcher(table, {
    logger: rpcLogger,
    apiKey: config.listen.api_key,
    onRequest: prometheus.onRpcRequest,
  });
  const limits = {
    dispatcher,
    maxRequestBytes: config.listen.max_request_bytes,
    maxConnections: config.listen.max_connections,
    idleTimeoutMs: durationNs(config.listen.idle_timeout) / NS_PER_MS,
    logger: rpcLogger,
  };

  const stopBackground = async (): Promise<void> => {
    await series?.stop();
    await storeScheduler.stop();
    await statUpdates?.close();
    await actionIO.close();
    await store.close();
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
    await stopBackground();
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
    thresholds: services.thresholds,
    scheduler: storeScheduler,
    close(): Promise<void> {
      closing ??= (async () => {
        await Promise.all([tcpServer.close(DRAIN_TIMEOUT_MS), httpServer.close(DRAIN_TIMEOUT_MS)]);
        await stopBackground();
        logger.info('StatQueue stopped');
      })();
      return closing;
    },
  };
}
