import pino from 'pino';
import type { Logger } from 'pino';
import { ActionService } from '../../src/engine/action-service';
import type { ActionServiceDeps } from '../../src/engine/action-service';
import type { ActionIO, RpcCallRequest } from '../../src/engine/actions/action-context';
import { FilterService } from '../../src/engine/filter-service';
import { ThresholdService } from '../../src/engine/threshold-service';
import type { ThresholdSettings } from '../../src/engine/threshold-service';
import type { StoreKind } from '../../src/store/data-store';
import { FakeClock } from './fake-clock';

/** A pino logger whose lines are kept, parsed, for assertions on what was logged. */
export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
  /** Lines whose `msg` contains `text`. */
  matching(text: string): Record<string, unknown>[];
}

export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level },
    { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  return {
    logger,
    lines,
    matching: (text) => lines.filter((l) => typeof l['msg'] === 'string' && l['msg'].includes(text)),
  };
}

/** An ActionIO that records calls and answers as told (a Promise it controls, or a value). */
export class FakeActionIO implements ActionIO {
  readonly posts: { url: string; body: string }[] = [];
  readonly calls: RpcCallRequest[] = [];
  /** Next httpPost outcome: undefined resolves, an Error rejects, 'hang' never settles until release(). */
  postOutcome: Error | 'hang' | undefined;
  /** Next rpcCall outcome: an Error rejects, 'hang' waits for release(), anything else is the result. */
  rpcOutcome: unknown = 'OK';
  private readonly hanging: (() => void)[] = [];

  httpPost(url: string, body: string): Promise<void> {
    this.posts.push({ url, body });
    const o = this.postOutcome;
    if (o === 'hang') return new Promise((resolve) => this.hanging.push(resolve));
    return o instanceof Error ? Promise.reject(o) : Promise.resolve();
  }

  rpcCall(req: RpcCallRequest): Promise<unknown> {
    this.calls.push(req);
    const o = this.rpcOutcome;
    if (o === 'hang') return new Promise((resolve) => this.hanging.push(() => resolve('OK')));
    return o instanceof Error ? Promise.reject(o) : Promise.resolve(o);
  }

  /** Settles every hanging call successfully. */
  release(): void {
    for (const r of this.hanging.splice(0)) r();
  }
}

export interface ThresholdEngine {
  clock: FakeClock;
  filters: FilterService;
  actions: ActionService;
  thresholds: ThresholdService;
  log: CapturedLogger;
  persisted: { kind: StoreKind; tenant: string; id: string }[];
  statResets: { tenant: string; id: string }[];
}

export interface ThresholdEngineOptions {
  settings?: Partial<ThresholdSettings>;
  io?: ActionIO;
  clock?: FakeClock;
  resetStatQueue?: ActionServiceDeps['resetStatQueue'];
}

/** ThresholdService + ActionService wired to a real FilterService and index, a fake clock, a captured log. */
export function thresholdEngine(opts: ThresholdEngineOptions = {}): ThresholdEngine {
  const clock = opts.clock ?? new FakeClock();
  const log = captureLogger();
  const filters = new FilterService({ clock, timezone: 'UTC', destinations: { prefixes: () => undefined } });
  const persisted: ThresholdEngine['persisted'] = [];
  const statResets: ThresholdEngine['statResets'] = [];
  const persist = (kind: StoreKind, tenant: string, id: string): void => {
    persisted.push({ kind, tenant, id });
  };
  const actions = new ActionService({
    logger: log.logger,
    defaultTenant: 'cgrates.org',
    persist,
    resetStatQueue: opts.resetStatQueue ?? ((tenant, id) => statResets.push({ tenant, id })),
    resetThreshold: (tenant, id) => thresholds.resetThresholdByID(tenant, id),
    ...(opts.io === undefined ? {} : { io: opts.io }),
  });
  const thresholds = new ThresholdService({
    filters,
    index: filters.createIndex('*threshold_filter_indexes'),
    actions,
    clock,
    logger: log.logger,
    settings: {
      defaultTenant: 'cgrates.org',
      timezone: 'UTC',
      profileIDs: [],
      profileIgnoreFilters: false,
      ...opts.settings,
    },
    persist,
  });
  return { clock, filters, actions, thresholds, log, persisted, statResets };
}

/** The message of what `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}
