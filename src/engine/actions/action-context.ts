/**
 * The seams of action execution: what a threshold hands to an action set, how ThresholdS asks for
 * a set to run, and the network I/O the engine needs but does not own (implemented in src/rpc).
 */
import type { CGREvent } from '../cgr-event';

/** What a threshold hit gives its actions (CGRateS `ActionTiming.ExtraData` plus the resolved account). */
export interface ActionContext {
  /** Tenant of the threshold (and of the event). */
  readonly tenant: string;
  /** The threshold that fired. */
  readonly thresholdID: string;
  /** The event that made it fire: CGRateS' ExtraData. */
  readonly event: CGREvent;
  /**
   * `tenant:account` resolved as CGRateS does (`Account`, `AccountID` on AccountUpdate, the
   * `*accountID` opt), or undefined. Informational only: this engine keeps no accounts.
   */
  readonly account: string | undefined;
}

/** Runs one action set; ThresholdS depends on this, not on the ActionService class. */
export interface ActionRunner {
  /**
   * Runs the set's actions, highest Weight first; the first failing action aborts the rest.
   * Returns when done, or a Promise when an action does network I/O. Throws (or rejects) a CGRError
   * when the set is missing or an action failed.
   */
  execute(actionsID: string, ctx: ActionContext): void | Promise<void>;
}

/** One generic JSON-RPC call of a `*cgr_rpc` action. */
export interface RpcCallRequest {
  /** `host:port` (or a URL for `*http_jsonrpc`), or `*internal`. */
  readonly address: string;
  /** `*json` (default, raw TCP) or `*http_jsonrpc`. */
  readonly transport: string;
  readonly method: string;
  /** Sent as `params[0]`. */
  readonly params: unknown;
  /** Tries before giving up (CGRateS `Attempts`); values below 1 count as 1. */
  readonly attempts: number;
}

/** The network I/O actions need, injected into the engine (src/rpc/action-transport.ts implements it). */
export interface ActionIO {
  /**
   * POSTs a JSON body; resolves on a 2xx answer. Timeouts and bounded retries are the
   * implementation's; rejects with the last failure once the attempts are spent.
   */
  httpPost(url: string, body: string): Promise<void>;
  /** Makes one JSON-RPC call; resolves with the result, rejects with the remote error or a transport failure. */
  rpcCall(req: RpcCallRequest): Promise<unknown>;
}
