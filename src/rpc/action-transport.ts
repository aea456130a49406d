import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ActionIO, RpcCallRequest } from '../engine/actions/action-context';
import type { Logger } from '../log';
import { CGRError } from '../util/cgr-error';
import { JsonRpcClient, RpcTransportError } from './json-rpc-client';
import { errorMessage } from '../engine/actions/error-message';

/** Options of {@link ActionTransport}. */
export interface ActionTransportOptions {
  readonly logger: Logger;
  /** Per-attempt timeout of a `*http_post` (connect to end of response). @default 5000 */
  readonly httpTimeoutMs?: number;
  /** Attempts of a `*http_post` before it fails. @default 3 */
  readonly httpAttempts?: number;
  /** Delay before the 2nd attempt; doubles for each later one. @default 200 */
  readonly httpBackoffMs?: number;
  /** Reply timeout of a `*cgr_rpc` call. @default 5000 */
  readonly rpcTimeoutMs?: number;
  /** Largest response body read (the rest is an error). @default 1 MiB */
  readonly maxResponseBytes?: number;
  /** Waits between attempts (tests may pass a fake). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Serves `*cgr_rpc` calls to `*internal` (the process' own method table); absent: refused. */
  readonly internalCall?: (method: string, params: unknown) => unknown;
}

const DEFAULT_HTTP_TIMEOUT_MS = 5000;
const DEFAULT_HTTP_ATTEMPTS = 3;
const DEFAULT_HTTP_BACKOFF_MS = 200;
const DEFAULT_RPC_TIMEOUT_MS = 5000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const RPC_RETRY_DELAY_MS = 100;

/** CGRateS' `*cgr_rpc` Transport values we speak. */
const RpcTransport = {
  JSON: '*json',
  HTTP_JSONRPC: '*http_jsonrpc',
  INTERNAL: '*internal',
} as const;

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The network I/O of actions: `*http_post` (one JSON POST, per-attempt timeout, bounded retries
 * with doubling delay) and `*cgr_rpc` (a JSON-RPC call over a cached persistent
 * {@link JsonRpcClient}, or over HTTP). Everything is asynchronous I/O bounded by timeouts, so a
 * hanging peer delays only the action that talks to it.
 */
export class ActionTransport implements ActionIO {
  private readonly opts: ActionTransportOptions;
  private readonly httpTimeoutMs: number;
  private readonly httpAttempts: number;
  private readonly httpBackoffMs: number;
  private readonly rpcTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });
  private readonly rpcClients = new Map<string, JsonRpcClient>();

  constructor(opts: ActionTransportOptions) {
    this.opts = opts;
    this.httpTimeoutMs = opts.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    this.httpAttempts = Math.max(1, opts.httpAttempts ?? DEFAULT_HTTP_ATTEMPTS);
    this.httpBackoffMs = opts.httpBackoffMs ?? DEFAULT_HTTP_BACKOFF_MS;
    this.rpcTimeoutMs = opts.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  async httpPost(url: string, body: string): Promise<void> {
    let last = '';
    for (let attempt = 1; attempt <= this.httpAttempts; attempt++) {
      if (attempt > 1) await this.sleep(this.httpBackoffMs * 2 ** (attempt - 2));
      try {
        const answer = await this.post(url, body);
        if (answer.status >= 200 && answer.status < 300) return;
        last = `HTTP ${answer.status}`;
      } catch (err) {
        last = errorMessage(err);
      }
    }
    throw new CGRError(`failed after ${this.httpAttempts} attempts: ${last}`);
  }

  async rpcCall(req: RpcCallRequest): Promise<unknown> {
    const transport = req.transport === '' ? RpcTransport.JSON : req.transport;
    if (req.address === RpcTransport.INTERNAL || transport === RpcTransport.INTERNAL) {
      const internal = this.opts.internalCall;
      if (internal === undefined) throw new CGRError('*cgr_rpc to *internal is not available');
      return await internal(req.method, req.params);
    }
    if (transport === RpcTransport.HTTP_JSONRPC) return this.httpJsonRpc(req);
    if (transport !== RpcTransport.JSON) throw new CGRError(`unsupported *cgr_rpc transport <${transport}>`);
    const client = this.clientFor(req.address);
    const attempts = Math.max(1, req.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.call(req.method, req.params);
      } catch (err) {
        // Only transport failures are worth another try; an error reply is the answer.
        if (!(err instanceof RpcTransportError) || attempt >= attempts) throw err;
        await this.sleep(RPC_RETRY_DELAY_MS * attempt);
      }
    }
  }

  /** Closes the cached RPC clients and idle HTTP sockets. */
  async close(): Promise<void> {
    const clients = [...this.rpcClients.values()];
    this.rpcClients.clear();
    await Promise.all(clients.map((c) => c.close()));
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private clientFor(address: string): JsonRpcClient {
    let client = this.rpcClients.get(address);
    if (client === undefined) {
      client = new JsonRpcClient({ address, callTimeoutMs: this.rpcTimeoutMs, logger: this.opts.logger });
      this.rpcClients.set(address, client);
    }
    return client;
  }

  private async httpJsonRpc(req: RpcCallRequest): Promise<unknown> {
    const body = JSON.stringify({ method: req.method, params: [req.params], id: 0 });
    const attempts = Math.max(1, req.attempts);
    let answer: HttpAnswer | undefined;
    for (let attempt = 1; answer === undefined; attempt++) {
      try {
        answer = await this.post(req.address, body);
      } catch (err) {
        if (attempt >= attempts) throw err;
        await this.sleep(RPC_RETRY_DELAY_MS * attempt);
      }
    }
    let reply: unknown;
    try {
      reply = JSON.parse(answer.body) as unknown;
    } catch {
      throw new CGRError(`HTTP ${answer.status}: reply is not JSON`);
    }
    const rec = reply !== null && typeof reply === 'object' ? (reply as Record<string, unknown>) : {};
    const error = rec['error'];
    if (error !== undefined && error !== null) {
      const msg = (error as Record<string, unknown> | null)?.['message'];
      throw new CGRError(
        typeof error === 'string' ? error : typeof msg === 'string' ? msg : JSON.stringify(error),
      );
    }
    return rec['result'];
  }

  /** One POST with the whole exchange bounded by the timeout. */
  private post(target: string, body: string): Promise<HttpAnswer> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return Promise.reject(new CGRError(`invalid URL <${target}>`));
    }
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:')
      return Promise.reject(new CGRError(`unsupported URL scheme <${url.protocol}>`));
    return new Promise<HttpAnswer>((resolve, reject) => {
      const payload = Buffer.from(body, 'utf8');
      const options = {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        agent: https ? this.httpsAgent : this.httpAgent,
      };
      const req = https ? httpsRequest(url, options) : httpRequest(url, options);
      const timer = setTimeout(
        () => req.destroy(new CGRError(`timeout after ${this.httpTimeoutMs}ms`)),
        this.httpTimeoutMs,
      );
      timer.unref();
      const fail = (err: Error): void => {
        clearTimeout(timer);
        reject(err);
      };
      req.on('error', fail);
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            req.destroy(new CGRError(`response larger than ${this.maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.end(payload);
    });
  }
}
