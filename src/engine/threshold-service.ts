import type { Logger } from '../log';
import { mandatoryMissing, notFound, partiallyExecuted } from '../errors';
import { StoreKind } from '../store/data-store';
import { CGRError } from '../util/cgr-error';
import type { Clock } from '../util/clock';
import { ifaceAsString } from '../util/convert';
import { OnceKeys } from '../util/once-keys';
import type { ActionContext, ActionRunner } from './actions/action-context';
import { cgrEventFromArgs, eventDP } from './cgr-event';
import type { CGREvent } from './cgr-event';
import { EventType, Opt } from './constants';
import type { FilterIndex } from './filter-index';
import type { FilterService } from './filter-service';
import { paginateIDs } from './paginate';
import type { PaginatorArgs } from './paginate';
import { indexedMatchSpec, matchEvent } from './profile-matcher';
import type { EventMatchSpec } from './profile-matcher';
import { Threshold } from './threshold';
import type { ThresholdJSON } from './threshold';
import { profileChangeResetsThreshold, thresholdProfileFromArgs } from './threshold-profile';
import type { ThresholdProfile, ThresholdProfileJSON } from './threshold-profile';
import type { EventDP } from './types';
import { errorMessage } from './actions/error-message';

export interface ThresholdSettings {
  readonly defaultTenant: string;
  readonly timezone: string;
  /** Config `thresholds.opts`: `*profileIDs` and `*profileIgnoreFilters`. */
  readonly profileIDs: readonly string[];
  readonly profileIgnoreFilters: boolean;
}

export interface ThresholdServiceDeps {
  readonly filters: Pick<FilterService, 'passResolved' | 'checkFilterIDs'>;
  /** The `*threshold_filter_indexes` index; its payloads are the service's threshold views. */
  readonly index: Pick<FilterIndex<ThresholdView>, 'setItem' | 'removeItem' | 'candidates' | 'item'>;
  readonly actions: ActionRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: ThresholdSettings;
  /** Marks an entity changed for the store scheduler. */
  readonly persist: (kind: StoreKind, tenant: string, id: string) => void;
}

/** What matching sees of a threshold (the index payload): its profile's matching fields and the state. */
export interface ThresholdView {
  readonly id: string;
  readonly filterIDs: readonly string[];
  readonly activation: ThresholdProfile['activation'];
  readonly weight: number;
  readonly blocker: boolean;
  readonly profile: ThresholdProfile;
  readonly threshold: Threshold;
}

/** Event fields CGRateS reads the account from (engine/thresholds.go). */
const ACCOUNT_FIELD = 'Account';
const ACCOUNT_ID_FIELD = 'AccountID';

/**
 * ThresholdS (mirrors engine/thresholds.go): profile administration, event processing and the
 * runtime state. Memory is authoritative and every state change happens synchronously on the
 * event loop; only action sets doing network I/O continue asynchronously. A synchronous (non-Async)
 * threshold's reply waits for them; an Async threshold's does not.
 */
export class ThresholdService {
  private readonly tenants = new Map<string, Map<string, ThresholdView>>();
  private readonly deps: ThresholdServiceDeps;
  private readonly logger: Logger;
  private readonly problemsLogged = new OnceKeys();
  private eventsTotal = 0;
  private readonly matchSpec: EventMatchSpec<ThresholdView>;

  constructor(deps: ThresholdServiceDeps) {
    this.deps = deps;
    this.logger = deps.logger.child({ component: 'thresholds' });
    this.matchSpec = indexedMatchSpec({
      index: deps.index,
      filters: deps.filters,
      hasTenant: (tenant) => this.tenants.has(tenant),
      idsOpt: Opt.THD_PROFILE_IDS,
      ignoreFiltersOpt: Opt.THD_PROFILE_IGNORE_FILTERS,
      settings: deps.settings,
    });
  }

  // ---- administration (APIerSv1.*ThresholdProfile) ----

