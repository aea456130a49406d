import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createMetric } from '../../metrics';
import { mandatoryMissing, notFound, partiallyExecuted } from '../errors';
import { StoreKind } from '../store/data-store';
import { CGRError } from '../util/cgr-error';
import { JsonText } from '../util/json-text';
import type { Clock } from '../util/clock';
import { OnceKeys } from '../util/once-keys';
import { cgrEventFromArgs, eventDP } from './cgr-event';
import type { CGREvent } from './cgr-event';
import { EventType, Opt, StatUpdateField } from './constants';
import type { FilterIndex } from './filter-index';
import type { FilterService } from './filter-service';
import { indexedMatchSpec, matchEvent } from './profile-matcher';
import type { EventMatchSpec } from './profile-matcher';
import { paginateIDs } from './paginate';
import type { PaginatorArgs } from './paginate';
import { profileChangeResetsQueue, statProfileFromArgs } from './stat-profile';
import type { StatProfile, StatQueueProfileJSON } from './stat-profile';
import { StatQueue } from './stat-queue';
import type { StatQueueJSON } from './stat-queue';
import type { EventDP } from './types';

/** Where StatUpdate events go (ThresholdS in process or remote). NOT_FOUND replies are the sink's to ignore. */
export interface StatUpdateSink {
  /** Returns (or resolves) when delivered; throws (or rejects) when the event could not be processed. */
  send(ev: CGREvent): void | Promise<void>;
}

export interface StatSettings {
  readonly defaultTenant: string;
  readonly roundingDecimals: number;
  readonly timezone: string;
  /** `stats.store_interval != 0`: tracked queues are persisted after changes. */
  readonly storeQueues: boolean;
  /** Config `stats.opts`. */
  readonly profileIDs: readonly string[];
  readonly profileIgnoreFilters: boolean;
}

export interface StatServiceDeps {
  readonly filters: FilterService;
  /** The `*stat_filter_indexes` index; its payloads are the service's profile views. */
  readonly index: FilterIndex<StatProfileView>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: StatSettings;
  /**
   * Marks an entity changed for the store scheduler. `now` asks for a write whatever the kind's
   * store_interval (a created, reset or removed queue: CGRateS writes those at once).
   */
  readonly persist: (kind: StoreKind, tenant: string, id: string, now?: boolean) => void;
  readonly statUpdates?: StatUpdateSink;
}

/** A profile and its queue: they share Tenant:ID and live and die together. */
interface Entry {
  profile: StatProfile;
  queue: StatQueue;
}

/** What matching sees of a profile (the index payload): its matching fields and its queue. */
export interface StatProfileView {
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: StatProfile['activation'];
  readonly weight: number;
  readonly blocker: boolean;
  readonly entry: Entry;
}

/**
 * The StatS service (mirrors engine/stats.go): profile administration, event processing, metric
 * reads. Everything in memory runs synchronously on the event loop (the event loop is the lock);
 * only the StatUpdate delivery to a remote ThresholdS may be asynchronous.
 */
export class StatService {
  private readonly tenants = new Map<string, Map<string, StatProfileView>>();
  private readonly metricErrorsLogged = new OnceKeys();
  private eventsTotal = 0;
  private readonly onMetricError = (queue: StatQueue, metricID: string, err: unknown): void => {
    const msg = err instanceof Error ? err.message : String(err);
    const key = `${queue.tenant}:${queue.id}:${metricID}:${msg}`;
    if (this.metricErrorsLogged.first(key)) {
      this.deps.logger.warn(
        { tenant: queue.tenant, queue: queue.id, metric: metricID, error: msg },
        'metric skipped an event (logged once per queue, metric and error)',
      );
    }
  };
  private readonly passFilters = (tenant: string, filterIDs: readonly string[], dp: EventDP): boolean =>
    this.deps.filters.pass(tenant, filterIDs, dp);

  private readonly deps: StatServiceDeps;
  private readonly matchSpec: EventMatchSpec<StatProfileView>;

