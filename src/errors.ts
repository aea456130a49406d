/**
 * Domain errors with the CGRateS wire texts (utils/errors.go). Domain code throws these; only
 * src/rpc turns them into reply strings. Every one is a CGRError whose message is the exact text.
 */
import { CGRError } from './util/cgr-error';

export { CGRError };

export const ErrText = {
  NOT_FOUND: 'NOT_FOUND',
  EXISTS: 'EXISTS',
  SERVER_ERROR: 'SERVER_ERROR',
  MANDATORY_IE_MISSING: 'MANDATORY_IE_MISSING',
  PARTIALLY_EXECUTED: 'PARTIALLY_EXECUTED',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  BROKEN_REFERENCE: 'BROKEN_REFERENCE',
  INVALID_PATH: 'INVALID_PATH',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NEGATIVE: 'NEGATIVE',
  DISCONNECTED: 'DISCONNECTED',
  REPLY_TIMEOUT: 'REPLY_TIMEOUT',
} as const;

/** `NOT_FOUND`, or `NOT_FOUND:<reason>` (Go `utils.ErrPrefix`). */
export function notFound(reason?: string): CGRError {
  return new CGRError(reason === undefined ? ErrText.NOT_FOUND : `${ErrText.NOT_FOUND}:${reason}`);
}

/** `MANDATORY_IE_MISSING: [ID Tenant]` (Go `%v` of a string slice). */
export function mandatoryMissing(fields: readonly string[]): CGRError {
  return new CGRError(`${ErrText.MANDATORY_IE_MISSING}: [${fields.join(' ')}]`);
}

/** `SERVER_ERROR: <reason>` (Go `utils.NewErrServerError`). */
export function serverError(reason: string | Error): CGRError {
  const msg = typeof reason === 'string' ? reason : reason.message;
  return new CGRError(`${ErrText.SERVER_ERROR}: ${msg}`);
}

export function partiallyExecuted(): CGRError {
  return new CGRError(ErrText.PARTIALLY_EXECUTED);
}

/** `NOT_IMPLEMENTED:<what>` */
export function notImplemented(what: string): CGRError {
  return new CGRError(`${ErrText.NOT_IMPLEMENTED}:${what}`);
}

export function unauthorized(): CGRError {
  return new CGRError(ErrText.UNAUTHORIZED);
}

/** `broken reference to filter: <X> for item with ID: <tenant>:<id>` (wrapped as SERVER_ERROR by the APIs). */
export function brokenFilterReference(filterID: string, tenant: string, id: string): CGRError {
  return new CGRError(`broken reference to filter: <${filterID}> for item with ID: ${tenant}:${id}`);
}

/** True when `err` is exactly NOT_FOUND (not a NOT_FOUND:<x> variant). */
export function isNotFound(err: unknown): boolean {
  return err instanceof CGRError && err.message === ErrText.NOT_FOUND;
}

/**
 * CGRateS `utils.APIErrorHandler`: NOT_FOUND passes unchanged, anything already SERVER_ERROR stays,
 * every other error becomes `SERVER_ERROR: <msg>`.
 */
export function apiError(err: unknown): CGRError {
  if (err instanceof CGRError) {
    if (err.message === ErrText.NOT_FOUND || err.message.startsWith(`${ErrText.SERVER_ERROR}:`)) return err;
    if (err.message.startsWith(`${ErrText.MANDATORY_IE_MISSING}:`)) return err;
    return serverError(err.message);
  }
  return serverError(err instanceof Error ? err.message : String(err));
}
