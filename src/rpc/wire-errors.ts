import { FrameErrorKind } from './json-stream-framer';
import type { FrameError } from './json-stream-framer';

/**
 * Error texts and codes of the JSON-RPC layer itself (as opposed to the CGRateS domain texts in
 * src/errors.ts). Go texts are those of birpc `basic_server.go` / `jsonrpc/server.go`, verbatim,
 * because clients match on them: `rpcclient` fails over on the `rpc: can't find service` prefix.
 */

/** Fixed texts sent as v1 `error` strings or v2 `error.message`. */
export const WireErrorText = {
  /** Go `jsonrpc` codec: `params` absent or null. */
  MISSING_PARAMS: 'jsonrpc: request body missing params',
  /** Go decoding `"params": {...}` into `[1]interface{}`. */
  PARAMS_OBJECT: 'json: cannot unmarshal object into Go value of type [1]interface {}',
  /** A request that is not a JSON object (Go would close the connection without a reply). */
  REQUEST_NOT_OBJECT: 'rpc: request ill-formed: not a JSON object',
  /** `method` present but not a string (Go would close the connection without a reply). */
  METHOD_NOT_STRING: 'rpc: request ill-formed: method is not a string',
  /** A handler returned null/undefined: a programmer error, never a valid Go reply. */
  EMPTY_REPLY: 'SERVER_ERROR: empty reply',
  EMPTY_BATCH: 'invalid request: empty batch',
  BATCH_ELEMENT_NOT_V2: 'invalid request: batch elements must be JSON-RPC 2.0 request objects',
  V2_PARAMS_TYPE: 'invalid params: params must be an array or an object',
  EMPTY_BODY: 'SERVER_ERROR: empty request body',
} as const;

/** JSON-RPC 2.0 error codes (spec §5.1); -32000 carries CGRateS domain errors. */
export const JsonRpcErrorCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
} as const;
/** One of {@link JsonRpcErrorCode}. */
export type JsonRpcErrorCode = (typeof JsonRpcErrorCode)[keyof typeof JsonRpcErrorCode];

/** Go: a method name without a dot. */
export function illFormedMethodText(method: string): string {
  return `rpc: service/method request ill-formed: ${method}`;
}

/** Go: the part before the last dot names no registered service. Triggers failover in CGRateS' rpcclient. */
export function unknownServiceText(method: string): string {
  return `rpc: can't find service ${method}`;
}

/** Go: the service exists but has no such method. */
export function unknownMethodText(method: string): string {
  return `rpc: can't find method ${method}`;
}

/** Go decoding a non-array, non-object `params` into `[1]interface{}`. */
export function paramsTypeText(params: unknown): string {
  return `json: cannot unmarshal ${goJsonTypeName(params)} into Go value of type [1]interface {}`;
}

/** Any other thrown value: `SERVER_ERROR: <message>` (Go `utils.NewErrServerError`). */
export function serverErrorText(reason: string): string {
  return `SERVER_ERROR: ${reason}`;
}

/** Reply to a stream that could not be framed or parsed. */
export function malformedJsonText(reason: string): string {
  return `SERVER_ERROR: malformed JSON: ${reason}`;
}

/** Reply to a frame or HTTP body over the configured limit (same text as the framer's). */
export function tooLargeText(maxRequestBytes: number): string {
  return serverErrorText(`request exceeds max_request_bytes (${maxRequestBytes})`);
}

/** The reply text for a framing failure of the JSON stream framer. */
export function frameErrorText(err: FrameError): string {
  return err.kind === FrameErrorKind.TOO_LARGE ? serverErrorText(err.reason) : malformedJsonText(err.reason);
}

// Go's encoding/json names for JSON value kinds in UnmarshalTypeError.
function goJsonTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
