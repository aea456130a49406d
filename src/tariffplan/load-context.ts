/**
 * State shared by the per-file builders during one load: settings, the issue lists, and memo
 * tables. Memoising by cell text is what keeps 100,000-row files fast: real plans repeat the same
 * ActivationInterval, metric list and inline filters on nearly every row.
 */
import { activationIntervalToJSON } from '../engine/activation-interval';
import type { ActivationIntervalJSON } from '../engine/activation-interval';
import { CGRError } from '../util/cgr-error';
import { parseTimeDetectLayout } from '../util/go-time';
import { DefinitionChecker } from './definition-checker';
import type { LoadIssue } from './tariff-plan';
import { INFIELD_SEP } from './tariff-plan-files';
import { UniqueLists } from './unique-lists';

type Memo<T> = { ok: true; value: T } | { ok: false; message: string };

/** Load-wide settings and collected issues (one instance per readTariffPlan call). */
export class LoadContext {
  readonly timezone: string;
  readonly nowMs: number;
  readonly errors: LoadIssue[] = [];
  readonly warnings: LoadIssue[] = [];
  readonly checker: DefinitionChecker;
  /** De-duplicating appends for the multi-row list unions. */
  readonly lists = new UniqueLists();
  private readonly aiMemo = new Map<string, Memo<ActivationIntervalJSON>>();

  constructor(timezone: string, nowMs: number) {
    this.timezone = timezone;
    this.nowMs = nowMs;
    this.checker = new DefinitionChecker(timezone);
  }

  error(file: string, line: number, message: string): void {
    this.errors.push({ file, line, message });
  }

  warn(file: string, line: number, message: string): void {
    this.warnings.push({ file, line, message });
  }

  /**
   * An ActivationInterval cell, `start` or `start;expiry`, each through ParseTimeDetectLayout in
   * the configured zone; a missing expiry is Go's zero time. Empty cell → null. Throws CGRError.
   */
  activationInterval(cell: string): ActivationIntervalJSON | null {
    if (cell === '') return null;
    let memo = this.aiMemo.get(cell);
    if (memo === undefined) {
      try {
        memo = { ok: true, value: this.parseActivationInterval(cell) };
      } catch (err) {
        memo = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      this.aiMemo.set(cell, memo);
    }
    if (!memo.ok) throw new CGRError(memo.message);
    return memo.value;
  }

  private parseActivationInterval(cell: string): ActivationIntervalJSON {
    const parts = cell.split(INFIELD_SEP);
    // CGRateS silently drops both times when there are more than two parts; refusing says why.
    if (parts.length > 2) {
      throw new CGRError(`expected "start" or "start;expiry", got ${parts.length} parts`);
    }
    const [start = '', expiry = ''] = parts;
    const json = activationIntervalToJSON({
      activationMs: parseTimeDetectLayout(start, this.timezone, this.nowMs),
      expiryMs: parseTimeDetectLayout(expiry, this.timezone, this.nowMs),
    });
    if (json === null) throw new Error('activationIntervalToJSON returned null for a non-null interval');
    return json;
  }
}
