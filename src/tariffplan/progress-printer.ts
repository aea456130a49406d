/**
 * Live progress for `statqueue load`: `Stats.csv 42000/100000 rows, 61234 rows/s`, redrawn in place.
 * Printed only to a terminal, so logs and pipes never get carriage-return noise.
 */
import type { Clock } from '../util/clock';
import type { TariffPlanProgress } from './tariff-plan';

/** Minimum time between two redraws of the same line. */
const REDRAW_EVERY_MS = 100;

/** The stream the printer writes to (process.stderr in the CLI). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(chunk: string): unknown;
}

/** A progress callback for readTariffPlan plus `finish()` to end the last line. */
export interface ProgressPrinter {
  readonly onProgress: (p: TariffPlanProgress) => void;
  finish(): void;
}

interface FileState {
  readonly file: string;
  readonly startMs: number;
  lastDrawMs: number;
  done: boolean;
}

/**
 * Builds a printer for `stream`; when the stream is not a TTY (`isTTY` not true) every call is a
 * no-op. Rates come from `clock`, never from the rows themselves.
 */
export function createProgressPrinter(stream: ProgressStream, clock: Clock): ProgressPrinter {
  if (stream.isTTY !== true) return { onProgress: () => undefined, finish: () => undefined };
  let current: FileState | null = null;

  const draw = (p: TariffPlanProgress, nowMs: number): void => {
    if (current === null) return;
    const elapsedS = (nowMs - current.startMs) / 1000;
    const rate = elapsedS > 0 ? Math.round(p.rowsDone / elapsedS) : 0;
    stream.write(`\r\x1b[K${p.file} ${p.rowsDone}/${p.rowsTotal} rows, ${rate} rows/s`);
    current.lastDrawMs = nowMs;
  };

  const onProgress = (p: TariffPlanProgress): void => {
    const nowMs = clock.nowMs();
    if (current === null || current.file !== p.file) {
      if (current !== null && !current.done) stream.write('\n');
      current = { file: p.file, startMs: nowMs, lastDrawMs: -Infinity, done: false };
    }
    const finished = p.rowsDone >= p.rowsTotal;
    if (finished || nowMs - current.lastDrawMs >= REDRAW_EVERY_MS) draw(p, nowMs);
    if (finished && !current.done) {
      stream.write('\n');
      current.done = true;
    }
  };

  const finish = (): void => {
    if (current !== null && !current.done) stream.write('\n');
    current = null;
  };

  return { onProgress, finish };
}