  /**
   * SetThresholdProfile: validates, checks filter references, stores, (re)indexes; creates the
   * threshold, or resets it when MaxHits, MinHits or MinSleep changed (B6), else keeps its state.
   */
  setProfile(arg: unknown): void {
    const { settings } = this.deps;
    const profile = thresholdProfileFromArgs(
      asRecord(arg),
      settings.defaultTenant,
      settings.timezone,
      this.deps.clock.nowMs(),
    );
    const { tenant, id } = profile;
    this.deps.filters.checkFilterIDs(tenant, id, profile.filterIDs);
    const prev = this.lookup(tenant, id);
    let threshold: Threshold;
    let resetState = true;
    if (prev === undefined) {
      threshold = new Threshold(profile);
    } else {
      threshold = prev.threshold;
      resetState = profileChangeResetsThreshold(prev.profile, profile);
      threshold.profile = profile;
      if (resetState) threshold.reset();
    }
    this.put(profile, threshold);
    this.deps.persist(StoreKind.THRESHOLD_PROFILE, tenant, id);
    if (resetState) this.deps.persist(StoreKind.THRESHOLD, tenant, id);
  }

  getProfile(arg: unknown): ThresholdProfileJSON {
    const { tenant, id } = this.tenantID(arg);
    const view = this.lookup(tenant, id);
    if (view === undefined) throw notFound();
    return view.profile.json;
  }

  /** GetThresholdProfileIDs: NOT_FOUND when the tenant has none. */
  profileIDs(arg: PaginatorArgs): string[] {
    const tenant = this.tenantOf(arg.Tenant);
    const ids = [...(this.tenants.get(tenant)?.keys() ?? [])];
    if (ids.length === 0) throw notFound();
    return paginateIDs(ids, `thp_${tenant}:`, arg);
  }

  /** GetThresholdProfileCount: NOT_FOUND when the tenant has none. */
  profileCount(tenant: unknown): number {
    const n = this.tenants.get(this.tenantOf(tenant))?.size ?? 0;
    if (n === 0) throw notFound();
    return n;
  }

  /** RemoveThresholdProfile: the profile, its index entries and its threshold. */
  removeProfile(arg: unknown): void {
    const { tenant, id } = this.tenantID(arg);
    const byID = this.tenants.get(tenant);
    if (byID === undefined || !byID.delete(id)) throw notFound();
    if (byID.size === 0) this.tenants.delete(tenant);
    this.deps.index.removeItem(tenant, id);
    this.deps.persist(StoreKind.THRESHOLD_PROFILE, tenant, id);
    this.deps.persist(StoreKind.THRESHOLD, tenant, id);
  }

  // ---- runtime (ThresholdSv1.*) ----

  /** ThresholdSv1.ProcessEvent: validates the CGREvent argument, then {@link processCGREvent}. */
  processEvent(arg: unknown): string[] | Promise<string[]> {
    return this.processCGREvent(cgrEventFromArgs(arg, this.deps.settings.defaultTenant));
  }

  /**
   * The B6 algorithm on an already-validated event (the in-process StatS sink calls this directly).
   * Returns the IDs whose Hits were incremented, possibly `[]`; throws NOT_FOUND when nothing
   * matched. A failed or missing synchronous action set makes the answer PARTIALLY_EXECUTED once
   * every action of this event has finished; hits and snoozes are counted either way.
   */
  processCGREvent(ev: CGREvent): string[] | Promise<string[]> {
    const dp = eventDP(ev);
    const nowMs = this.deps.clock.nowMs();
    const matched = this.match(ev, dp, nowMs);
    this.eventsTotal++;
    const ids: string[] = [];
    let failed = false;
    let pending: Promise<boolean>[] | undefined;
    let account: string | undefined | null = null;
    for (const view of matched) {
      const th = view.threshold;
      const profile = view.profile;
      if (th.exhausted) continue;
      ids.push(th.id);
      th.hits++;
      // MinSleep 0 never snoozes: Go's ns clock always moves between two events, a ms clock may not.
      const awake = profile.minSleepMs <= 0 || nowMs > th.snoozeMs;
      if (awake && th.hits >= profile.minHits && (profile.maxHits === -1 || th.hits <= profile.maxHits)) {
        if (account === null) account = resolveAccount(ev);
        const out = this.runActionSets(th, profile, {
          tenant: th.tenant,
          thresholdID: th.id,
          event: ev,
          account,
        });
        // Set when the actions start (CGRateS sets it when they end): an event arriving while a
        // webhook is in flight must already see the snooze, or it would fire the actions again.
        th.snoozeMs = nowMs + profile.minSleepMs;
        if (profile.exportRequested)
          this.warnOnce(
            `ee:${th.tenant}:${th.id}`,
            th,
            'EeIDs set: ThresholdHit export is not supported, ignored',
          );
        // An Async threshold's outcome is only logged (runActionSets did): it never delays or fails the reply.
        if (!profile.async) {
          if (out === false) failed = true;
          else if (out !== true) (pending ??= []).push(out);
        }
      }
      this.deps.persist(StoreKind.THRESHOLD, th.tenant, th.id);
    }
    if (pending === undefined) {
      if (failed) throw partiallyExecuted();
      return ids;
    }
    return Promise.all(pending).then((oks) => {
      if (failed || oks.includes(false)) throw partiallyExecuted();
      return ids;
    });
  }

