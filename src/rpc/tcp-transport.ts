import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Logger } from '../log';
import type { DispatchOutcome, Dispatcher } from './dispatcher';
import { v1Error } from './envelope';
import { JsonStreamFramer } from './json-stream-framer';
import type { FrameError } from './json-stream-framer';
import type { CallContext } from './method-table';
import { frameErrorText } from './wire-errors';

/** Options of {@link startTcpServer}. */
export interface TcpServerOptions {
  /** Interface to bind (`listen.rpc_json` host; 127.0.0.1 by default). */
  readonly host: string;
  /** Port to bind; 0 picks a free one (tests). */
  readonly port: number;
  readonly dispatcher: Dispatcher;
  /** Largest single JSON value accepted on a connection (`listen.max_request_bytes`). */
  readonly maxRequestBytes: number;
  /** Connections beyond this are closed as soon as they are accepted (`listen.max_connections`). */
  readonly maxConnections: number;
  /** A connection with no traffic and nothing in flight for this long is closed (`listen.idle_timeout`). */
  readonly idleTimeoutMs: number;
  readonly logger: Logger;
}

/** A bound listener address. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** A running JSON-RPC TCP listener. */
export interface TcpServer {
  /** The bound address (the real port when started with port 0). */
  address(): ListenAddress;
  /** Open client connections. */
  connectionCount(): number;
  /**
   * Stops accepting connections and requests, lets in-flight requests finish and their replies
   * flush, then closes every connection; connections still open after `drainTimeoutMs` are destroyed.
   * Idempotent.
   */
  close(drainTimeoutMs: number): Promise<void>;
}

/** Every TCP call shares this context: TCP has no transport-level credentials (see APIOpts.*apiKey). */
const TCP_CONTEXT: CallContext = Object.freeze({ transport: 'tcp', authorized: false });

/**
 * After our FIN, how long a connection keeps reading (and discarding) the peer's data before it is
 * destroyed. Closing a socket with unread input makes the kernel send RST, which can destroy the
 * error reply we just wrote before the client reads it; a short lingering close avoids that.
 */
const END_LINGER_MS = 2000;

/**
 * Starts the raw-TCP JSON-RPC listener (CGRateS `listen.rpc_json`): a stream of JSON values per
 * connection, each answered with one reply followed by `\n`, as Go's `json.Encoder` writes it.
 */
export async function startTcpServer(opts: TcpServerOptions): Promise<TcpServer> {
  const server = new TcpListener(opts);
  await server.listen(opts.host, opts.port);
  return server;
}

class TcpListener implements TcpServer {
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  readonly maxRequestBytes: number;
  readonly idleTimeoutMs: number;
  readonly lingerMs: number;
  private readonly server: Server;
  private readonly connections = new Set<TcpConnection>();
  // Connections with replies waiting; flushed together once per event-loop turn.
  private dirty: TcpConnection[] = [];
  private spare: TcpConnection[] = [];
  private flushScheduled = false;
  private droppedInBurst = 0;
  private closePromise: Promise<void> | undefined;
  private onAllClosed: (() => void) | undefined;

