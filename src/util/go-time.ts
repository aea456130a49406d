// SKELETON: signatures are the contract; the util helper replaces the bodies.
import { CGRError } from './cgr-error';

/** Go's zero `time.Time` (0001-01-01T00:00:00Z) as epoch milliseconds. */
export const GO_ZERO_TIME_MS = -62135596800000;

export function isZeroTime(ms: number): boolean {
  return ms === GO_ZERO_TIME_MS;
}

/**
 * CGRateS `ParseTimeDetectLayout(s, timezone)`: epoch ms (fractional ms keep sub-ms digits where the
 * input has them). `""`, `"0"`, `"*unlimited"` → GO_ZERO_TIME_MS. Zone-less layouts are read in the
 * IANA `timezone`. Relative forms (`*now`, `+1h`, `-1h`, `*daily`, `*monthly`...) use `nowMs`.
 * Throws CGRError (`Unsupported time format` as CGRateS words it) for anything else.
 */
export function parseTimeDetectLayout(s: string, timezone: string, nowMs: number): number {
  throw new CGRError(`unimplemented ${s} ${timezone} ${nowMs}`);
}

/** Go `time.RFC3339Nano` in UTC (trailing fraction zeros trimmed); zero time → `0001-01-01T00:00:00Z`. */
export function formatRFC3339Nano(ms: number): string {
  throw new CGRError(`unimplemented ${ms}`);
}