  /** ThresholdSv1.GetThresholdsForEvent: matching only (MaxHits-exhausted thresholds included); nothing changes. */
  thresholdsForEvent(arg: unknown): ThresholdJSON[] {
    const ev = cgrEventFromArgs(arg, this.deps.settings.defaultTenant);
    return this.match(ev, eventDP(ev), this.deps.clock.nowMs()).map((v) => v.threshold.toJSON());
  }

  getThreshold(arg: unknown): ThresholdJSON {
    return this.thresholdOf(arg).toJSON();
  }

  /** ThresholdSv1.GetThresholdIDs: `[]` (not NOT_FOUND) when the tenant has none. */
  thresholdIDs(tenant: unknown): string[] {
    return [...(this.tenants.get(this.tenantOf(tenant))?.keys() ?? [])];
  }

  /** ThresholdSv1.ResetThreshold: Hits 0 and no snooze (re-arms a MaxHits-exhausted threshold). */
  resetThreshold(arg: unknown): void {
    const th = this.thresholdOf(arg);
    if (th.hits === 0) return;
    th.reset();
    this.deps.persist(StoreKind.THRESHOLD, th.tenant, th.id);
  }

  /** Resets a threshold by tenant and ID (the `*reset_threshold` action). */
  resetThresholdByID(tenant: string, id: string): void {
    this.resetThreshold({ Tenant: tenant, ID: id });
  }

  /** Events accepted by ProcessEvent since start (those that matched something). */
  get eventsProcessed(): number {
    return this.eventsTotal;
  }

  // ---- restore and persistence ----

  /** Re-creates a profile read from the store at start, with a fresh threshold (no filter checks: filters may load later). */
  restoreProfile(json: unknown): void {
    const { settings } = this.deps;
    const profile = thresholdProfileFromArgs(
      asRecord(json),
      settings.defaultTenant,
      settings.timezone,
      this.deps.clock.nowMs(),
    );
    const prev = this.lookup(profile.tenant, profile.id);
    const threshold = prev?.threshold ?? new Threshold(profile);
    threshold.profile = profile;
    this.put(profile, threshold);
  }

  /** Restores Hits and Snooze onto the threshold of its profile; one without a profile is ignored (false). */
  restoreThreshold(stored: unknown): boolean {
    const json = asRecord(stored);
    const tenant = json['Tenant'];
    const id = json['ID'];
    if (typeof tenant !== 'string' || typeof id !== 'string')
      throw new CGRError('stored threshold needs Tenant and ID');
    const view = this.lookup(tenant, id);
    if (view === undefined) return false;
    view.threshold.loadJSON(json, this.deps.settings.timezone, this.deps.clock.nowMs());
    return true;
  }

  /** Current stored form of an entity, or undefined when it no longer exists (the store deletes it). */
  snapshot(kind: StoreKind, tenant: string, id: string): ThresholdProfileJSON | ThresholdJSON | undefined {
    const view = this.lookup(tenant, id);
    if (view === undefined) return undefined;
    if (kind === StoreKind.THRESHOLD_PROFILE) return view.profile.json;
    if (kind === StoreKind.THRESHOLD) return view.threshold.toJSON();
    return undefined;
  }

  // ---- internals ----