  constructor(opts: TcpServerOptions) {
    this.dispatcher = opts.dispatcher;
    this.logger = opts.logger.child({ component: 'rpc-tcp' });
    this.maxRequestBytes = opts.maxRequestBytes;
    this.idleTimeoutMs = opts.idleTimeoutMs;
    // idleTimeoutMs 0 disables the idle timeout, not the lingering close.
    this.lingerMs = opts.idleTimeoutMs > 0 ? Math.min(END_LINGER_MS, opts.idleTimeoutMs) : END_LINGER_MS;
    // allowHalfOpen: a client that shuts down its write side after sending still gets its replies,
    // as Go's ServeCodec waits for pending responses before closing.
    this.server = createServer({ allowHalfOpen: true, noDelay: true });
    // Node itself closes sockets over the limit at accept time and reports them with 'drop'.
    this.server.maxConnections = opts.maxConnections;
    this.server.on('connection', (socket: Socket) => this.accept(socket));
    this.server.on('drop', (data) => this.onDrop(data?.remoteAddress));
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        this.server.on('error', (err: Error) => this.logger.error({ err }, 'tcp listener error'));
        resolve();
      });
    });
  }

  address(): ListenAddress {
    const addr = this.server.address() as AddressInfo | null;
    if (addr === null) throw new Error('tcp server is not listening');
    return { host: addr.address, port: addr.port };
  }

  connectionCount(): number {
    return this.connections.size;
  }

  close(drainTimeoutMs: number): Promise<void> {
    this.closePromise ??= this.shutdown(drainTimeoutMs);
    return this.closePromise;
  }

  /** Queues `conn` for the next coalesced flush. */
  scheduleFlush(conn: TcpConnection): void {
    this.dirty.push(conn);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // setImmediate rather than a microtask: it runs after the poll phase, so the replies to every
      // chunk read in this loop turn (and to handlers that resolved in it) leave in one write.
      setImmediate(this.flushAll);
    }
  }

  forget(conn: TcpConnection): void {
    this.connections.delete(conn);
    if (this.connections.size === 0 && this.onAllClosed !== undefined) this.onAllClosed();
  }

  private readonly flushAll = (): void => {
    this.flushScheduled = false;
    const list = this.dirty;
    this.dirty = this.spare;
    this.spare = list;
    for (let i = 0; i < list.length; i++) (list[i] as TcpConnection).flush();
    list.length = 0;
  };

  private accept(socket: Socket): void {
    if (this.droppedInBurst > 0) {
      this.logger.info(
        { dropped: this.droppedInBurst },
        'accepting connections again after max_connections was reached',
      );
      this.droppedInBurst = 0;
    }
    const conn = new TcpConnection(socket, this);
    this.connections.add(conn);
    if (this.closePromise !== undefined) conn.beginClose();
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

  private async shutdown(drainTimeoutMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // net.Server reports 'close' before the sockets' own 'close' events; wait for ours too so that
    // connectionCount() is 0 once close() resolves.
    const forgotten = new Promise<void>((resolve) => {
      if (this.connections.size === 0) resolve();
      else this.onAllClosed = resolve;
    });
    for (const conn of this.connections) conn.beginClose();
    const timer = setTimeout(() => {
      if (this.connections.size > 0) {
        this.logger.warn(
          { connections: this.connections.size },
          'drain timeout, destroying remaining connections',
        );
      }
      for (const conn of this.connections) conn.destroy();
    }, drainTimeoutMs);
    try {
      await Promise.all([closed, forgotten]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One client connection: framer in, dispatcher, coalesced replies out. */
class TcpConnection {
  private readonly socket: Socket;
  private readonly owner: TcpListener;
  private readonly dispatcher: Dispatcher;
  private readonly framer: JsonStreamFramer;
  /** Encoded replies not yet written, each ending in "\n". */
  private out = '';
  private flushQueued = false;
  private inFlight = 0;
  /** No more requests are read; the socket ends once replies in flight are flushed. */
  private closing = false;
  private ended = false;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(socket: Socket, owner: TcpListener) {
    this.socket = socket;
    this.owner = owner;
    this.dispatcher = owner.dispatcher;
    this.framer = new JsonStreamFramer({ maxFrameBytes: owner.maxRequestBytes });
    socket.setTimeout(owner.idleTimeoutMs);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('drain', this.onDrain);
    socket.on('timeout', this.onTimeout);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Stops reading requests; ends the socket as soon as in-flight replies are written. */
  beginClose(): void {
    if (this.closing) return;
    this.closing = true;
    this.framer.abort('connection closing');
    // Keep reading (and discarding) so that unread input does not turn our FIN into an RST.
    if (this.socket.isPaused()) this.socket.resume();
    this.maybeEnd();
  }

  destroy(): void {
    this.socket.destroy();
  }

  flush(): void {
    this.flushQueued = false;
    const data = this.out;
    this.out = '';
    if (data.length > 0 && this.socket.writable) {
      // Backpressure: a client that does not read its replies stops being read.
      if (!this.socket.write(data) && !this.closing) this.socket.pause();
    }
    if (this.closing) this.maybeEnd();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    const err = this.framer.push(chunk, this.onValue);
    if (err !== undefined) this.protocolError(err);
  };

  private readonly onValue = (value: unknown): void => {
    const outcome = this.dispatcher.dispatch(value, TCP_CONTEXT);
    if (outcome === undefined) return;
    if (outcome instanceof Promise) {
      this.inFlight++;
      // The dispatcher's promises never reject.
      void outcome.then(this.onAsyncReply);
      return;
    }
    this.enqueue(outcome);
  };

  private readonly onAsyncReply = (reply: DispatchOutcome): void => {
    this.inFlight--;
    if (reply !== undefined) this.enqueue(reply);
    else if (this.closing) this.maybeEnd();
  };

  private enqueue(reply: NonNullable<DispatchOutcome>): void {
    // The client may have gone away while its request ran; its reply is simply dropped.
    if (this.socket.destroyed) return;
    this.out += this.dispatcher.encode(reply);
    this.out += '\n';
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.owner.scheduleFlush(this);
    }
  }

  private protocolError(err: FrameError): void {
    this.owner.logger.warn(
      { remoteAddress: this.socket.remoteAddress, kind: err.kind, reason: err.reason },
      'closing connection after a framing error',
    );
    // Unlike Go (which closes silently), say why; id null because no request id could be read.
    this.enqueue(v1Error(null, frameErrorText(err)));
    this.beginClose();
  }

  private readonly onEnd = (): void => {
    if (this.closing) return;
    const err = this.framer.end();
    if (err !== undefined) {
      this.protocolError(err);
      return;
    }
    this.beginClose();
  };

  private readonly onDrain = (): void => {
    if (!this.closing) this.socket.resume();
  };

  private readonly onTimeout = (): void => {
    // A slow request is not idleness; its reply's write re-arms the timer.
    if (this.inFlight > 0) return;
    this.socket.destroy();
  };

  private readonly onError = (err: Error): void => {
    // Resets and broken pipes are the client's business; never let them reach the process.
    this.owner.logger.debug({ err, remoteAddress: this.socket.remoteAddress }, 'tcp connection error');
  };

  private readonly onClose = (): void => {
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.framer.abort('connection closed');
    this.out = '';
    this.owner.forget(this);
  };

  private maybeEnd(): void {
    if (this.ended || this.inFlight > 0 || this.flushQueued) return;
    this.ended = true;
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), this.owner.lingerMs);
    this.lingerTimer.unref();
  }
}
