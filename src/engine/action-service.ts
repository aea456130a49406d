import type { Logger } from '../log';
import { ErrText, mandatoryMissing, notFound, serverError } from '../errors';
import { StoreKind } from '../store/data-store';
import { CGRError } from '../util/cgr-error';
import { formatFloatF } from '../util/go-float';
import { parseGoBool, tryParseGoFloat } from '../util/go-strconv';
import { ActionType, FOREIGN_ACTION_TYPES, isAcceptedActionType, isExecutedActionType } from './action-types';
import type { ActionJSON } from './action-types';
import type { ActionContext, ActionIO, ActionRunner } from './actions/action-context';
import { CgrRpcAction, validateCgrRpcParams } from './actions/cgr-rpc-action';
import { HttpPostAction } from './actions/http-post-action';
import { LogAction } from './actions/log-action';
import { ResetAction } from './actions/reset-action';
import type { ResetFn } from './actions/reset-action';
import { errorMessage } from './actions/error-message';

/** Stored form of an action set (the store's tenant is `""`: action sets are global in CGRateS). */
export interface StoredActionSetJSON {
  readonly ActionsId: string;
  readonly Actions: readonly ActionJSON[];
}

export interface ActionServiceDeps {
  readonly logger: Logger;
  /** Tenant of `*reset_*` ExtraParameters given as a bare ID. */
  readonly defaultTenant: string;
  /** Marks an action set changed for the store scheduler (kind ACTIONS, tenant `""`). */
  readonly persist: (kind: StoreKind, tenant: string, id: string) => void;
  /** `*reset_stat_queue` target (StatService.resetQueueByID); absent when StatS is disabled. */
  readonly resetStatQueue?: ResetFn;
  /** `*reset_threshold` target (ThresholdService.resetThresholdByID). */
  readonly resetThreshold?: ResetFn;
  /** Network I/O of `*http_post` and `*cgr_rpc` (src/rpc/action-transport.ts). */
  readonly io?: ActionIO;
}

/** One action, ready to run. */
interface CompiledAction {
  readonly type: string;
  readonly extraParameters: string;
  readonly weight: number;
}

interface ActionSet {
  readonly id: string;
  /** As given (GetActions order and the stored form). */
  readonly json: readonly ActionJSON[];
  /** Execution order: Weight descending, ties in the given order. */
  readonly ordered: readonly CompiledAction[];
  /** Foreign types of this set already reported, so each is logged once per set (reset by a new Set). */
  readonly foreignLogged: Set<string>;
}

/** Where actions are stored: the tenant part of the store key. */
const ACTIONS_TENANT = '';

const ZERO = '0';
const FALSE = 'false';

/**
 * Classic CGRateS Actions (engine/action.go, apier/v1/apier.go): action sets stored by ID, run by
 * ThresholdS. Administration follows `APIerSv1.SetActions` / `GetActions` / `RemoveActions`.
 * Running follows `ActionTiming.Execute` without an account: actions sorted by Weight descending,
 * the first failure aborts the set. Types of other subsystems are stored and skipped.
 */
export class ActionService implements ActionRunner {
  private readonly sets = new Map<string, ActionSet>();
  private readonly deps: ActionServiceDeps;
  private readonly logger: Logger;
  private readonly logAction: LogAction;
  private readonly resetStatQueue: ResetAction;
  private readonly resetThreshold: ResetAction;
  private readonly httpPost: HttpPostAction;
  private readonly cgrRpc: CgrRpcAction;

  constructor(deps: ActionServiceDeps) {
    this.deps = deps;
    this.logger = deps.logger.child({ component: 'actions' });
    this.logAction = new LogAction(this.logger);
    this.resetStatQueue = new ResetAction(deps.resetStatQueue, 'StatS', deps.defaultTenant);
    this.resetThreshold = new ResetAction(deps.resetThreshold, 'ThresholdS', deps.defaultTenant);
    this.httpPost = new HttpPostAction(deps.io, this.logger);
    this.cgrRpc = new CgrRpcAction(deps.io, this.logger);
  }

  // ---- administration (APIerSv1.SetActions / GetActions / RemoveActions) ----