  /** CGRateS `matchingThresholdsForEvent` (A4): explicit IDs or the index, then matchProfiles. */
  private match(ev: CGREvent, dp: EventDP, nowMs: number): ThresholdView[] {
    return matchEvent(ev, dp, nowMs, this.matchSpec);
  }

  /**
   * Runs the threshold's action sets in order, each after the previous one finished. Returns true
   * (all done, all fine), false (done, something failed) or a Promise of that. Failures are logged
   * here, once per threshold, set and error text; an Async threshold's outcome is only logged.
   */
  private runActionSets(
    th: Threshold,
    profile: ThresholdProfile,
    ctx: ActionContext,
  ): boolean | Promise<boolean> {
    return this.runSetsFrom(th, profile.actionIDs, 0, ctx, true);
  }

  private runSetsFrom(
    th: Threshold,
    actionIDs: readonly string[],
    start: number,
    ctx: ActionContext,
    okSoFar: boolean,
  ): boolean | Promise<boolean> {
    let ok = okSoFar;
    for (let i = start; i < actionIDs.length; i++) {
      const setID = actionIDs[i] as string;
      let out: void | Promise<void>;
      try {
        out = this.deps.actions.execute(setID, ctx);
      } catch (err) {
        this.actionSetFailed(th, setID, err);
        ok = false;
        continue;
      }
      if (out !== undefined) {
        const next = i + 1;
        return out.then(
          () => this.runSetsFrom(th, actionIDs, next, ctx, ok),
          (err: unknown) => {
            this.actionSetFailed(th, setID, err);
            return this.runSetsFrom(th, actionIDs, next, ctx, false);
          },
        );
      }
    }
    return ok;
  }

  private actionSetFailed(th: Threshold, setID: string, err: unknown): void {
    const msg = errorMessage(err);
    this.warnOnce(
      `act:${th.tenant}:${th.id}:${setID}:${msg}`,
      th,
      `failed executing actions: ${setID}, error: ${msg}`,
    );
  }

  /** One line per distinct problem (DESIGN §5), then debug. */
  private warnOnce(key: string, th: Threshold, msg: string): void {
    const fields = { tenant: th.tenant, threshold: th.id };
    if (this.problemsLogged.first(key)) this.logger.warn(fields, `<ThresholdS> ${msg}`);
    else this.logger.debug(fields, `<ThresholdS> ${msg}`);
  }

  private thresholdOf(arg: unknown): Threshold {
    const { tenant, id } = this.tenantID(arg);
    const view = this.lookup(tenant, id);
    if (view === undefined) throw notFound();
    return view.threshold;
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

  private lookup(tenant: string, id: string): ThresholdView | undefined {
    return this.tenants.get(tenant)?.get(id);
  }

  /** Stores a profile and its threshold, and (re)indexes it with its new view as the index payload. */
  private put(profile: ThresholdProfile, threshold: Threshold): void {
    let byID = this.tenants.get(profile.tenant);
    if (byID === undefined) {
      byID = new Map();
      this.tenants.set(profile.tenant, byID);
    }
    const view: ThresholdView = {
      id: profile.id,
      filterIDs: profile.filterIDs,
      activation: profile.activation,
      weight: profile.weight,
      blocker: profile.blocker,
      profile,
      threshold,
    };
    byID.set(profile.id, view);
    this.deps.index.setItem(profile.tenant, profile.id, profile.filterIDs, view);
  }
}

function asRecord(v: unknown): Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * CGRateS' account for threshold actions: `AccountID` on an AccountUpdate event, else `Account`;
 * the `*accountID` opt wins over both. `tenant:account`, or undefined when empty.
 */
function resolveAccount(ev: CGREvent): string | undefined {
  const field =
    ifaceAsString(ev.APIOpts[Opt.EVENT_TYPE]) === EventType.ACCOUNT_UPDATE ? ACCOUNT_ID_FIELD : ACCOUNT_FIELD;
  let account = ifaceAsString(ev.Event[field]);
  const opt = ev.APIOpts[Opt.ACCOUNT_ID];
  if (opt !== undefined && opt !== null) account = ifaceAsString(opt);
  return account === '' ? undefined : `${ev.Tenant}:${account}`;
}