  constructor(deps: StatServiceDeps) {
    this.deps = deps;
    this.matchSpec = indexedMatchSpec({
      index: deps.index,
      filters: deps.filters,
      hasTenant: (tenant) => this.tenants.has(tenant),
      idsOpt: Opt.STS_PROFILE_IDS,
      ignoreFiltersOpt: Opt.STS_PROFILE_IGNORE_FILTERS,
      settings: deps.settings,
    });
  }

  // ---- administration (APIerSv1.*StatQueueProfile) ----

  /** SetStatQueueProfile: validates, stores, (re)indexes, and creates, resets or keeps the queue (spec §5.4). */
  setProfile(arg: unknown): void {
    const { settings } = this.deps;
    const profile = statProfileFromArgs(
      arg,
      settings.defaultTenant,
      settings.timezone,
      this.deps.clock.nowMs(),
    );
    const { tenant, id } = profile;
    this.deps.filters.checkFilterIDs(tenant, id, profile.filterIDs);
    for (const m of profile.metrics) {
      createMetric(m.MetricID, { minItems: profile.minItems, filterIDs: [], timezone: settings.timezone });
      if (m.FilterIDs !== null) this.deps.filters.checkFilterIDs(tenant, id, m.FilterIDs);
    }
    const prev = this.lookup(tenant, id)?.entry;
    let queue: StatQueue;
    const fresh = prev === undefined || profileChangeResetsQueue(prev.profile, profile);
    if (fresh) {
      queue = new StatQueue(profile, settings.timezone);
    } else {
      queue = prev.queue;
      queue.applyProfileKeepingItems(profile);
    }
    this.put({ profile, queue });
    this.deps.persist(StoreKind.STAT_PROFILE, tenant, id);
    // a fresh queue is written whatever Stored says; a kept one only for Stored profiles (spec §5.4)
    if (fresh) this.deps.persist(StoreKind.STAT_QUEUE, tenant, id, true);
    else if (profile.stored) this.deps.persist(StoreKind.STAT_QUEUE, tenant, id);
  }

  getProfile(arg: unknown): StatQueueProfileJSON {
    const { tenant, id } = this.tenantID(arg);
    const view = this.lookup(tenant, id);
    if (view === undefined) throw notFound();
    return view.entry.profile.json;
  }

  /** GetStatQueueProfileIDs: NOT_FOUND when the tenant has none. */
  profileIDs(arg: PaginatorArgs): string[] {
    const tenant = this.tenantOf(arg.Tenant);
    const ids = [...(this.tenants.get(tenant)?.keys() ?? [])];
    if (ids.length === 0) throw notFound();
    return paginateIDs(ids, `sqp_${tenant}:`, arg);
  }

  /** RemoveStatQueueProfile: the profile, its index entries and its queue. */
  removeProfile(arg: unknown): void {
    const { tenant, id } = this.tenantID(arg);
    const byID = this.tenants.get(tenant);
    if (byID === undefined || !byID.delete(id)) throw notFound();
    if (byID.size === 0) this.tenants.delete(tenant);
    this.deps.index.removeItem(tenant, id);
    this.deps.persist(StoreKind.STAT_PROFILE, tenant, id);
    this.deps.persist(StoreKind.STAT_QUEUE, tenant, id, true);
  }

  // ---- runtime (StatSv1.*) ----

  /** StatSv1.ProcessEvent (spec §2): IDs of the processed queues, in processing order. */
  processEvent(arg: unknown): string[] | Promise<string[]> {
    const ev = cgrEventFromArgs(arg, this.deps.settings.defaultTenant);
    const dp = eventDP(ev);
    const nowMs = this.deps.clock.nowMs();
    const matched = this.match(ev, dp, nowMs);
    const ids: string[] = new Array<string>(matched.length);
    for (let i = 0; i < matched.length; i++) {
      const { profile, queue } = (matched[i] as StatProfileView).entry;
      // CGRateS sets the dirty flag of a Stored profile's queue when it is matched
      if (profile.stored) queue.tracked = true;
      queue.processEvent(ev.ID, dp, nowMs, this.passFilters, this.onMetricError);
      this.changed(queue);
      ids[i] = queue.id;
    }
    this.eventsTotal++;
    const sink = this.deps.statUpdates;
    return sink === undefined ? ids : this.sendStatUpdates(sink, ev, matched, ids);
  }

