/**
 * Writes a read tariff plan into a running engine through the public APIerSv1 Set methods, so
 * `statqueue load` works against any StatQueue or CGRateS engine. Calls are pipelined on one
 * connection with a bounded window; each kind finishes before the next starts, because a profile
 * may only be set once the filters (and actions) it references exist, and a CGRateS engine answers
 * pipelined calls in any order.
 */
import type { ActionSetJSON } from '../engine/action-types';
import { RpcTransportError } from '../rpc/json-rpc-client';
import { TARIFF_PLAN_KINDS, TariffPlanKind } from '../tariffplan';
import type { ApplyFailure, ApplyReport, TariffPlan } from '../tariffplan';
import { parseGoDuration } from '../util/go-duration';
import { forEachWindowed } from './for-each-windowed';

/** What the apply needs from a JSON-RPC client (JsonRpcClient fits). */
export interface RpcCaller {
  call(method: string, arg: unknown): Promise<unknown>;
}

/** Options of {@link applyTariffPlanOverRpc}. */
export interface ApplyOverRpcOptions {
  /** Go on after a refused item (it is reported); otherwise stop starting new calls at the first. */
  readonly partial: boolean;
  /** Calls in flight at once. */
  readonly window: number;
  /** Told after every settled call of a kind. */
  readonly onProgress?: (kind: TariffPlanKind, done: number, total: number) => void;
}

interface SetCall {
  readonly kind: TariffPlanKind;
  readonly key: string;
  readonly method: string;
  readonly arg: unknown;
}

/** A CSV number cell as JSON: empty is `dflt`; text that is no number stays text for the engine to refuse. */
function numberCell(text: string, dflt: number | null): number | string | null {
  if (text.trim() === '') return dflt;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/**
 * Units of a `*voice` balance may be a duration (`90s`): CGRateS' loader turns it into nanoseconds
 * (`utils.ParseBalanceFilterValue`), which is what SetActions' float64 Units then carries.
 */
function unitsCell(text: string, balanceType: string): number | string | null {
  const n = numberCell(text, 0);
  if (typeof n !== 'string' || balanceType !== '*voice') return n;
  try {
    return parseGoDuration(text);
  } catch {
    return text;
  }
}

/**
 * The loader keeps TPAction's text columns as text (as CGRateS' TPAction does), but SetActions
 * takes `V1TPAction`, where Units is a float64 and BalanceWeight a *float64.
 */
function v1ActionSet(set: ActionSetJSON): unknown {
  return {
    ActionsId: set.ActionsId,
    Overwrite: set.Overwrite ?? true,
    Actions: set.Actions.map((a) => ({
      ...a,
      Units: unitsCell(a.Units, a.BalanceType),
      BalanceWeight: numberCell(a.BalanceWeight, null),
    })),
  };
}

/** The Set calls of each kind, in apply order (the same order applyTariffPlan uses in process). */
function setCalls(plan: TariffPlan): Record<TariffPlanKind, SetCall[]> {
  return {
    [TariffPlanKind.DESTINATIONS]: plan.destinations.map((d) => ({
      kind: TariffPlanKind.DESTINATIONS,
      key: d.ID,
      method: 'APIerSv1.SetDestination',
      // utils.AttrSetDestination spells it `Id`; Overwrite because a folder load replaces.
      arg: { Id: d.ID, Prefixes: d.Prefixes, Overwrite: true },
    })),
    [TariffPlanKind.FILTERS]: plan.filters.map((f) => ({
      kind: TariffPlanKind.FILTERS,
      key: `${f.Tenant}:${f.ID}`,
      method: 'APIerSv1.SetFilter',
      arg: f,
    })),
    [TariffPlanKind.ACTIONS]: plan.actions.map((a) => ({
      kind: TariffPlanKind.ACTIONS,
      key: a.ActionsId,
      method: 'APIerSv1.SetActions',
      arg: v1ActionSet(a),
    })),
    [TariffPlanKind.STATS]: plan.stats.map((p) => ({
      kind: TariffPlanKind.STATS,
      key: `${p.Tenant}:${p.ID}`,
      method: 'APIerSv1.SetStatQueueProfile',
      arg: p,
    })),
    [TariffPlanKind.THRESHOLDS]: plan.thresholds.map((t) => ({
      kind: TariffPlanKind.THRESHOLDS,
      key: `${t.Tenant}:${t.ID}`,
      method: 'APIerSv1.SetThresholdProfile',
      arg: t,
    })),
  };
}

function errorText(err: unknown): string {
  if (err instanceof RpcTransportError) return `${err.message}: ${err.detail}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Applies `plan` over RPC. Returns the same report applyTariffPlan gives in process: items written
 * per kind, every refused item with the engine's error string, and how many were never attempted.
 * Without `partial` the first refusal stops new calls (calls already in flight still finish, as
 * items written before a refusal stay written in CGRateS too). A transport failure (engine gone,
 * reply timeout) always stops: every later call would fail the same way.
 */
export async function applyTariffPlanOverRpc(
  plan: TariffPlan,
  caller: RpcCaller,
  opts: ApplyOverRpcOptions,
): Promise<ApplyReport> {
  const applied = {} as Record<TariffPlanKind, number>;
  for (const kind of TARIFF_PLAN_KINDS) applied[kind] = 0;
  const failed: ApplyFailure[] = [];
  let stop = false;
  let started = 0;
  let total = 0;
  const calls = setCalls(plan);
  for (const kind of TARIFF_PLAN_KINDS) total += calls[kind].length;

  for (const kind of TARIFF_PLAN_KINDS) {
    if (stop) break;
    const group = calls[kind];
    let done = 0;
    started += await forEachWindowed(
      group,
      async (c) => {
        try {
          await caller.call(c.method, c.arg);
          applied[c.kind]++;
        } catch (err) {
          failed.push({ kind: c.kind, key: c.key, message: errorText(err) });
          if (!opts.partial || err instanceof RpcTransportError) stop = true;
        } finally {
          done++;
          opts.onProgress?.(kind, done, group.length);
        }
      },
      { window: opts.window, stopped: () => stop },
    );
  }
  return { applied, failed, notAttempted: total - started };
}
