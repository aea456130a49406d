import type { Logger } from 'pino';
import type { DataStore } from '../store/data-store';
import { StoreKind } from '../store/data-store';
import type { ActionService } from './action-service';
import type { Destination, Destinations } from './destinations';
import type { FilterAdmin } from './filter-admin';
import type { FilterProfile, FilterService } from './filter-service';
import type { StatQueueJSON } from './stat-queue';
import type { StatService } from './stat-service';
import type { ThresholdService } from './threshold-service';

/** The services that own persisted state. */
export interface StatefulServices {
  readonly destinations: Destinations;
  readonly filters: FilterService;
  readonly filterAdmin: FilterAdmin;
  readonly actions: ActionService;
  readonly stats: StatService;
  readonly thresholds: ThresholdService;
}

/** The current stored form of any entity, or undefined when it is gone (the store then deletes it). */
export function snapshotOf(s: StatefulServices, kind: StoreKind, tenant: string, id: string): unknown {
  switch (kind) {
    case StoreKind.FILTER:
    case StoreKind.DESTINATION:
      return s.filterAdmin.snapshot(kind, tenant, id);
    case StoreKind.STAT_PROFILE:
    case StoreKind.STAT_QUEUE:
      return s.stats.snapshot(kind, tenant, id);
    case StoreKind.THRESHOLD_PROFILE:
    case StoreKind.THRESHOLD:
      return s.thresholds.snapshot(kind, tenant, id);
    case StoreKind.ACTIONS:
      return s.actions.snapshot(kind, tenant, id);
  }
}

/**
 * Loads persisted state in dependency order (destinations, filters, actions, then profiles before
 * their runtime state). A record the engine refuses (e.g. a profile naming a metric type this
 * version lacks) is logged and skipped; a record the store cannot decode fails the start with the
 * key named, rather than being overwritten later. `onlyMissing` (a restore after the database came
 * up late) keeps whatever was set in memory meanwhile: memory is authoritative.
 */
export async function restoreState(
  store: DataStore,
  s: StatefulServices,
  logger: Logger,
  onlyMissing: boolean,
): Promise<Record<string, number>> {
  const restoredProfiles = new Set<string>();
  // runtime state is missing exactly when its profile was restored in this pass
  const exists = (kind: StoreKind, tenant: string, id: string): boolean =>
    kind === StoreKind.STAT_QUEUE || kind === StoreKind.THRESHOLD
      ? !restoredProfiles.has(`${kind}:${tenant}:${id}`)
      : snapshotOf(s, kind, tenant, id) !== undefined;
  const load = async (kind: StoreKind, apply: (data: unknown) => unknown): Promise<number> => {
    let n = 0;
    for (const rec of await store.loadAll(kind)) {
      if (onlyMissing && exists(kind, rec.tenant, rec.id)) continue;
      try {
        if (apply(rec.data) === false) continue;
        n++;
        if (kind === StoreKind.STAT_PROFILE)
          restoredProfiles.add(`${StoreKind.STAT_QUEUE}:${rec.tenant}:${rec.id}`);
        if (kind === StoreKind.THRESHOLD_PROFILE)
          restoredProfiles.add(`${StoreKind.THRESHOLD}:${rec.tenant}:${rec.id}`);
      } catch (err) {
        logger.error(
          { kind, tenant: rec.tenant, id: rec.id, error: (err as Error).message },
          'skipping a stored record',
        );
      }
    }
    return n;
  };
  const counts = {
    destinations: await load(StoreKind.DESTINATION, (d) => s.destinations.set(d as Destination)),
    filters: await load(StoreKind.FILTER, (f) => s.filters.setFilter(f as FilterProfile)),
    actions: await load(StoreKind.ACTIONS, (a) => s.actions.restoreActions(a)),
    statProfiles: await load(StoreKind.STAT_PROFILE, (p) => s.stats.restoreProfile(p)),
    statQueues: await load(StoreKind.STAT_QUEUE, (q) => s.stats.restoreQueue(q as StatQueueJSON)),
    thresholdProfiles: await load(StoreKind.THRESHOLD_PROFILE, (p) => s.thresholds.restoreProfile(p)),
    thresholds: await load(StoreKind.THRESHOLD, (t) => s.thresholds.restoreThreshold(t)),
  };
  logger.info(counts, 'state restored');
  return counts;
}