  /** StatSv1.GetStatQueuesForEvent: matching only; nothing changes. */
  queuesForEvent(arg: unknown): string[] {
    const ev = cgrEventFromArgs(arg, this.deps.settings.defaultTenant);
    return this.match(ev, eventDP(ev), this.deps.clock.nowMs()).map((v) => v.id);
  }

  getQueue(arg: unknown): StatQueueJSON {
    return this.readQueue(arg).toJSON();
  }

  stringMetrics(arg: unknown): Record<string, string> {
    return this.readQueue(arg).stringMetrics(this.deps.settings.roundingDecimals);
  }

  floatMetrics(arg: unknown): Record<string, number> {
    return this.readQueue(arg).floatMetrics(this.deps.settings.roundingDecimals);
  }

  /** StatSv1.GetQueueIDs: `[]` (not NOT_FOUND) when the tenant has none. */
  queueIDs(tenant: unknown): string[] {
    return [...(this.tenants.get(this.tenantOf(tenant))?.keys() ?? [])];
  }

  /** StatSv1.ResetStatQueue: fresh metrics, no items; persisted whenever store_interval ≠ 0. */
  resetQueue(arg: unknown): void {
    const queue = this.queueOf(arg);
    queue.reset();
    queue.tracked = true;
    this.changed(queue);
  }

  /** Resets a queue by tenant and ID (the `*reset_stat_queue` action). */
  resetQueueByID(tenant: string, id: string): void {
    this.resetQueue({ Tenant: tenant, ID: id });
  }

  // ---- restore, persistence, sampling ----

  /** Re-creates a profile read from the store at start (no validation against filters: they may load later). */
  restoreProfile(json: unknown): void {
    const { settings } = this.deps;
    const profile = statProfileFromArgs(
      json,
      settings.defaultTenant,
      settings.timezone,
      this.deps.clock.nowMs(),
    );
    this.put({ profile, queue: new StatQueue(profile, settings.timezone) });
  }

  /** Restores a stored queue onto the queue of its profile; a queue without a profile is ignored. */
  restoreQueue(json: StatQueueJSON): boolean {
    const entry = this.lookup(json.Tenant, json.ID)?.entry;
    if (entry === undefined) return false;
    entry.queue.loadJSON(json);
    entry.queue.tracked = entry.profile.stored;
    return true;
  }

  /** Current stored form of an entity, or undefined when it no longer exists (the store deletes it). */
  snapshot(kind: StoreKind, tenant: string, id: string): unknown {
    const entry = this.lookup(tenant, id)?.entry;
    if (entry === undefined) return undefined;
    if (kind === StoreKind.STAT_PROFILE) return entry.profile.json;
    // written straight to JSON text: a flush serialises every dirty queue
    if (kind === StoreKind.STAT_QUEUE) return new JsonText(entry.queue.toJSONText());
    return undefined;
  }

  /** Visits every queue (series sampling, Prometheus); reads expire items like any metric read. */
  forEachQueue(visit: (queue: StatQueue) => void): void {
    const nowMs = this.deps.clock.nowMs();
    for (const byID of this.tenants.values()) {
      for (const view of byID.values()) {
        const queue = view.entry.queue;
        if (queue.expire(nowMs)) this.changed(queue);
        visit(queue);
      }
    }
  }

  get roundingDecimals(): number {
    return this.deps.settings.roundingDecimals;
  }

  /** Events accepted by ProcessEvent since start. */
  get eventsProcessed(): number {
    return this.eventsTotal;
  }

  // ---- internals ----

  private match(ev: CGREvent, dp: EventDP, nowMs: number): StatProfileView[] {
    return matchEvent(ev, dp, nowMs, this.matchSpec);
  }

