import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, DropArgument, Socket } from 'node:net';
import type { Logger } from '../log';
import { ApiKeyMatcher } from './api-key-matcher';
import type { DispatchOutcome, Dispatcher } from './dispatcher';
import { v1Error } from './envelope';
import { JsonStreamFramer } from './json-stream-framer';
import type { FrameError } from './json-stream-framer';
import type { CallContext } from './method-table';
import type { ListenAddress } from './tcp-transport';
import { WireErrorText, frameErrorText, tooLargeText } from './wire-errors';

/**
 * An extra GET endpoint (`/metrics`, `/api/queue_stats`). `url` is the parsed request URL (its
 * origin is a placeholder). Subject to the api key like the RPC path. A throw or rejection
 * becomes HTTP 500.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Path of the JSON-RPC endpoint (`listen.http_path`, `/jsonrpc`). */
  readonly rpcPath: string;
  readonly dispatcher: Dispatcher;
  /** Largest request body (`listen.max_request_bytes`); larger bodies get 413. */
  readonly maxRequestBytes: number;
  /** Connections beyond this are closed as soon as they are accepted. */
  readonly maxConnections: number;
  /** Socket inactivity limit, also the keep-alive timeout. */
  readonly idleTimeoutMs: number;
  /** `listen.api_key`; empty disables authentication. */
  readonly apiKey: string;
  /** Extra GET endpoints keyed by exact path. */
  readonly routes?: ReadonlyMap<string, HttpRoute>;
  readonly logger: Logger;
}

/** A running HTTP listener. */
export interface HttpServer {
  /** The bound address (the real port when started with port 0). */
  address(): ListenAddress;
  /** Open client connections (keep-alive ones included). */
  connectionCount(): number;
  /**
   * Stops accepting connections, lets requests in flight finish and their responses flush, then
   * closes every connection; connections still open after `drainTimeoutMs` are destroyed. Idempotent.
   */
  close(drainTimeoutMs: number): Promise<void>;
}

const AUTHORIZED: CallContext = Object.freeze({ transport: 'http', authorized: true });
const UNAUTHORIZED: CallContext = Object.freeze({ transport: 'http', authorized: false });

// The CGRateS list (cores/server.go), plus Authorization so browsers may send the bearer api key.
const CORS_METHODS = 'POST, GET, OPTIONS, PUT, DELETE';
const CORS_HEADERS = 'Accept, Accept-Language, Content-Type, Authorization';

