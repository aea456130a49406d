import type { Logger } from 'pino';
import { durationNs } from '../config/load-config';
import type { Config } from '../config/schema';
import type { StoreKind } from '../store/data-store';
import type { Clock } from '../util/clock';
import { ActionService } from './action-service';
import type { ActionIO } from './actions/action-context';
import { Destinations } from './destinations';
import { FilterAdmin } from './filter-admin';
import { FilterService } from './filter-service';
import type { StatefulServices } from './state-persistence';
import { StatService } from './stat-service';
import type { StatUpdateSink } from './stat-service';
import { ThresholdService } from './threshold-service';

export interface EngineServicesDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Marks an entity changed for the store scheduler (`now`: write whatever the store_interval). */
  readonly persist: (kind: StoreKind, tenant: string, id: string, now?: boolean) => void;
  /** Network I/O of `*http_post` / `*cgr_rpc` actions. */
  readonly actionIO?: ActionIO;
  /** Builds the StatUpdate sink from `stats.thresholds_conns` once ThresholdS exists; undefined sends none. */
  readonly statUpdates: (thresholds: ThresholdService) => StatUpdateSink | undefined;
}

/**
 * Builds the engine's services from the config: FilterS (with destinations), actions, ThresholdS
 * and StatS, wired to each other. Nothing here touches the network or the store directly.
 */
export function createEngineServices(deps: EngineServicesDeps): StatefulServices {
  const { config, clock, logger, persist } = deps;
  const defaultTenant = config.general.default_tenant;
  const timezone = config.general.default_timezone;
  const destinations = new Destinations();
  const filters = new FilterService({ clock, timezone, destinations });
  const filterAdmin = new FilterAdmin({ filters, destinations, defaultTenant, persist });
  // The *reset_* actions reach services built after ActionService; they only run once all exist.
  const late: { stats?: StatService; thresholds?: ThresholdService } = {};
  const actions = new ActionService({
    logger: logger.child({ component: 'actions' }),
    defaultTenant,
    persist,
    resetStatQueue: (tenant, id) => late.stats?.resetQueueByID(tenant, id),
    resetThreshold: (tenant, id) => late.thresholds?.resetThresholdByID(tenant, id),
    ...(deps.actionIO === undefined ? {} : { io: deps.actionIO }),
  });
  const thresholds = new ThresholdService({
    filters,
    index: filters.createIndex('*threshold_filter_indexes'),
    actions,
    clock,
    logger: logger.child({ component: 'thresholds' }),
    persist,
    settings: {
      defaultTenant,
      timezone,
      profileIDs: config.thresholds.opts['*profileIDs'],
      profileIgnoreFilters: config.thresholds.opts['*profileIgnoreFilters'],
    },
  });
  const statUpdates = deps.statUpdates(thresholds);
  const stats = new StatService({
    filters,
    index: filters.createIndex('*stat_filter_indexes'),
    clock,
    logger: logger.child({ component: 'stats' }),
    settings: {
      defaultTenant,
      roundingDecimals: config.general.rounding_decimals,
      timezone,
      storeQueues: durationNs(config.stats.store_interval) !== 0,
      profileIDs: config.stats.opts['*profileIDs'],
      profileIgnoreFilters: config.stats.opts['*profileIgnoreFilters'],
    },
    persist,
    ...(statUpdates === undefined ? {} : { statUpdates }),
  });
  late.stats = stats;
  late.thresholds = thresholds;
  return { destinations, filters, filterAdmin, actions, stats, thresholds };
}
