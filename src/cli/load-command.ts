/**
 * `statqueue load --folder DIR`: reads a CGRateS tariff-plan folder on this machine with the
 * loader library and writes it into a running engine over JSON-RPC (APIerSv1 Set methods), so it
 * works with any StatQueue or CGRateS engine, local or remote, without sharing a file system.
 */
import { parseArgs } from 'node:util';
import { ErrText } from '../errors';
import { createProgressPrinter, formatApplyReport, formatLoadReport, readTariffPlan } from '../tariffplan';
import type { ReadTariffPlanOptions, TariffPlanResult } from '../tariffplan';
import { CGRError } from '../util/cgr-error';
import { systemClock } from '../util/clock';
import { parseTimeDetectLayout } from '../util/go-time';
import { applyTariffPlanOverRpc } from './apply-tariff-plan-over-rpc';
import type { RpcCaller } from './apply-tariff-plan-over-rpc';
import { forEachWindowed } from './for-each-windowed';
import {
  DEFAULT_RPC_ADDRESS,
  DEFAULT_TIMEOUT,
  RPC_TARGET_OPTIONS,
  describeRpcError,
  openRpcClient,
  rpcTargetFrom,
} from './rpc-target';
import { ExitCode, UsageError } from './usage-error';

/** Calls in flight while applying: keeps the connection busy without queueing the whole plan. */
const DEFAULT_WINDOW = 1000;
const DEFAULT_TIMEZONE = 'UTC';

export const LOAD_USAGE = `usage: statqueue load --folder DIR [--rpc HOST:PORT] [--dry-run] [--partial]
                      [--timezone TZ] [--timeout DURATION] [--window N]

Reads the CGRateS tariff-plan folder DIR (Destinations, Filters, Actions, Stats, Thresholds.csv,
in every subfolder) on this machine, validates all of it, prints the counts and every error and
warning with file:line, then applies it to the engine at --rpc (default ${DEFAULT_RPC_ADDRESS})
through APIerSv1.SetDestination/SetFilter/SetActions/SetStatQueueProfile/SetThresholdProfile.

  --folder DIR       the tariff-plan folder (required)
  --rpc HOST:PORT    the engine's JSON-RPC TCP listener
  --dry-run          read and validate only; without --rpc no engine is contacted, so a filter or
                     action set the folder references but does not define is an error; with --rpc
                     the engine is asked whether it has them (APIerSv1.GetFilter/GetActions)
  --partial          apply the items that are clean even if others have errors (default: a folder
                     with any error applies nothing)
  --timezone TZ      zone of ActivationInterval times without one (default ${DEFAULT_TIMEZONE}; Local = this machine's)
  --timeout DURATION per-call reply timeout (default ${DEFAULT_TIMEOUT})
  --window N         calls in flight while applying (default ${DEFAULT_WINDOW})

Exit code 0 when everything loaded, 1 on load or apply errors (or an unreachable engine), 2 on a
wrong command line. Progress goes to stderr when it is a terminal.
`;

function checkTimezone(tz: string): void {
  try {
    parseTimeDetectLayout('2014-07-29 15:00:00', tz, 0);
  } catch (err) {
    throw new UsageError(`--timezone: ${(err as Error).message}`);
  }
}