  /**
   * `APIerSv1.SetActions` (`V1AttrSetActions`, or the TPAction-shaped sets of the tariff-plan
   * loader). Errors carry their final wire text: `MANDATORY_IE_MISSING: [ActionsId Actions]`,
   * `MANDATORY_IE_MISSING:Action:<type>:[Identifier]`, `EXISTS` (set present and Overwrite false),
   * Go's ParseBool text for BalanceBlocker/BalanceDisabled, and `SERVER_ERROR: ...` for a type this
   * engine does not know or parameters it cannot run.
   */
  setActions(arg: unknown): void {
    const rec = asRecord(arg);
    const id = trimmed(rec['ActionsId']);
    const actions = rec['Actions'];
    const missing: string[] = [];
    if (id === '') missing.push('ActionsId');
    if (!Array.isArray(actions) || actions.length === 0) missing.push('Actions');
    if (missing.length > 0) throw mandatoryMissing(missing);
    const list = actions as unknown[];
    // CGRateS checks every action's mandatory fields before anything else.
    for (const a of list) {
      const identifier = trimmed(asRecord(a)['Identifier']);
      if (identifier === '')
        throw new CGRError(`${ErrText.MANDATORY_IE_MISSING}:Action:${identifier}:[Identifier]`);
    }
    if (rec['Overwrite'] !== true && this.sets.has(id)) throw new CGRError(ErrText.EXISTS);
    const json = list.map((a) => normaliseAction(asRecord(a)));
    for (const a of json) checkRunnable(a);
    this.sets.set(id, compile(id, json));
    this.deps.persist(StoreKind.ACTIONS, ACTIONS_TENANT, id);
  }

  /**
   * `APIerSv1.GetActions`: the argument is the bare set ID. CGRateS wraps the lookup error, so a
   * missing set answers `SERVER_ERROR: NOT_FOUND`.
   */
  getActions(arg: unknown): ActionJSON[] {
    if (arg !== undefined && arg !== null && typeof arg !== 'string') {
      throw new CGRError(`json: cannot unmarshal ${jsonKind(arg)} into Go value of type string`);
    }
    const id = typeof arg === 'string' ? arg : '';
    if (id === '') throw new CGRError(`${ErrText.MANDATORY_IE_MISSING} ActionsId: ${id}`);
    const set = this.sets.get(id);
    if (set === undefined) throw serverError(ErrText.NOT_FOUND);
    return set.json.map((a) => ({ ...a }));
  }

  /** `APIerSv1.RemoveActions` `{ActionIDs}`: a null list is NOT_FOUND; IDs that do not exist are ignored, as in CGRateS. */
  removeActions(arg: unknown): void {
    const ids = asRecord(arg)['ActionIDs'];
    if (ids === undefined || ids === null) throw notFound();
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
      throw new CGRError('ActionIDs must be a list of strings');
    for (const id of ids as string[]) {
      if (this.sets.delete(id)) this.deps.persist(StoreKind.ACTIONS, ACTIONS_TENANT, id);
    }
  }

  has(id: string): boolean {
    return this.sets.has(id);
  }

  /** Every stored set ID, sorted. */
  actionSetIDs(): string[] {
    return [...this.sets.keys()].sort();
  }

  // ---- running ----

  execute(actionsID: string, ctx: ActionContext): void | Promise<void> {
    const set = this.sets.get(actionsID);
    if (set === undefined) throw new CGRError(`Failed to get actions for ${actionsID}: ${ErrText.NOT_FOUND}`);
    return this.runFrom(set, 0, ctx);
  }

  // ---- restore and persistence ----

  /** Re-creates a set read from the store at start (no EXISTS check; validation as on Set). */
  restoreActions(json: unknown): void {
    const rec = asRecord(json);
    const id = trimmed(rec['ActionsId']);
    const actions = rec['Actions'];
    if (id === '' || !Array.isArray(actions))
      throw new CGRError('stored action set needs ActionsId and Actions');
    const list = (actions as unknown[]).map((a) => normaliseAction(asRecord(a)));
    this.sets.set(id, compile(id, list));
  }

  /** Current stored form, or undefined once removed (the store deletes it). */
  snapshot(kind: StoreKind, _tenant: string, id: string): StoredActionSetJSON | undefined {
    if (kind !== StoreKind.ACTIONS) return undefined;
    const set = this.sets.get(id);
    return set === undefined ? undefined : { ActionsId: set.id, Actions: set.json };
  }

  // ---- internals ----

  /** Runs actions from index `i`; synchronous until an action does I/O, then chained on its Promise. */
  private runFrom(set: ActionSet, start: number, ctx: ActionContext): void | Promise<void> {
    const actions = set.ordered;
    for (let i = start; i < actions.length; i++) {
      const action = actions[i] as CompiledAction;
      const out = this.runOne(set, action, ctx);
      if (out !== undefined) {
        const next = i + 1;
        return out.then(() => this.runFrom(set, next, ctx));
      }
    }
    return undefined;
  }

