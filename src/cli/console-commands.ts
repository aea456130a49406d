/**
 * The cgr-console commands StatQueue answers, with the RPC method each one calls and the fields of
 * its argument (console/*.go in CGRateS master: the command names, methods and argument structs
 * are theirs, so `cgr-console` habits and scripts carry over).
 */

/** One field of a command's argument, for `--help` and for checking the names a user typed. */
export interface ConsoleField {
  readonly name: string;
  /** Shown in `--help`: Go type, with the JSON it takes where that is not obvious. */
  readonly type: string;
  readonly note?: string;
}

/** One console command. */
export interface ConsoleCommand {
  readonly name: string;
  /** The JSON-RPC method called with the parsed fields as `params[0]`. */
  readonly method: string;
  readonly summary: string;
  /** The CGRateS argument struct, as named in its Go decode errors. */
  readonly argType: string;
  readonly fields: readonly ConsoleField[];
  /**
   * cgr-console fills `CGREvent.Time` with the current time when the user gave none
   * (`PostprocessRpcParams` of the event commands), so activation intervals apply at "now".
   */
  readonly stampTime: boolean;
  /** Arguments of a typical call (without the command name). */
  readonly example: string;
}

const TENANT: ConsoleField = { name: 'Tenant', type: 'string', note: "default: the engine's default tenant" };
const ID: ConsoleField = { name: 'ID', type: 'string', note: 'required' };
const API_OPTS: ConsoleField = {
  name: 'APIOpts',
  type: 'object',
  note: 'e.g. {"*stsProfileIDs":["Stats1"]}',
};
const ACTIVATION: ConsoleField = {
  name: 'ActivationInterval',
  type: '{ActivationTime,ExpiryTime}',
  note: 'RFC3339 times',
};

const CGR_EVENT: readonly ConsoleField[] = [
  TENANT,
  { name: 'ID', type: 'string', note: 'required: the event ID' },
  { name: 'Time', type: 'time (RFC3339)', note: 'default: now' },
  {
    name: 'Event',
    type: 'object',
    note: 'required: the event fields, e.g. {"Account":"1001","Usage":"90s"}',
  },
  API_OPTS,
];
const TENANT_ID: readonly ConsoleField[] = [TENANT, ID];
const TENANT_ID_OPTS: readonly ConsoleField[] = [TENANT, ID, API_OPTS];
const PAGINATOR: readonly ConsoleField[] = [
  TENANT,
  { name: 'Search', type: 'string', note: 'only IDs whose key contains this text' },
  { name: 'Limit', type: 'int', note: 'at most this many IDs' },
  { name: 'Offset', type: 'int', note: 'skip this many IDs first (sorted)' },
  API_OPTS,
];

const STAT_PROFILE: readonly ConsoleField[] = [
  TENANT,
  ID,
  { name: 'FilterIDs', type: '[]string', note: 'filter IDs or inline filters (*string:~*req.Account:1001)' },
  ACTIVATION,
  { name: 'QueueLength', type: 'int', note: 'max items kept (<= 0 = unlimited)' },
  {
    name: 'TTL',
    type: 'duration',
    note: 'item lifetime: integer nanoseconds or a Go duration string ("10m"); 0 = no expiry',
  },
  { name: 'MinItems', type: 'int', note: 'items needed before a metric has a value' },
  { name: 'Metrics', type: '[{MetricID,FilterIDs}]', note: 'e.g. [{"MetricID":"*asr"},{"MetricID":"*acd"}]' },
  { name: 'Stored', type: 'bool' },
  { name: 'Blocker', type: 'bool' },
  { name: 'Weight', type: 'float64' },
  { name: 'ThresholdIDs', type: '[]string', note: '["*none"] = no StatUpdate events' },
  API_OPTS,
];

const THRESHOLD_PROFILE: readonly ConsoleField[] = [
  TENANT,
  ID,
  { name: 'FilterIDs', type: '[]string' },
  ACTIVATION,
  { name: 'MaxHits', type: 'int', note: '-1 = unlimited' },
  { name: 'MinHits', type: 'int' },
  { name: 'MinSleep', type: 'duration', note: 'integer nanoseconds or a Go duration string ("1m")' },
  { name: 'Blocker', type: 'bool' },
  { name: 'Weight', type: 'float64' },
  { name: 'ActionIDs', type: '[]string' },
  { name: 'Async', type: 'bool' },
  { name: 'EeIDs', type: '[]string' },
  API_OPTS,
];

const FILTER: readonly ConsoleField[] = [
  TENANT,
  ID,
  {
    name: 'Rules',
    type: '[{Type,Element,Values}]',
    note: 'e.g. [{"Type":"*string","Element":"~*req.Account","Values":["1001"]}]',
  },
  ACTIVATION,
  API_OPTS,
];

const LOAD_FOLDER: readonly ConsoleField[] = [
  { name: 'FolderPath', type: 'string', note: "required: a folder on the engine's machine" },
  { name: 'DryRun', type: 'bool', note: 'read and validate only' },
  { name: 'Validate', type: 'bool', note: 'accepted; every load is validated' },
  { name: 'APIOpts', type: 'object' },
  { name: 'Caching', type: 'string', note: 'accepted and ignored (no caches)' },
];

function command(
  name: string,
  method: string,
  summary: string,
  argType: string,
  fields: readonly ConsoleField[],
  example: string,
  stampTime = false,
): ConsoleCommand {
  return { name, method, summary, argType, fields, stampTime, example };
}

