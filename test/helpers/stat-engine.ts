import pino from 'pino';
import { FilterService } from '../../src/engine/filter-service';
import { StatService } from '../../src/engine/stat-service';
import type { StatSettings, StatUpdateSink } from '../../src/engine/stat-service';
import type { CGREvent } from '../../src/engine/cgr-event';
import type { StoreKind } from '../../src/store/data-store';
import { FakeClock } from './fake-clock';

export const silentLogger = pino({ level: 'silent' });

/** A StatUpdate sink that records what it is given and fails when told to. */
export class RecordingSink implements StatUpdateSink {
  readonly events: CGREvent[] = [];
  fail: Error | undefined;

  send(ev: CGREvent): void {
    if (this.fail !== undefined) throw this.fail;
    this.events.push(ev);
  }
}

export interface StatEngine {
  clock: FakeClock;
  filters: FilterService;
  stats: StatService;
  persisted: { kind: StoreKind; tenant: string; id: string }[];
  /** ProcessEvent, asserting the reply came synchronously (no remote sink is involved). */
  process(arg: unknown): string[];
}

/** StatService wired to a real FilterService and index, a fake clock, and a recording persist hook. */
export function statEngine(
  settings: Partial<StatSettings> = {},
  statUpdates?: StatUpdateSink,
  clock = new FakeClock(),
): StatEngine {
  const filters = new FilterService({ clock, timezone: 'UTC', destinations: { prefixes: () => undefined } });
  const persisted: StatEngine['persisted'] = [];
  const stats = new StatService({
    filters,
    index: filters.createIndex('*stat_filter_indexes'),
    clock,
    logger: silentLogger,
    settings: {
      defaultTenant: 'cgrates.org',
      roundingDecimals: 5,
      timezone: 'UTC',
      storeQueues: true,
      profileIDs: [],
      profileIgnoreFilters: false,
      ...settings,
    },
    persist: (kind, tenant, id) => persisted.push({ kind, tenant, id }),
    ...(statUpdates === undefined ? {} : { statUpdates }),
  });
  const process = (arg: unknown): string[] => {
    const out = stats.processEvent(arg);
    if (out instanceof Promise) throw new Error('expected a synchronous ProcessEvent reply');
    return out;
  };
  return { clock, filters, stats, persisted, process };
}
