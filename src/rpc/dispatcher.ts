import { performance } from 'node:perf_hooks';
import { CGRError } from '../util/cgr-error';
import { ErrText } from '../errors';
import type { Logger } from '../log';
import { ApiKeyMatcher } from './api-key-matcher';
import { v1Error, v1Result, v2Error, v2Result } from './envelope';
import type { RpcReply, V1Reply, V2Reply } from './envelope';
import type { CallContext, MethodTable, RpcHandler } from './method-table';
import {
  JsonRpcErrorCode,
  WireErrorText,
  illFormedMethodText,
  paramsTypeText,
  serverErrorText,
  unknownMethodText,
  unknownServiceText,
} from './wire-errors';

/** Reported to `onRequest` for requests whose method is not in the table, to bound metric label cardinality. */
export const INVALID_METHOD_LABEL = '(invalid)';

/** Default upper bound on the number of requests in one JSON-RPC 2.0 batch. */
export const DEFAULT_MAX_BATCH_LENGTH = 1000;

/** How single (non-batch) `"jsonrpc":"2.0"` requests are answered. */
export const Jsonrpc2Mode = {
  /** In 2.0 form, errors as `{code,message}` (DESIGN §3). */
  NATIVE: 'native',
  /** In 1.0 form, as CGRateS does (it ignores `jsonrpc`); for clients that expect string errors. */
  V1_COMPAT: 'v1-compat',
} as const;
/** One of {@link Jsonrpc2Mode}. */
export type Jsonrpc2Mode = (typeof Jsonrpc2Mode)[keyof typeof Jsonrpc2Mode];

/** Dependencies of {@link Dispatcher}. */
export interface DispatcherDeps {
  readonly logger: Logger;
  /** `listen.api_key`; empty disables authentication. */
  readonly apiKey: string;
  /** Called once per answered request (metrics); must be cheap and must not throw. */
  readonly onRequest?: (method: string, durationMs: number, failed: boolean) => void;
  /** Largest accepted 2.0 batch; default {@link DEFAULT_MAX_BATCH_LENGTH}. */
  readonly maxBatchLength?: number;
  /** Default {@link Jsonrpc2Mode.NATIVE}. Batches are always answered in 2.0 form. */
  readonly jsonrpc2Mode?: Jsonrpc2Mode;
}

/** What {@link Dispatcher.dispatch} yields: a reply, or undefined for 2.0 notifications. */
export type DispatchOutcome = RpcReply | undefined;

/** Wire version of one request. */
type Version = 1 | 2;

type ReplyOrPending = V1Reply | V2Reply | undefined | Promise<V1Reply | V2Reply | undefined>;

/**
 * Turns one decoded JSON value into its reply: Go `net/rpc/jsonrpc` semantics for JSON-RPC 1.0
 * (anything without `"jsonrpc":"2.0"`), standard semantics for 2.0 requests and batches.
 *
 * The reply is returned synchronously when the handler returned synchronously, so the hot path
 * allocates no Promise; a Promise only when a handler did. Promises returned here never reject.
 * Replies of different requests are independent, so a transport may send them out of order, as
 * Go runs each request in its own goroutine.
 */
export class Dispatcher {
  private readonly table: MethodTable;
  private readonly services: ReadonlySet<string>;
  private readonly logger: Logger;
  private readonly apiKey: ApiKeyMatcher;
  private readonly onRequest: ((method: string, durationMs: number, failed: boolean) => void) | undefined;
  private readonly maxBatchLength: number;
  private readonly nativeV2: boolean;

  constructor(table: MethodTable, deps: DispatcherDeps) {
    this.table = table;
    const services = new Set<string>();
    for (const name of table.keys()) {
      const dot = name.lastIndexOf('.');
      if (dot > 0) services.add(name.slice(0, dot));
    }
    this.services = services;
    this.logger = deps.logger.child({ component: 'rpc' });
    this.apiKey = new ApiKeyMatcher(deps.apiKey);
    this.onRequest = deps.onRequest;
    this.maxBatchLength = deps.maxBatchLength ?? DEFAULT_MAX_BATCH_LENGTH;
    this.nativeV2 = (deps.jsonrpc2Mode ?? Jsonrpc2Mode.NATIVE) === Jsonrpc2Mode.NATIVE;
  }

  /** Answers one decoded request value (an object, or an array = 2.0 batch). */
  dispatch(request: unknown, ctx: CallContext): DispatchOutcome | Promise<DispatchOutcome> {
    if (Array.isArray(request)) return this.batch(request, ctx);
    return this.single(request, ctx, false);
  }

  /**
   * Serialises a reply. A result JSON cannot represent (BigInt, a cycle) becomes a
   * `SERVER_ERROR` reply for the same id instead of an exception in the transport.
   */
  encode(reply: RpcReply): string {
    try {
      return JSON.stringify(reply);
    } catch (err) {
      return this.encodeFallback(reply, err);
    }
  }

