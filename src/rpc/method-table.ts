/**
 * The contract between the transports/dispatcher (src/rpc) and the service method tables
 * (src/rpc/methods/*). Method tables know nothing about framing, envelopes or JSON-RPC versions.
 */

/** What the transport knows about the caller of one request. */
export interface CallContext {
  /** The listener the request arrived on. */
  readonly transport: 'tcp' | 'http';
  /**
   * True when the transport itself authenticated the caller (HTTP `Authorization: Bearer <api_key>`).
   * When false and an api key is configured, the dispatcher looks for `APIOpts["*apiKey"]` in the argument.
   */
  readonly authorized: boolean;
}

/**
 * One RPC method. `arg` is `params[0]` (`undefined` for `params: []`; for JSON-RPC 2.0 named params,
 * the params object). Returns the result or a Promise of it; throws/rejects a CGRError for CGRateS
 * errors (its message is the wire text). Must never produce null/undefined: a Go client rejects
 * `result:null` together with `error:null` (`invalid error <nil>`).
 */
export type RpcHandler = (arg: unknown, ctx: CallContext) => unknown;

/** Full method name (`StatSv1.ProcessEvent`) to handler. Services are the parts before the dot. */
export type MethodTable = ReadonlyMap<string, RpcHandler>;
