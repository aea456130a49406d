/**
 * CGRateS classic Actions (engine/action.go), as far as a standalone StatS/ThresholdS engine needs
 * them: the wire model of `APIerSv1.SetActions` / `GetActions` and the closed sets of action types.
 */

/** Types this engine executes. */
export const ActionType = {
  LOG: '*log',
  RESET_STAT_QUEUE: '*reset_stat_queue',
  RESET_THRESHOLD: '*reset_threshold',
  HTTP_POST: '*http_post',
  CGR_RPC: '*cgr_rpc',
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/**
 * Types that belong to other CGRateS subsystems (RALs accounts, SessionS, mail, exporters, dynamic
 * profiles). They are stored as given and, when run, skipped with one log line naming them.
 */
export const FOREIGN_ACTION_TYPES: ReadonlySet<string> = new Set([
  '*topup',
  '*topup_reset',
  '*debit',
  '*debit_reset',
  '*reset_account',
  '*set_balance',
  '*remove_balance',
  '*transfer_balance',
  '*enable_account',
  '*disable_account',
  '*allow_negative',
  '*deny_negative',
  '*reset_counters',
  '*reset_triggers',
  '*set_recurrent',
  '*unset_recurrent',
  '*publish_account',
  '*cdr_account',
  '*set_expiry',
  '*topup_zero_negative',
  '*transfer_monetary_default',
  '*remove_account',
  '*cdrlog',
  '*mail_async',
  '*export',
  '*alter_sessions',
  '*force_disconnect_sessions',
  '*dynamic_threshold',
  '*dynamic_stats',
  '*dynamic_attribute',
  '*dynamic_resource',
  '*dynamic_action_plan',
  '*dynamic_destination',
  '*dynamic_filter',
  '*dynamic_route',
  '*dynamic_ranking',
  '*dynamic_trend',
  '*call_url',
  '*call_url_async',
  '*post_event',
]);

const EXECUTED: ReadonlySet<string> = new Set(Object.values(ActionType));

export function isExecutedActionType(t: string): t is ActionType {
  return EXECUTED.has(t);
}

/** A type SetActions accepts: executed here, or stored and skipped. Anything else is refused. */
export function isAcceptedActionType(t: string): boolean {
  return EXECUTED.has(t) || FOREIGN_ACTION_TYPES.has(t);
}

/**
 * One action of a set, in the wire shape of CGRateS `utils.TPAction` (GetActions reply; also the
 * SetActions argument element `V1TPAction` uses the same names). Balance fields are kept verbatim
 * for foreign actions.
 */
export interface ActionJSON {
  Identifier: string;
  BalanceId: string;
  BalanceUuid: string;
  BalanceType: string;
  Units: string;
  ExpiryTime: string;
  Filters: string;
  TimingTags: string;
  DestinationIds: string;
  RatingSubject: string;
  Categories: string;
  SharedGroups: string;
  BalanceWeight: string;
  ExtraParameters: string;
  BalanceBlocker: string;
  BalanceDisabled: string;
  Weight: number;
}

/** `APIerSv1.SetActions` argument (`V1AttrSetActions`). */
export interface ActionSetJSON {
  ActionsId: string;
  Overwrite?: boolean;
  Actions: ActionJSON[];
}