  private single(request: unknown, ctx: CallContext, inBatch: boolean): ReplyOrPending {
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      this.report(INVALID_METHOD_LABEL, 0, true);
      return inBatch
        ? v2Error(null, JsonRpcErrorCode.INVALID_REQUEST, WireErrorText.BATCH_ELEMENT_NOT_V2)
        : v1Error(null, WireErrorText.REQUEST_NOT_OBJECT);
    }
    const req = request as Record<string, unknown>;
    const isV2 = req['jsonrpc'] === '2.0';
    if (inBatch && !isV2) {
      this.report(INVALID_METHOD_LABEL, 0, true);
      return v2Error(req['id'] ?? null, JsonRpcErrorCode.INVALID_REQUEST, WireErrorText.BATCH_ELEMENT_NOT_V2);
    }
    return isV2 && (inBatch || this.nativeV2) ? this.callV2(req, ctx) : this.callV1(req, ctx);
  }

  private callV1(req: Record<string, unknown>, ctx: CallContext): ReplyOrPending {
    // Go echoes the raw id; an absent id is answered with null.
    const id = req['id'] ?? null;
    const method = req['method'];
    if (method !== undefined && typeof method !== 'string') {
      return this.reject(
        1,
        id,
        INVALID_METHOD_LABEL,
        JsonRpcErrorCode.INVALID_REQUEST,
        WireErrorText.METHOD_NOT_STRING,
      );
    }
    // Go reads a missing method as "" and reports it as ill-formed.
    const name = method ?? '';
    const handler = this.table.get(name);
    if (handler === undefined) {
      return this.reject(
        1,
        id,
        INVALID_METHOD_LABEL,
        JsonRpcErrorCode.METHOD_NOT_FOUND,
        this.lookupErrorText(name),
      );
    }
    // Go looks the method up before decoding params, so method errors win over params errors.
    const params = req['params'];
    let arg: unknown;
    if (Array.isArray(params)) arg = params[0];
    else if (params === undefined || params === null) {
      return this.reject(1, id, name, JsonRpcErrorCode.INVALID_PARAMS, WireErrorText.MISSING_PARAMS);
    } else return this.reject(1, id, name, JsonRpcErrorCode.INVALID_PARAMS, paramsTypeText(params));
    return this.invoke(1, id, name, handler, arg, ctx);
  }

  private callV2(req: Record<string, unknown>, ctx: CallContext): ReplyOrPending {
    const rawId = req['id'];
    const notification = rawId === undefined;
    const id = notification ? null : rawId;
    const method = req['method'];
    if (typeof method !== 'string') {
      // Invalid requests are answered even without an id (JSON-RPC 2.0 §5: id null).
      return this.reject(
        2,
        id,
        INVALID_METHOD_LABEL,
        JsonRpcErrorCode.INVALID_REQUEST,
        WireErrorText.METHOD_NOT_STRING,
      );
    }
    const handler = this.table.get(method);
    if (handler === undefined) {
      const reply = this.reject(
        2,
        id,
        INVALID_METHOD_LABEL,
        JsonRpcErrorCode.METHOD_NOT_FOUND,
        this.lookupErrorText(method),
      );
      return notification ? undefined : reply;
    }
    const params = req['params'];
    let arg: unknown;
    if (Array.isArray(params)) arg = params[0];
    else if (params === undefined || (params !== null && typeof params === 'object')) arg = params;
    else {
      const reply = this.reject(2, id, method, JsonRpcErrorCode.INVALID_PARAMS, WireErrorText.V2_PARAMS_TYPE);
      return notification ? undefined : reply;
    }
    const outcome = this.invoke(2, id, method, handler, arg, ctx);
    if (!notification) return outcome;
    // A notification still runs to completion (so graceful close waits for it) but is never answered.
    return outcome instanceof Promise ? outcome.then(dropReply) : undefined;
  }

  private invoke(
    version: Version,
    id: unknown,
    method: string,
    handler: RpcHandler,
    arg: unknown,
    ctx: CallContext,
  ): ReplyOrPending {
    const startMs = this.onRequest === undefined ? 0 : performance.now();
    if (this.apiKey.enabled && !ctx.authorized && !this.apiKey.matches(apiKeyOf(arg))) {
      return this.reject(version, id, method, JsonRpcErrorCode.SERVER_ERROR, ErrText.UNAUTHORIZED);
    }
    let result: unknown;
    try {
      result = handler(arg, ctx);
    } catch (err) {
      return this.failure(version, id, method, err, startMs);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => this.success(version, id, method, value, startMs),
        (err: unknown) => this.failure(version, id, method, err, startMs),
      );
    }
    return this.success(version, id, method, result, startMs);
  }

  private success(
    version: Version,
    id: unknown,
    method: string,
    result: unknown,
    startMs: number,
  ): V1Reply | V2Reply {
    if (result === null || result === undefined) {
      this.logger.error({ method }, 'rpc handler returned no result (programmer error)');
      return this.finish(
        version,
        id,
        method,
        JsonRpcErrorCode.INTERNAL_ERROR,
        WireErrorText.EMPTY_REPLY,
        startMs,
      );
    }
    if (this.onRequest !== undefined) this.onRequest(method, performance.now() - startMs, false);
    return version === 1 ? v1Result(id, result) : v2Result(id, result);
  }

  private failure(
    version: Version,
    id: unknown,
    method: string,
    err: unknown,
    startMs: number,
  ): V1Reply | V2Reply {
    if (err instanceof CGRError) {
      const text = err.message;
      // A handler may report a disabled service with Go's failover text; 2.0 clients get -32601 for it.
      const code = text.startsWith("rpc: can't find")
        ? JsonRpcErrorCode.METHOD_NOT_FOUND
        : JsonRpcErrorCode.SERVER_ERROR;
      return this.finish(version, id, method, code, text, startMs);
    }
    this.logger.error({ err, method }, 'rpc handler threw an unexpected error');
    const reason = err instanceof Error ? err.message : String(err);
    return this.finish(
      version,
      id,
      method,
      JsonRpcErrorCode.INTERNAL_ERROR,
      serverErrorText(reason),
      startMs,
    );
  }

  private finish(
    version: Version,
    id: unknown,
    method: string,
    code: number,
    text: string,
    startMs: number,
  ): V1Reply | V2Reply {
    if (this.onRequest !== undefined) this.onRequest(method, performance.now() - startMs, true);
    return version === 1 ? v1Error(id, text) : v2Error(id, code, text);
  }

  /** An error reply for a request that never reached its handler. */
  private reject(
    version: Version,
    id: unknown,
    label: string,
    code: number,
    text: string,
  ): V1Reply | V2Reply {
    this.report(label, 0, true);
    return version === 1 ? v1Error(id, text) : v2Error(id, code, text);
  }

  private report(method: string, durationMs: number, failed: boolean): void {
    if (this.onRequest !== undefined) this.onRequest(method, durationMs, failed);
  }

  // Mirrors birpc basic_server.go: split at the last dot, then service, then method.
  private lookupErrorText(method: string): string {
    const dot = method.lastIndexOf('.');
    if (dot < 0) return illFormedMethodText(method);
    return this.services.has(method.slice(0, dot)) ? unknownMethodText(method) : unknownServiceText(method);
  }

  private batch(requests: readonly unknown[], ctx: CallContext): DispatchOutcome | Promise<DispatchOutcome> {
    const n = requests.length;
    if (n === 0) {
      this.report(INVALID_METHOD_LABEL, 0, true);
      return v2Error(null, JsonRpcErrorCode.INVALID_REQUEST, WireErrorText.EMPTY_BATCH);
    }
    if (n > this.maxBatchLength) {
      this.report(INVALID_METHOD_LABEL, 0, true);
      return v2Error(
        null,
        JsonRpcErrorCode.INVALID_REQUEST,
        `invalid request: batch of ${n} requests exceeds the limit of ${this.maxBatchLength}`,
      );
    }
    const replies = new Array<V1Reply | V2Reply | undefined>(n);
    let pending: Promise<void>[] | undefined;
    for (let i = 0; i < n; i++) {
      const outcome = this.single(requests[i], ctx, true);
      if (outcome instanceof Promise) {
        (pending ??= []).push(
          outcome.then((reply) => {
            replies[i] = reply;
          }),
        );
      } else replies[i] = outcome;
    }
    if (pending === undefined) return compactBatch(replies);
    return Promise.all(pending).then(() => compactBatch(replies));
  }

  private encodeFallback(reply: RpcReply, err: unknown): string {
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.error({ err }, 'rpc reply could not be serialised');
    const text = serverErrorText(`cannot encode reply: ${reason}`);
    const replace = (one: V1Reply | V2Reply): V1Reply | V2Reply => {
      try {
        JSON.stringify(one);
        return one;
      } catch {
        const id = safeId(one.id);
        return 'jsonrpc' in one ? v2Error(id, JsonRpcErrorCode.INTERNAL_ERROR, text) : v1Error(id, text);
      }
    };
    if (Array.isArray(reply)) return JSON.stringify((reply as readonly V2Reply[]).map(replace));
    return JSON.stringify(replace(reply as V1Reply | V2Reply));
  }
}

function dropReply(): undefined {
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function')
  );
}

// The TCP path of the api key: CGRateS dispatchers send it as APIOpts["*apiKey"] in the argument.
function apiKeyOf(arg: unknown): unknown {
  if (arg === null || typeof arg !== 'object') return undefined;
  const opts = (arg as Record<string, unknown>)['APIOpts'];
  if (opts === null || typeof opts !== 'object') return undefined;
  return (opts as Record<string, unknown>)['*apiKey'];
}

function compactBatch(replies: readonly (V1Reply | V2Reply | undefined)[]): readonly V2Reply[] | undefined {
  const out: V2Reply[] = [];
  for (const reply of replies) if (reply !== undefined) out.push(reply as V2Reply);
  return out.length === 0 ? undefined : out;
}

// An id always came from JSON.parse, so it serialises; guard anyway since it is echoed verbatim.
function safeId(id: unknown): unknown {
  try {
    JSON.stringify(id);
    return id;
  } catch {
    return null;
  }
}
