import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { ErrText } from '../errors';
import type { Logger } from '../log';
import { CGRError } from '../util/cgr-error';
import { JsonStreamFramer } from './json-stream-framer';
import { errorMessage } from '../engine/actions/error-message';

/** Connection states of a {@link JsonRpcClient}. */
export const ConnectionState = {
  /** A connection attempt is running. */
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  /** The last attempt failed; the next one is scheduled (calls fail fast meanwhile). */
  DISCONNECTED: 'disconnected',
  /** close() was called. */
  CLOSED: 'closed',
} as const;
/** One of {@link ConnectionState}. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** Why a call failed without a reply from the server. */
export const TransportFailure = {
  /** Not connected (or the connection dropped before the reply came). */
  DISCONNECTED: ErrText.DISCONNECTED,
  /** No reply within the call timeout. */
  REPLY_TIMEOUT: ErrText.REPLY_TIMEOUT,
  /** Too many calls waiting for replies. */
  OVERLOADED: 'MAX_CONCURRENT_RPC_EXCEEDED',
} as const;
/** One of {@link TransportFailure}. */
export type TransportFailure = (typeof TransportFailure)[keyof typeof TransportFailure];

/**
 * A call that got no reply from the server (as opposed to a CGRError carrying the server's error
 * string). Its message is the CGRateS text (`DISCONNECTED`, `REPLY_TIMEOUT`, ...).
 */
export class RpcTransportError extends CGRError {
  readonly failure: TransportFailure;
  readonly detail: string;

  constructor(failure: TransportFailure, detail: string) {
    super(failure);
    this.failure = failure;
    this.detail = detail;
  }

  override get name(): string {
    return 'RpcTransportError';
  }
}

/** Injectable one-shot timers (tests may pass fakes). */
export interface ClientTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link JsonRpcClient}. */
export interface JsonRpcClientOptions {
  /** `host:port` of a JSON-RPC TCP server (CGRateS `*json` transport). */
  readonly address: string;
  /** How long a call waits for its reply. @default 5000 */
  readonly callTimeoutMs?: number;
  /** How long a connection attempt may take. @default 3000 */
  readonly connectTimeoutMs?: number;
  /** Calls waiting for a reply at once; more fail with MAX_CONCURRENT_RPC_EXCEEDED. @default 10000 */
  readonly maxPending?: number;
  /** First retry delay after a failed attempt; doubles per failure. @default 100 */
  readonly reconnectMinMs?: number;
  /** Cap of the retry delay. @default 5000 */
  readonly reconnectMaxMs?: number;
  /** Largest reply accepted. @default 64 MiB */
  readonly maxReplyBytes?: number;
  readonly logger?: Logger;
  /** @default the global timers, unref'd (a forgotten client never holds the process) */
  readonly timers?: ClientTimers;
  /** Told about every state change (the error text of the failure that caused it, if any). */
  readonly onStateChange?: (state: ConnectionState, error?: string) => void;
}

interface PendingCall {
  readonly resolve: (result: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly timer: unknown;
}

const DEFAULT_CALL_TIMEOUT_MS = 5000;
const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_MAX_PENDING = 10_000;
const DEFAULT_RECONNECT_MIN_MS = 100;
const DEFAULT_RECONNECT_MAX_MS = 5000;
const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;
const KEEPALIVE_MS = 30_000;
/** A connection that drops sooner than this after connecting counts as a failed attempt (no tight re-dial loop). */
const MIN_HEALTHY_CONNECTION_MS = 1000;

const defaultTimers: ClientTimers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** Splits `host:port` (IPv6 as `[::1]:2012`); throws CGRError on anything else. */
export function parseHostPort(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !(port > 0 && port < 65536))
    throw new CGRError(`invalid address <${address}>, expected host:port`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}

/**
 * A persistent JSON-RPC 1.0 client over raw TCP, as CGRateS' `rpcclient` with the `*json` codec
 * speaks it: `{"method","params":[arg],"id"}` out, replies matched back by id, so any number of
 * calls are in flight at once (pipelined) and may be answered in any order.
 *
 * - Every call has a timeout (REPLY_TIMEOUT); a late reply is dropped.
 * - Calls waiting for replies are bounded (MAX_CONCURRENT_RPC_EXCEEDED past the bound).
 * - A dropped connection fails its calls (DISCONNECTED) and is re-dialled at once; calls made during
 *   that first attempt wait for it. Once an attempt has failed, calls fail fast until a later
 *   attempt succeeds; attempts are spaced by a doubling delay up to a cap.
 * - Writes made in one tick go out in one socket write.
 */
export class JsonRpcClient {
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly callTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxPending: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;
  private readonly maxReplyBytes: number;
  private readonly timers: ClientTimers;
  private readonly logger: Logger | undefined;
  private readonly onStateChange: ((state: ConnectionState, error?: string) => void) | undefined;

