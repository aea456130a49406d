import { Destinations } from '../src/engine/destinations';
import { FilterService } from '../src/engine/filter-service';
import { StatService } from '../src/engine/stat-service';
import type { StatQueue } from '../src/engine/stat-queue';
import { createLogger } from '../src/log';
import { systemClock } from '../src/util/clock';
import { BENCH_TENANT, EventFactory, prefillEvents, profileArg } from './workload';
import type { WorkloadShape } from './workload';

/** Checked every this many iterations of a long set-up loop. */
const DEADLINE_CHECK_EVERY = 4096;

/**
 * StatS built from the engine classes the way `startStatQueue` builds it, minus transports and
 * store: no StatUpdate sink (`thresholds_conns: []`), nothing persisted. What `core`, `scale` and
 * `memory` measure is this object and nothing around it.
 */
export class InProcessEngine {
  readonly stats: StatService;
  readonly filters: FilterService;
  readonly factory: EventFactory;
  readonly shape: WorkloadShape;

  constructor(shape: WorkloadShape) {
    this.shape = shape;
    this.factory = new EventFactory(shape);
    const filters = new FilterService({
      clock: systemClock,
      timezone: 'UTC',
      destinations: new Destinations(),
    });
    this.filters = filters;
    this.stats = new StatService({
      filters,
      index: filters.createIndex('*stat_filter_indexes'),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      settings: {
        defaultTenant: BENCH_TENANT,
        roundingDecimals: 5,
        timezone: 'UTC',
        storeQueues: false,
        profileIDs: [],
        profileIgnoreFilters: false,
      },
      persist: () => undefined,
    });
  }

  /** Sets every profile of the shape, as SetStatQueueProfile does; throws past `deadlineMs` (epoch). */
  loadProfiles(deadlineMs: number): void {
    for (let i = 0; i < this.shape.profiles; i++) {
      this.stats.setProfile(profileArg(this.shape, i));
      if (i % DEADLINE_CHECK_EVERY === 0) checkDeadline(deadlineMs, 'loading profiles');
    }
  }

  /** Fills every queue to exactly QueueLength items with events tagged `tag`; returns the event count. */
  prefill(tag: string, deadlineMs: number): number {
    const n = prefillEvents(this.shape);
    for (let seq = 0; seq < n; seq++) {
      // No StatUpdate sink here, so processEvent answers synchronously.
      if (this.stats.processEvent(this.factory.eventArg(seq, `${tag}${seq}`)) instanceof Promise) {
        throw new Error('processEvent went asynchronous: the in-process engine must have no StatUpdate sink');
      }
      if (seq % DEADLINE_CHECK_EVERY === 0) checkDeadline(deadlineMs, 'pre-filling queues');
    }
    return n;
  }

  /** Queue count and item totals, to prove the pre-fill left every queue full. */
  queueFill(): { queues: number; items: number; minItems: number; maxItems: number } {
    let queues = 0;
    let items = 0;
    let minItems = Number.POSITIVE_INFINITY;
    let maxItems = 0;
    this.stats.forEachQueue((q: StatQueue) => {
      const len = q.items.length;
      queues++;
      items += len;
      minItems = Math.min(minItems, len);
      maxItems = Math.max(maxItems, len);
    });
    return { queues, items, minItems: queues === 0 ? 0 : minItems, maxItems };
  }
}

export function checkDeadline(deadlineMs: number, what: string): void {
  if (Date.now() > deadlineMs) throw new Error(`time budget exceeded while ${what}`);
}