/**
 * Starts the HTTP listener (CGRateS `listen.http`): JSON-RPC on `rpcPath`, plus `routes`.
 *
 * The RPC path takes POST only (any Content-Type, as CGRateS), answers OPTIONS preflights, and
 * refuses other methods with 405: CGRateS accepts any method, but a state-changing GET is an
 * invitation to cross-site request forgery and no known client sends one.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const server = new HttpListener(opts);
  await server.listen(opts.host, opts.port);
  return server;
}

class HttpListener implements HttpServer {
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  readonly maxRequestBytes: number;
  readonly apiKey: ApiKeyMatcher;
  private readonly rpcPath: string;
  private readonly routes: ReadonlyMap<string, HttpRoute>;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private droppedInBurst = 0;
  private closePromise: Promise<void> | undefined;
  private onAllClosed: (() => void) | undefined;

  constructor(opts: HttpServerOptions) {
    this.dispatcher = opts.dispatcher;
    this.logger = opts.logger.child({ component: 'rpc-http' });
    this.maxRequestBytes = opts.maxRequestBytes;
    this.apiKey = new ApiKeyMatcher(opts.apiKey);
    this.rpcPath = opts.rpcPath;
    this.routes = opts.routes ?? new Map<string, HttpRoute>();
    this.server = createServer({ keepAliveTimeout: opts.idleTimeoutMs, noDelay: true }, (req, res) =>
      this.handle(req, res),
    );
    // With no 'timeout' listener, node destroys a socket idle for this long.
    this.server.timeout = opts.idleTimeoutMs;
    this.server.maxConnections = opts.maxConnections;
    this.server.on('connection', (socket: Socket) => this.track(socket));
    this.server.on('drop', (data?: DropArgument) => this.onDrop(data?.remoteAddress));
    this.server.on('clientError', (err: Error, socket: Socket) => this.onClientError(err, socket));
  }

  get closing(): boolean {
    return this.closePromise !== undefined;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        this.server.on('error', (err: Error) => this.logger.error({ err }, 'http listener error'));
        resolve();
      });
    });
  }

  address(): ListenAddress {
    const addr = this.server.address() as AddressInfo | null;
    if (addr === null) throw new Error('http server is not listening');
    return { host: addr.address, port: addr.port };
  }

  connectionCount(): number {
    return this.sockets.size;
  }

  close(drainTimeoutMs: number): Promise<void> {
    this.closePromise ??= this.shutdown(drainTimeoutMs);
    return this.closePromise;
  }

  private async shutdown(drainTimeoutMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // net.Server reports 'close' before the sockets' own 'close' events; wait for those too so that
    // connectionCount() is 0 once close() resolves.
    const forgotten = new Promise<void>((resolve) => {
      if (this.sockets.size === 0) resolve();
      else this.onAllClosed = resolve;
    });
    // Requests in flight keep their sockets; they answer with Connection: close (see handle).
    this.server.closeIdleConnections();
    const timer = setTimeout(() => {
      if (this.sockets.size > 0)
        this.logger.warn(
          { connections: this.sockets.size },
          'drain timeout, destroying remaining connections',
        );
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    }, drainTimeoutMs);
    try {
      await Promise.all([closed, forgotten]);
    } finally {
      clearTimeout(timer);
    }
  }

  private track(socket: Socket): void {
    if (this.droppedInBurst > 0) {
      this.logger.info(
        { dropped: this.droppedInBurst },
        'accepting connections again after max_connections was reached',
      );
      this.droppedInBurst = 0;
    }
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0 && this.onAllClosed !== undefined) this.onAllClosed();
    });
  }

  // One log line per burst of refused connections, not one per socket.
  private onDrop(remoteAddress: string | undefined): void {
    if (this.droppedInBurst++ === 0) {
      this.logger.warn(
        { remoteAddress, maxConnections: this.server.maxConnections },
        'max_connections reached, refusing new connections',
      );
    }
  }

  // Unparseable HTTP (not JSON) from a client: answer 400 when possible, never crash.
  private onClientError(err: Error, socket: Socket): void {
    this.logger.debug({ err }, 'http client error');
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', (err: Error) => this.logger.debug({ err }, 'http request stream error'));
    if (this.closing) res.setHeader('Connection', 'close');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
      res.setHeader('Vary', 'Origin');
    }
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const authorized = this.apiKey.matchesBearer(req.headers.authorization);
    if (path === this.rpcPath) {
      this.handleRpc(req, res, authorized);
      return;
    }
    const route = this.routes.get(path);
    if (route === undefined) {
      // Go's http.NotFound text.
      sendText(res, 404, '404 page not found\n');
      return;
    }
    if (req.method === 'OPTIONS') {
      sendEmpty(res, 204, { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed: use GET\n', { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    if (this.apiKey.enabled && !authorized) {
      sendText(res, 401, 'UNAUTHORIZED\n', { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    this.runRoute(route, req, res, rawUrl);
  }

  private runRoute(route: HttpRoute, req: IncomingMessage, res: ServerResponse, rawUrl: string): void {
    const onFailure = (err: unknown): void => {
      this.logger.error({ err, path: rawUrl }, 'http route failed');
      if (!res.headersSent) sendText(res, 500, 'SERVER_ERROR\n');
      else res.destroy();
    };
    try {
      const done = route(req, res, new URL(rawUrl, 'http://localhost'));
      if (done instanceof Promise) done.catch(onFailure);
    } catch (err) {
      onFailure(err);
    }
  }

  private handleRpc(req: IncomingMessage, res: ServerResponse, authorized: boolean): void {
    if (req.method === 'OPTIONS') {
      sendEmpty(res, 204, { Allow: 'POST, OPTIONS' });
      return;
    }
    if (req.method !== 'POST') {
      sendText(res, 405, 'method not allowed: send JSON-RPC requests with POST\n', {
        Allow: 'POST, OPTIONS',
      });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > this.maxRequestBytes) {
      sendTooLarge(res, this.maxRequestBytes);
      return;
    }
    new HttpRpcExchange(this, req, res, authorized || !this.apiKey.enabled ? AUTHORIZED : UNAUTHORIZED);
  }
}

/**
 * One POST to the RPC path. The body is framed as it streams in (it may hold several concatenated
 * requests, as CGRateS' codec allows); replies are collected in completion order, one per line, and
 * sent in a single 200 response once the body has ended and every request has been answered.
 */