  private currentState: ConnectionState = ConnectionState.CONNECTING;
  private socket: Socket | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private nextID = 0;
  /** Consecutive failed connection attempts; 0 while connected or right after a drop. */
  private failures = 0;
  private reconnectTimer: unknown;
  private outbox: string[] = [];
  private flushScheduled = false;
  private connectedAtMs = 0;
  private closed: Promise<void> | undefined;

  constructor(opts: JsonRpcClientOptions) {
    this.address = opts.address;
    const { host, port } = parseHostPort(opts.address);
    this.host = host;
    this.port = port;
    this.callTimeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
    this.reconnectMinMs = opts.reconnectMinMs ?? DEFAULT_RECONNECT_MIN_MS;
    this.reconnectMaxMs = opts.reconnectMaxMs ?? DEFAULT_RECONNECT_MAX_MS;
    this.maxReplyBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    this.timers = opts.timers ?? defaultTimers;
    this.logger = opts.logger;
    this.onStateChange = opts.onStateChange;
    this.dial();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Calls waiting for their reply. */
  get pendingCalls(): number {
    return this.pending.size;
  }

  /**
   * Calls `method` with `arg` as `params[0]`. Resolves with the result; rejects with a CGRError
   * carrying the server's error string, or an {@link RpcTransportError} when no reply came.
   */
  call(method: string, arg: unknown): Promise<unknown> {
    const state = this.currentState;
    const accepting =
      state === ConnectionState.CONNECTED || (state === ConnectionState.CONNECTING && this.failures === 0);
    if (!accepting) {
      const detail = state === ConnectionState.CLOSED ? 'client closed' : `not connected to ${this.address}`;
      return Promise.reject(new RpcTransportError(TransportFailure.DISCONNECTED, detail));
    }
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(
        new RpcTransportError(
          TransportFailure.OVERLOADED,
          `${this.maxPending} calls to ${this.address} already waiting`,
        ),
      );
    }
    const id = this.nextID++;
    let text: string;
    try {
      text = JSON.stringify({ method, params: [arg], id });
    } catch (err) {
      return Promise.reject(new CGRError(`cannot encode ${method} argument: ${errorMessage(err)}`));
    }
    return new Promise<unknown>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        if (this.pending.delete(id)) {
          reject(
            new RpcTransportError(
              TransportFailure.REPLY_TIMEOUT,
              `no reply to ${method} within ${this.callTimeoutMs}ms`,
            ),
          );
        }
      }, this.callTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.outbox.push(text + '\n');
      if (this.currentState === ConnectionState.CONNECTED) this.scheduleFlush();
    });
  }

  /** Stops reconnecting, fails what is pending, closes the socket. Idempotent. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.setState(ConnectionState.CLOSED);
      if (this.reconnectTimer !== undefined) this.timers.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.failPending('client closed');
      const socket = this.socket;
      this.socket = undefined;
      if (socket === undefined || socket.destroyed) resolve();
      else {
        socket.once('close', () => resolve());
        socket.destroy();
      }
    });
    return this.closed;
  }

  // ---- connection ----

  private dial(): void {
    this.reconnectTimer = undefined;
    if (this.currentState === ConnectionState.CLOSED) return;
    this.setState(ConnectionState.CONNECTING);
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    const framer = new JsonStreamFramer({ maxFrameBytes: this.maxReplyBytes });
    let lastError: string | undefined;
    socket.setTimeout(this.connectTimeoutMs);
    socket.on('timeout', () => {
      // Only armed while connecting: an established connection may stay idle.
      lastError = `connect timeout after ${this.connectTimeoutMs}ms`;
      socket.destroy();
    });
    socket.on('connect', () => {
      socket.setTimeout(0);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      if (this.socket !== socket) return;
      this.failures = 0;
      this.connectedAtMs = performance.now();
      this.setState(ConnectionState.CONNECTED);
      if (this.outbox.length > 0) this.scheduleFlush();
    });
    socket.on('data', (chunk: Buffer) => {
      const err = framer.push(chunk, (value) => this.onReply(value));
      if (err !== undefined) {
        lastError = `bad reply stream: ${err.reason}`;
        socket.destroy();
      }
    });
    socket.on('error', (err: Error) => {
      lastError = err.message;
    });
    socket.on('close', () => this.onClose(socket, lastError));
  }

  private onClose(socket: Socket, error: string | undefined): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    if (this.currentState === ConnectionState.CLOSED) return;
    const wasConnected = this.currentState === ConnectionState.CONNECTED;
    const reason = error ?? 'connection closed by peer';
    this.failPending(`connection to ${this.address} lost: ${reason}`);
    if (wasConnected && performance.now() - this.connectedAtMs >= MIN_HEALTHY_CONNECTION_MS) {
      // A drop (peer restart, idle close): re-dial at once, letting new calls wait for that attempt.
      this.failures = 0;
      this.logger?.debug(
        { address: this.address, error: reason },
        'json-rpc connection dropped, reconnecting',
      );
      this.dial();
      return;
    }
    this.failures++;
    this.setState(ConnectionState.DISCONNECTED, reason);
    const delayMs = Math.min(this.reconnectMaxMs, this.reconnectMinMs * 2 ** Math.min(this.failures - 1, 30));
    this.reconnectTimer = this.timers.setTimeout(() => this.dial(), delayMs);
  }

  private onReply(value: unknown): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const reply = value as Record<string, unknown>;
    const id = reply['id'];
    if (typeof id !== 'number') return;
    const call = this.pending.get(id);
    if (call === undefined) return; // timed out already
    this.pending.delete(id);
    this.timers.clearTimeout(call.timer);
    const error = reply['error'];
    if (error === undefined || error === null) call.resolve(reply['result']);
    else call.reject(new CGRError(errorText(error)));
  }

  private failPending(detail: string): void {
    this.outbox = [];
    if (this.pending.size === 0) return;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      this.timers.clearTimeout(call.timer);
      call.reject(new RpcTransportError(TransportFailure.DISCONNECTED, detail));
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const socket = this.socket;
    if (socket === undefined || this.currentState !== ConnectionState.CONNECTED || this.outbox.length === 0)
      return;
    const data = this.outbox.length === 1 ? (this.outbox[0] as string) : this.outbox.join('');
    this.outbox = [];
    socket.write(data);
  }

  private setState(state: ConnectionState, error?: string): void {
    if (this.currentState === state) return;
    this.currentState = state;
    if (this.onStateChange !== undefined) {
      if (error === undefined) this.onStateChange(state);
      else this.onStateChange(state, error);
    }
  }
}

/** A reply's `error`: a string (JSON-RPC 1.0, CGRateS) or a 2.0 `{code, message}` object. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Record<string, unknown>)['message'] === 'string'
  ) {
    return (error as Record<string, unknown>)['message'] as string;
  }
  return JSON.stringify(error);
}
