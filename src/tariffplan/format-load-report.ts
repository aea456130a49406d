/**
 * Plain-text reports for the CLI and for RPC error replies: one problem per line, compiler style
 * (`file:line: error: message`), so editors and grep can jump to the row.
 */
import type { ApplyReport } from './apply-tariff-plan';
import { TARIFF_PLAN_KINDS } from './tariff-plan';
import type { LoadIssue, TariffPlanKind, TariffPlanResult } from './tariff-plan';

function issueLine(severity: 'error' | 'warning', issue: LoadIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}: ${severity}: ${issue.message}`;
}

function countsLine(label: string, counts: Record<TariffPlanKind, number>): string {
  return `${label}: ${TARIFF_PLAN_KINDS.map((k) => `${k} ${counts[k]}`).join(', ')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The read report: item counts per kind, every error and warning with file:line, the items left
 * out, and a summary line.
 */
export function formatLoadReport(result: TariffPlanResult): string {
  const lines: string[] = [countsLine('read', result.counts)];
  for (const e of result.errors) lines.push(issueLine('error', e));
  for (const w of result.warnings) lines.push(issueLine('warning', w));
  for (const s of result.skipped) lines.push(`skipped: ${s.kind} ${s.key} (has errors)`);
  lines.push(`${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}`);
  return lines.join('\n');
}

/** The apply report: counts per kind, every refused item, and what was not attempted. */
export function formatApplyReport(report: ApplyReport): string {
  const lines: string[] = [countsLine('applied', report.applied)];
  for (const f of report.failed) lines.push(`refused: ${f.kind} ${f.key}: ${f.message}`);
  if (report.notAttempted > 0) lines.push(`stopped: ${plural(report.notAttempted, 'item')} not attempted`);
  return lines.join('\n');
}
