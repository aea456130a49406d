// SKELETON: signatures are the contract; the util helper replaces the bodies.
import { CGRError } from './cgr-error';

export const NS_PER_US = 1e3;
export const NS_PER_MS = 1e6;
export const NS_PER_S = 1e9;
export const NS_PER_MIN = 6e10;
export const NS_PER_HOUR = 3.6e12;

/**
 * Go `time.ParseDuration`: `[-+]?(<decimal><unit>)+` or `"0"`, units ns us µs μs ms s m h.
 * Returns integer nanoseconds. Throws CGRError with Go's texts:
 * `time: invalid duration "<s>"`, `time: missing unit in duration "<s>"`,
 * `time: unknown unit "<u>" in duration "<s>"`.
 */
export function parseGoDuration(s: string): number {
  throw new CGRError(`unimplemented ${s}`);
}

/** Go `time.Duration.String()` of integer nanoseconds: `0s`, `100ns`, `1.5µs`, `478.43ms`, `1m30s`, `1h0m0s`, `-1m30s`. */
export function formatGoDuration(ns: number): string {
  throw new CGRError(`unimplemented ${ns}`);
}

/** CGRateS `ParseDurationWithNanosecs`: `""` → 0, `"*unlimited"` → -1, a bare integer string → ns, else Go syntax. */
export function parseDurationWithNanosecs(s: string): number {
  throw new CGRError(`unimplemented ${s}`);
}

/**
 * CGRateS `IfaceAsDuration`: a number is nanoseconds (truncated to an integer); a string goes through
 * parseDurationWithNanosecs; anything else throws `cannot convert field: <v> to time.Duration`.
 * Also used for JSON duration inputs (DESIGN deviation 6: integer ns or a Go duration string).
 */
export function ifaceAsDuration(v: unknown): number {
  throw new CGRError(`unimplemented ${String(v)}`);
}
