import { ErrText, serverError } from '../../errors';
import type { Logger } from '../../log';
import { loadTariffPlan } from '../../tariffplan';
import type { LoadIssue, LoadTariffPlanOptions, TariffPlanSink } from '../../tariffplan';
import { CGRError } from '../../util/cgr-error';
import type { Clock } from '../../util/clock';
import type { RpcHandler } from '../method-table';
import { loadTariffPlanArgs } from './arg-types';

const OK = 'OK';

/**
 * At most this many problems are spelled out in one error reply; a broken 100,000-row file would
 * otherwise produce a multi-megabyte error string that no client wants to print.
 */
const MAX_REPORTED_ISSUES = 100;

/** What `APIerSv1.LoadTariffPlanFromFolder` needs from the composition root. */
export interface TariffPlanMethodDeps {
  /** Where a loaded plan is written: the engine's Set operations (filters, actions, profiles...). */
  readonly sink: TariffPlanSink;
  /** `general.default_timezone`, for zone-less ActivationInterval cells. */
  readonly timezone: string;
  /** Gives `*now`, `+1h`, `*daily`... their meaning. */
  readonly clock: Clock;
  /** True when the engine already has this filter, so a folder may reference it without defining it. */
  existingFilter(tenant: string, id: string): boolean;
  /** True when the engine already has this action set. */
  existingActions(id: string): boolean;
  readonly logger: Logger;
}

function issueLine(issue: LoadIssue): string {
  return issue.line > 0 ? `${issue.file}:${issue.line}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** `SERVER_ERROR: ...` listing every problem (capped) one per line, each with its file:line. */
function loadErrors(folder: string, issues: readonly LoadIssue[]): CGRError {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).map(issueLine);
  const more = issues.length - shown.length;
  const tail = more > 0 ? `\n... and ${more} more` : '';
  const noun = issues.length === 1 ? 'error' : 'errors';
  return serverError(`${issues.length} ${noun} in ${folder}, nothing loaded:\n${shown.join('\n')}${tail}`);
}

function record(v: unknown): Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * `APIerSv1.LoadTariffPlanFromFolder` (apier/v1/apier.go `LoadTariffPlanFromFolder`): reads the
 * CGRateS CSV folder on the engine's file system and writes it through `deps.sink`.
 *
 * Kept from CGRateS: `MANDATORY_IE_MISSING:FolderPath` (no space, no brackets) for an empty path,
 * `INVALID_PATH` for a path that is not a folder, `SERVER_ERROR: ...` for load failures, `"OK"`.
 * Changed: every problem of the folder is reported at once with its file:line, and a folder with
 * any error writes nothing (CGRateS stops at the first error, possibly after writing some items).
 * `Validate` adds nothing because every load is fully validated; `DryRun` reads and validates only.
 * `Caching` and `APIOpts` are accepted and ignored: there are no caches to reload.
 */
export function apierTariffPlanMethods(deps: TariffPlanMethodDeps): [string, RpcHandler][] {
  const log = deps.logger.child({ component: 'tariffplan' });

  const load = async (raw: unknown): Promise<string> => {
    const arg = record(loadTariffPlanArgs.check(raw));
    const folder = typeof arg['FolderPath'] === 'string' ? arg['FolderPath'] : '';
    if (folder === '') throw new CGRError(`${ErrText.MANDATORY_IE_MISSING}:FolderPath`);
    const dryRun = arg['DryRun'] === true;
    const opts: LoadTariffPlanOptions = {
      timezone: deps.timezone,
      nowMs: deps.clock.nowMs(),
      existingFilter: (tenant, id) => deps.existingFilter(tenant, id),
      existingActions: (id) => deps.existingActions(id),
      partial: false,
      dryRun,
    };
    // readTariffPlan throws CGRError(INVALID_PATH) itself, which is already the wire text.
    const { result, applied } = await loadTariffPlan(folder, deps.sink, opts);
    if (result.errors.length > 0) {
      log.warn({ folder, dryRun, errors: result.errors.length }, 'tariff plan refused');
      throw loadErrors(folder, result.errors);
    }
    if (result.warnings.length > 0) {
      // The reply is a bare "OK", so the log is the only place the warnings can go.
      log.warn(
        { folder, warnings: result.warnings.slice(0, MAX_REPORTED_ISSUES).map(issueLine) },
        'tariff plan loaded with warnings',
      );
    }
    if (applied !== null && applied.failed.length > 0) {
      const first = applied.failed[0];
      const detail = first === undefined ? '' : `${first.kind} ${first.key}: ${first.message}`;
      const stopped = applied.notAttempted > 0 ? ` (${applied.notAttempted} items not attempted)` : '';
      log.error(
        { folder, failed: applied.failed, notAttempted: applied.notAttempted },
        'tariff plan apply stopped',
      );
      throw serverError(`the engine refused ${detail}${stopped}`);
    }
    log.info(
      { folder, dryRun, counts: result.counts },
      dryRun ? 'tariff plan validated' : 'tariff plan loaded',
    );
    return OK;
  };

  return [['APIerSv1.LoadTariffPlanFromFolder', (arg) => load(arg)]];
}