  private sendStatUpdates(
    sink: StatUpdateSink,
    ev: CGREvent,
    matched: readonly StatProfileView[],
    ids: string[],
  ): string[] | Promise<string[]> {
    let failed = false;
    let pending: Promise<void>[] | undefined;
    for (const view of matched) {
      const { profile, queue } = view.entry;
      if (profile.thresholdsDisabled) continue;
      try {
        const out = sink.send(this.statUpdateEvent(queue, profile, ev.APIOpts));
        if (out !== undefined) (pending ??= []).push(out);
      } catch (err) {
        failed = true;
        this.deps.logger.debug({ queue: queue.id, error: String(err) }, 'StatUpdate not processed');
      }
    }
    if (pending === undefined) {
      if (failed) throw partiallyExecuted();
      return ids;
    }
    return Promise.allSettled(pending).then((results) => {
      if (failed || results.some((r) => r.status === 'rejected')) throw partiallyExecuted();
      return ids;
    });
  }

  /** Spec §2.7: one StatUpdate per queue, metric values typed (durations in ns, N/A = -1). */
  private statUpdateEvent(
    queue: StatQueue,
    profile: StatProfile,
    opts: Readonly<Record<string, unknown>>,
  ): CGREvent {
    const decimals = this.deps.settings.roundingDecimals;
    const event: Record<string, unknown> = {
      [StatUpdateField.EVENT_TYPE]: EventType.STAT_UPDATE,
      [StatUpdateField.STAT_ID]: queue.id,
    };
    for (const m of queue.metrics) event[m.metricID] = m.getValue(decimals);
    return {
      Tenant: queue.tenant,
      ID: randomUUID(),
      Time: null,
      Event: event,
      APIOpts: {
        ...opts,
        [Opt.EVENT_TYPE]: EventType.STAT_UPDATE,
        [Opt.THD_PROFILE_IDS]: profile.thresholdIDs,
      },
    };
  }

  /** Reads expire first and persist what expiry changed (spec §2.10). */
  private readQueue(arg: unknown): StatQueue {
    const queue = this.queueOf(arg);
    if (queue.expire(this.deps.clock.nowMs())) this.changed(queue);
    return queue;
  }

  private queueOf(arg: unknown): StatQueue {
    const { tenant, id } = this.tenantID(arg);
    const view = this.lookup(tenant, id);
    if (view === undefined) throw notFound();
    return view.entry.queue;
  }

  /** CGRateS' persistence marking (spec §2.4.4). */
  private changed(queue: StatQueue): void {
    if (queue.tracked && this.deps.settings.storeQueues)
      this.deps.persist(StoreKind.STAT_QUEUE, queue.tenant, queue.id);
  }

  private tenantID(arg: unknown): { tenant: string; id: string } {
    const rec = arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>) : {};
    const id = rec['ID'];
    // deviation 7: an empty argument answers MANDATORY_IE_MISSING instead of crashing
    if (id === undefined || id === null || id === '') throw mandatoryMissing(['ID']);
    if (typeof id !== 'string') throw new CGRError('ID must be a string');
    return { tenant: this.tenantOf(rec['Tenant']), id };
  }

  private tenantOf(tenant: unknown): string {
    return typeof tenant === 'string' && tenant !== '' ? tenant : this.deps.settings.defaultTenant;
  }

  private lookup(tenant: string, id: string): StatProfileView | undefined {
    return this.tenants.get(tenant)?.get(id);
  }

  /** Stores a profile and its queue, and (re)indexes it with its new view as the index payload. */
  private put(entry: Entry): void {
    const { profile } = entry;
    let byID = this.tenants.get(profile.tenant);
    if (byID === undefined) {
      byID = new Map();
      this.tenants.set(profile.tenant, byID);
    }
    const view: StatProfileView = {
      id: profile.id,
      filterIDs: profile.filterIDs,
      activation: profile.activation,
      weight: profile.weight,
      blocker: profile.blocker,
      entry,
    };
    byID.set(profile.id, view);
    this.deps.index.setItem(profile.tenant, profile.id, profile.filterIDs, view);
  }
}
