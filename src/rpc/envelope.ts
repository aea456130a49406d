/**
 * Reply envelopes. Member order matters only to humans reading captures, but it is kept as Go's
 * `serverResponse` writes it (id, result, error) so that diffs against CGRateS captures are clean.
 */

/** A JSON-RPC 1.0 reply as Go's `net/rpc/jsonrpc` writes it: `error` is a plain string or null. */
export interface V1Reply {
  readonly id: unknown;
  readonly result: unknown;
  readonly error: string | null;
}

/** A JSON-RPC 2.0 error object. `message` is the CGRateS/Go text. */
export interface V2ErrorObject {
  readonly code: number;
  readonly message: string;
}

/** A JSON-RPC 2.0 success reply. */
export interface V2Success {
  readonly jsonrpc: '2.0';
  readonly id: unknown;
  readonly result: unknown;
}

/** A JSON-RPC 2.0 error reply. */
export interface V2Failure {
  readonly jsonrpc: '2.0';
  readonly id: unknown;
  readonly error: V2ErrorObject;
}

/** A JSON-RPC 2.0 reply. */
export type V2Reply = V2Success | V2Failure;

/** Anything the dispatcher answers with: one reply, or the replies of a 2.0 batch. */
export type RpcReply = V1Reply | V2Reply | readonly V2Reply[];

/** `{"id":..,"result":..,"error":null}` */
export function v1Result(id: unknown, result: unknown): V1Reply {
  return { id, result, error: null };
}

/** `{"id":..,"result":null,"error":"<text>"}`; `result` is present and null, as Go sends it. */
export function v1Error(id: unknown, text: string): V1Reply {
  return { id, result: null, error: text };
}

/** `{"jsonrpc":"2.0","id":..,"result":..}` */
export function v2Result(id: unknown, result: unknown): V2Success {
  return { jsonrpc: '2.0', id, result };
}

/** `{"jsonrpc":"2.0","id":..,"error":{"code":..,"message":..}}` */
export function v2Error(id: unknown, code: number, message: string): V2Failure {
  return { jsonrpc: '2.0', id, error: { code, message } };
}