class HttpRpcExchange {
  private readonly owner: HttpListener;
  private readonly res: ServerResponse;
  private readonly ctx: CallContext;
  private readonly framer: JsonStreamFramer;
  private body = '';
  private receivedBytes = 0;
  private requestCount = 0;
  private inFlight = 0;
  private bodyDone = false;
  private finished = false;

  constructor(owner: HttpListener, req: IncomingMessage, res: ServerResponse, ctx: CallContext) {
    this.owner = owner;
    this.res = res;
    this.ctx = ctx;
    this.framer = new JsonStreamFramer({ maxFrameBytes: owner.maxRequestBytes });
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    // The client went away: nothing to answer; handlers still in flight finish on their own.
    res.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.bodyDone) return;
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > this.owner.maxRequestBytes) {
      this.bodyDone = true;
      this.finished = true;
      this.framer.abort('body too large');
      sendTooLarge(this.res, this.owner.maxRequestBytes);
      return;
    }
    const err = this.framer.push(chunk, this.onValue);
    if (err !== undefined) this.fail(err);
  };

  private readonly onValue = (value: unknown): void => {
    this.requestCount++;
    const outcome = this.owner.dispatcher.dispatch(value, this.ctx);
    if (outcome === undefined) return;
    if (outcome instanceof Promise) {
      this.inFlight++;
      // The dispatcher's promises never reject.
      void outcome.then(this.onAsyncReply);
      return;
    }
    this.append(outcome);
  };

  private readonly onAsyncReply = (reply: DispatchOutcome): void => {
    this.inFlight--;
    if (reply !== undefined) this.append(reply);
    this.maybeFinish();
  };

  private readonly onEnd = (): void => {
    if (this.bodyDone) return;
    const err = this.framer.end();
    if (err !== undefined) {
      this.fail(err);
      return;
    }
    this.bodyDone = true;
    // CGRateS answers an empty body with an empty 200; an explicit error is more useful to a human with curl.
    if (this.requestCount === 0) this.append(v1Error(null, WireErrorText.EMPTY_BODY));
    this.maybeFinish();
  };

  private readonly onClose = (): void => {
    if (!this.finished) {
      this.finished = true;
      this.bodyDone = true;
      this.framer.abort('client went away');
    }
  };

  // An undecodable body: replies to the requests before the bad spot, then the error, and the
  // connection is not reused (the rest of the body is not worth reading).
  private fail(err: FrameError): void {
    this.owner.logger.debug({ kind: err.kind, reason: err.reason }, 'undecodable JSON-RPC body');
    this.bodyDone = true;
    this.res.setHeader('Connection', 'close');
    this.append(v1Error(null, frameErrorText(err)));
    this.maybeFinish();
  }

  private append(reply: NonNullable<DispatchOutcome>): void {
    if (this.finished) return;
    this.body += this.owner.dispatcher.encode(reply);
    this.body += '\n';
  }

  private maybeFinish(): void {
    if (this.finished || !this.bodyDone || this.inFlight > 0) return;
    this.finished = true;
    if (this.res.destroyed) return;
    // Headers are written now, so a shutdown that began while this request ran still closes the socket.
    if (this.owner.closing) this.res.setHeader('Connection', 'close');
    this.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(this.body, 'utf8'),
    });
    this.res.end(this.body);
    this.body = '';
  }
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text, 'utf8'),
  });
  res.end(text);
}

function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

// The body is not read further; Connection: close makes node drop the socket once this is sent.
function sendTooLarge(res: ServerResponse, maxRequestBytes: number): void {
  if (res.headersSent || res.destroyed) return;
  const body = `${JSON.stringify(v1Error(null, tooLargeText(maxRequestBytes)))}\n`;
  res.writeHead(413, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body, 'utf8'),
    Connection: 'close',
  });
  res.end(body);
}