function positiveInt(name: string, text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name}: a positive integer expected, got ${text}`);
  return n;
}

/** A reference the engine may satisfy: the loader asked about it while reading. */
interface AskedReferences {
  readonly filters: Map<string, { tenant: string; id: string }>;
  readonly actions: Set<string>;
}

/** One existence check: GetFilter / GetActions for one ID. */
interface EngineQuery {
  readonly key: string;
  readonly method: string;
  readonly arg: unknown;
}

/** The asked references the engine has. Throws on anything but a clean "not found". */
async function presentInEngine(
  client: RpcCaller,
  asked: AskedReferences,
  window: number,
): Promise<Set<string>> {
  const present = new Set<string>();
  let failure: Error | undefined;
  const queries: EngineQuery[] = [
    ...[...asked.filters].map(([key, { tenant, id }]) => ({
      key: `filter ${key}`,
      method: 'APIerSv1.GetFilter',
      arg: { Tenant: tenant, ID: id },
    })),
    ...[...asked.actions].map((id) => ({
      key: `actions ${id}`,
      method: 'APIerSv1.GetActions',
      arg: id,
    })),
  ];
  const ask = async (q: EngineQuery): Promise<void> => {
    try {
      await client.call(q.method, q.arg);
      present.add(q.key);
    } catch (err) {
      const msg = err instanceof CGRError ? err.message : '';
      // GetFilter answers NOT_FOUND; GetActions wraps it as SERVER_ERROR: NOT_FOUND.
      if (msg !== ErrText.NOT_FOUND && msg !== `${ErrText.SERVER_ERROR}: ${ErrText.NOT_FOUND}`) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await forEachWindowed(queries, ask, { window, stopped: () => failure !== undefined });
  if (failure !== undefined) throw failure;
  return present;
}

/**
 * Reads the folder. With an engine, references the folder does not define are looked up there:
 * a first read records them, the engine is asked, and only when it has some of them is the
 * folder read again with those answers (the loader's reference callbacks are synchronous).
 */
async function readAgainstEngine(
  folder: string,
  base: ReadTariffPlanOptions,
  client: RpcCaller | undefined,
  window: number,
): Promise<TariffPlanResult> {
  if (client === undefined) return readTariffPlan(folder, base);
  const asked: AskedReferences = { filters: new Map(), actions: new Set() };
  const first = await readTariffPlan(folder, {
    ...base,
    existingFilter: (tenant, id) => {
      asked.filters.set(`${tenant}:${id}`, { tenant, id });
      return false;
    },
    existingActions: (id) => {
      asked.actions.add(id);
      return false;
    },
  });
  if (asked.filters.size === 0 && asked.actions.size === 0) return first;
  const present = await presentInEngine(client, asked, window);
  if (present.size === 0) return first;
  return readTariffPlan(folder, {
    ...base,
    existingFilter: (tenant, id) => present.has(`filter ${tenant}:${id}`),
    existingActions: (id) => present.has(`actions ${id}`),
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs `statqueue load ...`; returns the exit code. */
export async function runLoadCommand(argv: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      folder: { type: 'string', short: 'f' },
      'dry-run': { type: 'boolean' },
      partial: { type: 'boolean' },
      timezone: { type: 'string' },
      window: { type: 'string' },
      ...RPC_TARGET_OPTIONS,
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(LOAD_USAGE);
    return ExitCode.OK;
  }
  if (positionals.length > 0)
    throw new UsageError(`load: unexpected argument ${positionals[0] ?? ''} (use --folder DIR)`);
  const folder = values.folder;
  if (folder === undefined || folder === '') throw new UsageError('load: --folder DIR is required');
  const target = rpcTargetFrom(values);
  const timezone = values.timezone ?? DEFAULT_TIMEZONE;
  checkTimezone(timezone);
  const window = positiveInt('window', values.window, DEFAULT_WINDOW);
  const dryRun = values['dry-run'] === true;
  const partial = values.partial === true;

  const out = (text: string): void => {
    process.stdout.write(`${text}\n`);
  };
  const progress = createProgressPrinter(process.stderr, systemClock);
  // A dry run without --rpc must work with no engine at all.
  const client = dryRun && !target.explicit ? undefined : openRpcClient(target, { maxPending: window + 1 });
  try {
    let result: TariffPlanResult;
    try {
      result = await readAgainstEngine(
        folder,
        { timezone, nowMs: systemClock.nowMs(), onProgress: progress.onProgress },
        client,
        window,
      );
    } finally {
      progress.finish();
    }
    out(formatLoadReport(result));
    const errors = result.errors.length;
    if (dryRun) {
      out(`dry run: nothing applied${errors > 0 ? '' : ' (the folder is valid)'}`);
      return errors > 0 ? ExitCode.FAILED : ExitCode.OK;
    }
    if (errors > 0 && !partial) {
      out(`nothing applied: fix the ${plural(errors, 'error')}, or use --partial to apply the clean items`);
      return ExitCode.FAILED;
    }
    if (client === undefined) return ExitCode.FAILED; // unreachable: only dry runs go without an engine
    const startMs = systemClock.nowMs();
    let report;
    try {
      report = await applyTariffPlanOverRpc(result.plan, client, {
        partial,
        window,
        onProgress: (kind, done, total) =>
          progress.onProgress({ file: `apply ${kind}`, rowsDone: done, rowsTotal: total }),
      });
    } finally {
      progress.finish();
    }
    const elapsedS = Math.max(1e-3, (systemClock.nowMs() - startMs) / 1000);
    const written = Object.values(report.applied).reduce((a, b) => a + b, 0);
    out(formatApplyReport(report));
    out(
      `applied ${plural(written, 'item')} to ${target.address} in ${elapsedS.toFixed(2)} s (${Math.round(written / elapsedS)} items/s)`,
    );
    return errors > 0 || report.failed.length > 0 || report.notAttempted > 0 ? ExitCode.FAILED : ExitCode.OK;
  } catch (err) {
    if (err instanceof CGRError && err.message === ErrText.INVALID_PATH) {
      process.stderr.write(`load: ${ErrText.INVALID_PATH}: ${folder} is not a readable folder\n`);
      return ExitCode.FAILED;
    }
    if (err instanceof CGRError) {
      // The engine could not be asked about references (unreachable, or an unexpected error).
      process.stderr.write(`load: ${describeRpcError(err)}\n`);
      return ExitCode.FAILED;
    }
    throw err;
  } finally {
    await client?.close();
  }
}
