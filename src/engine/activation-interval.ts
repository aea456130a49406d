import { CGRError } from '../util/cgr-error';
import { GO_ZERO_TIME_MS, formatRFC3339Nano, parseTimeDetectLayout } from '../util/go-time';

/** Wire form of CGRateS `utils.ActivationInterval`: RFC3339 strings, the zero time meaning "unset". */
export interface ActivationIntervalJSON {
  readonly ActivationTime: string;
  readonly ExpiryTime: string;
}

/** Parsed form: epoch ms, GO_ZERO_TIME_MS when unset. */
export interface ActivationInterval {
  readonly activationMs: number;
  readonly expiryMs: number;
}

/**
 * Parses the wire form once (at Set time). Missing or empty members count as unset; anything else
 * must be a time CGRateS accepts. Throws CGRError naming the bad member.
 */
export function parseActivationInterval(
  json: unknown,
  timezone: string,
  nowMs: number,
): ActivationInterval | null {
  if (json === null || json === undefined) return null;
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new CGRError('ActivationInterval must be an object {ActivationTime, ExpiryTime}');
  }
  const obj = json as Record<string, unknown>;
  return {
    activationMs: parseMember(obj['ActivationTime'], 'ActivationTime', timezone, nowMs),
    expiryMs: parseMember(obj['ExpiryTime'], 'ExpiryTime', timezone, nowMs),
  };
}

function parseMember(v: unknown, name: string, timezone: string, nowMs: number): number {
  if (v === undefined || v === null || v === '') return GO_ZERO_TIME_MS;
  if (typeof v !== 'string') throw new CGRError(`ActivationInterval.${name} must be a time string`);
  return parseTimeDetectLayout(v, timezone, nowMs);
}

/** CGRateS `IsActiveAtTime`: both bounds strict, a zero bound is open. */
export function isActiveAt(ai: ActivationInterval, atMs: number): boolean {
  return (
    (ai.activationMs === GO_ZERO_TIME_MS || ai.activationMs < atMs) &&
    (ai.expiryMs === GO_ZERO_TIME_MS || ai.expiryMs > atMs)
  );
}

/** Wire form for replies: Go prints unset times as `0001-01-01T00:00:00Z`. */
export function activationIntervalToJSON(ai: ActivationInterval | null): ActivationIntervalJSON | null {
  if (ai === null) return null;
  return { ActivationTime: formatRFC3339Nano(ai.activationMs), ExpiryTime: formatRFC3339Nano(ai.expiryMs) };
}