/** Every console command, in `statqueue --help` order. */
export const CONSOLE_COMMANDS: readonly ConsoleCommand[] = [
  command(
    'stats_process_event',
    'StatSv1.ProcessEvent',
    'feed an event to the matching stat queues; prints their IDs',
    'utils.CGREvent',
    CGR_EVENT,
    `ID="ev1" Event={"Account":"1001","AnswerTime":"2026-01-01T10:00:00Z","Usage":"90s"}`,
    true,
  ),
  command(
    'stats_metrics',
    'StatSv1.GetQueueStringMetrics',
    "a queue's metrics as strings",
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="Stats1"',
  ),
  command(
    'stats_for_event',
    'StatSv1.GetStatQueuesForEvent',
    'the stat queues an event would match (nothing is processed)',
    'utils.CGREvent',
    CGR_EVENT,
    'ID="ev1" Event={"Account":"1001"}',
    true,
  ),
  command(
    'stats_reset_queue',
    'StatSv1.ResetStatQueue',
    'empty a queue and its metrics',
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="Stats1"',
  ),
  command(
    'stats_profile',
    'APIerSv1.GetStatQueueProfile',
    'a stat queue profile',
    'utils.TenantID',
    TENANT_ID,
    'ID="Stats1"',
  ),
  command(
    'stats_profile_ids',
    'APIerSv1.GetStatQueueProfileIDs',
    "a tenant's stat queue profile IDs",
    'utils.PaginatorWithTenant',
    PAGINATOR,
    'Tenant="cgrates.org"',
  ),
  command(
    'stats_profile_set',
    'APIerSv1.SetStatQueueProfile',
    'create or replace a stat queue profile',
    'engine.StatQueueProfileWithAPIOpts',
    STAT_PROFILE,
    'ID="Stats1" FilterIDs=["*string:~*req.Account:1001"] QueueLength=100 TTL="1h" ' +
      'Metrics=[{"MetricID":"*asr"},{"MetricID":"*acd"}] ThresholdIDs=["*none"]',
  ),
  command(
    'stats_profile_remove',
    'APIerSv1.RemoveStatQueueProfile',
    'remove a stat queue profile and its queue',
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="Stats1"',
  ),
  command(
    'thresholds_process_event',
    'ThresholdSv1.ProcessEvent',
    'feed an event to the matching thresholds; prints the IDs that were hit',
    'utils.CGREvent',
    CGR_EVENT,
    'ID="ev1" Event={"Account":"1001"}',
    true,
  ),
  command(
    'threshold',
    'ThresholdSv1.GetThreshold',
    "a threshold's state (hits, snooze)",
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="THD_ACNT_1001"',
  ),
  command(
    'thresholds_for_event',
    'ThresholdSv1.GetThresholdsForEvent',
    'the thresholds an event would match (nothing is processed)',
    'utils.CGREvent',
    CGR_EVENT,
    'ID="ev1" Event={"Account":"1001"}',
  ),
  command(
    'thresholds_profile',
    'APIerSv1.GetThresholdProfile',
    'a threshold profile',
    'utils.TenantID',
    TENANT_ID,
    'ID="THD_ACNT_1001"',
  ),
  command(
    'thresholds_profile_ids',
    'APIerSv1.GetThresholdProfileIDs',
    "a tenant's threshold profile IDs",
    'utils.PaginatorWithTenant',
    PAGINATOR,
    'Tenant="cgrates.org"',
  ),
  command(
    'thresholds_profile_set',
    'APIerSv1.SetThresholdProfile',
    'create or replace a threshold profile',
    'engine.ThresholdProfileWithAPIOpts',
    THRESHOLD_PROFILE,
    'ID="THD_1" FilterIDs=["*gte:~*req.Cost:10"] MaxHits=-1 MinHits=1 ActionIDs=["ACT_LOG"]',
  ),
  command(
    'thresholds_profile_remove',
    'APIerSv1.RemoveThresholdProfile',
    'remove a threshold profile and its threshold',
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="THD_1"',
  ),
  command('filter', 'APIerSv1.GetFilter', 'a filter', 'utils.TenantID', TENANT_ID, 'ID="FLTR_1"'),
  command(
    'filter_ids',
    'APIerSv1.GetFilterIDs',
    "a tenant's filter IDs",
    'utils.PaginatorWithTenant',
    PAGINATOR,
    'Tenant="cgrates.org"',
  ),
  command(
    'filter_set',
    'APIerSv1.SetFilter',
    'create or replace a filter',
    'engine.FilterWithAPIOpts',
    FILTER,
    'ID="FLTR_1" Rules=[{"Type":"*string","Element":"~*req.Account","Values":["1001","1002"]}]',
  ),
  command(
    'filter_remove',
    'APIerSv1.RemoveFilter',
    'remove a filter (refused while a profile references it)',
    'utils.TenantIDWithAPIOpts',
    TENANT_ID_OPTS,
    'ID="FLTR_1"',
  ),
  command(
    'load_tp_from_folder',
    'APIerSv1.LoadTariffPlanFromFolder',
    "load a CGRateS tariff-plan folder that is on the engine's machine",
    'utils.AttrLoadTpFromFolder',
    LOAD_FOLDER,
    'FolderPath="/usr/share/cgrates/tariffplans/tutorial"',
  ),
];

const BY_NAME: ReadonlyMap<string, ConsoleCommand> = new Map(CONSOLE_COMMANDS.map((c) => [c.name, c]));

/** The console command called `name`, if there is one. */
export function findConsoleCommand(name: string): ConsoleCommand | undefined {
  return BY_NAME.get(name);
}