  private runOne(set: ActionSet, action: CompiledAction, ctx: ActionContext): void | Promise<void> {
    if (!isExecutedActionType(action.type)) {
      if (!set.foreignLogged.has(action.type)) {
        set.foreignLogged.add(action.type);
        this.logger.warn(
          { actions: set.id, type: action.type },
          `action type ${action.type} belongs to a CGRateS subsystem StatQueue does not run: skipped (logged once per action set)`,
        );
      }
      return undefined;
    }
    switch (action.type) {
      case ActionType.LOG:
        return this.logAction.run(ctx);
      case ActionType.RESET_STAT_QUEUE:
        return this.resetStatQueue.run(action.extraParameters);
      case ActionType.RESET_THRESHOLD:
        return this.resetThreshold.run(action.extraParameters);
      case ActionType.HTTP_POST:
        return this.httpPost.run(action.extraParameters, ctx);
      case ActionType.CGR_RPC:
        return this.cgrRpc.run(action.extraParameters, ctx);
    }
  }
}

function compile(id: string, json: readonly ActionJSON[]): ActionSet {
  const ordered = json
    .map((a) => ({ type: a.Identifier, extraParameters: a.ExtraParameters, weight: a.Weight }))
    // Array.prototype.sort is stable: equal weights keep the order they were given in.
    .sort((a, b) => b.weight - a.weight);
  return { id, json, ordered, foreignLogged: new Set() };
}

/**
 * Refuses what could never run: types nobody knows (CGRateS would fail every run with
 * `Function type <t> not available`), and parameters our executors cannot use.
 */
function checkRunnable(a: ActionJSON): void {
  const type = a.Identifier;
  if (!isAcceptedActionType(type)) throw serverError(`unsupported action type <${type}>`);
  if (FOREIGN_ACTION_TYPES.has(type)) return;
  try {
    switch (type) {
      case ActionType.HTTP_POST:
        checkURL(a.ExtraParameters);
        break;
      case ActionType.CGR_RPC:
        validateCgrRpcParams(a.ExtraParameters);
        break;
      case ActionType.RESET_STAT_QUEUE:
      case ActionType.RESET_THRESHOLD:
        if (a.ExtraParameters.trim() === '') throw new CGRError('ExtraParameters must be <tenant:ID>');
        break;
      default:
        break;
    }
  } catch (err) {
    throw serverError(`action ${type}: ${errorMessage(err)}`);
  }
}

function checkURL(s: string): void {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new CGRError(`ExtraParameters must be an http(s) URL, got <${s}>`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CGRError(`ExtraParameters must be an http(s) URL, got <${s}>`);
  }
}

/**
 * One action in the shape GetActions answers (`utils.TPAction`): numbers printed as Go's
 * FormatFloat 'f' -1 (`Units`, `BalanceWeight`, default `"0"`), booleans as `"true"`/`"false"`
 * (default `"false"`). Accepts SetActions' `V1TPAction` (Units a number, `Filter`) and the
 * tariff-plan loader's TPAction (strings, `Filters`).
 */
function normaliseAction(a: Readonly<Record<string, unknown>>): ActionJSON {
  const weight = a['Weight'];
  return {
    Identifier: trimmed(a['Identifier']),
    BalanceId: str(a['BalanceId']),
    BalanceUuid: str(a['BalanceUuid']),
    BalanceType: str(a['BalanceType']),
    Units: numberText(a['Units']),
    ExpiryTime: str(a['ExpiryTime']),
    Filters: str(a['Filters'] ?? a['Filter']),
    TimingTags: str(a['TimingTags']),
    DestinationIds: str(a['DestinationIds']),
    RatingSubject: str(a['RatingSubject']),
    Categories: str(a['Categories']),
    SharedGroups: str(a['SharedGroups']),
    BalanceWeight: numberText(a['BalanceWeight']),
    ExtraParameters: str(a['ExtraParameters']),
    BalanceBlocker: boolText(a['BalanceBlocker']),
    BalanceDisabled: boolText(a['BalanceDisabled']),
    Weight: typeof weight === 'number' && Number.isFinite(weight) ? weight : 0,
  };
}

function numberText(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? formatFloatF(v) : ZERO;
  if (typeof v !== 'string' || v.trim() === '') return ZERO;
  const f = tryParseGoFloat(v.trim());
  // A non-numeric text (a CGRateS value formula) is kept verbatim.
  return f === undefined ? v : formatFloatF(f);
}

function boolText(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'true' : FALSE;
  if (typeof v !== 'string' || v === '') return FALSE;
  return parseGoBool(v) ? 'true' : FALSE;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function trimmed(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function asRecord(v: unknown): Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}
