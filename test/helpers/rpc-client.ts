/**
 * Tiny JSON-RPC clients for tests. They deliberately do not use src/rpc (so a framer bug cannot hide
 * itself): the server ends every reply with "\n", so replies are split on newlines.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';

/** `result`/`error` of a v1 reply (`error` is a string or null). */
export interface CallReply {
  readonly result: unknown;
  readonly error: unknown;
}

/** A raw reply object, as parsed from one line. */
export type ReplyObject = Record<string, unknown>;

function openSocket(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

// A line that is not JSON (a test poking a non-JSON-RPC port) is delivered as the raw string.
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

/** Splits a socket's input into parsed JSON lines (buffers bytes until a newline, so big replies stay linear). */
class LineReader {
  private partial: Buffer[] = [];
  constructor(socket: Socket, onLine: (value: unknown) => void) {
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      let nl = chunk.indexOf(0x0a, start);
      while (nl >= 0) {
        this.partial.push(chunk.subarray(start, nl));
        const line = Buffer.concat(this.partial).toString('utf8');
        this.partial = [];
        if (line.trim() !== '') onLine(parseLine(line));
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      if (start < chunk.length) this.partial.push(chunk.subarray(start));
    });
  }
}

/**
 * A JSON-RPC 1.0 client over raw TCP, as the Go client speaks it: ids are a counter from 0, replies
 * are matched by id (they may arrive out of order).
 */
export class RpcClient {
  private readonly socket: Socket;
  private nextId = 0;
  private readonly pending = new Map<
    unknown,
    { resolve: (r: ReplyObject) => void; reject: (e: Error) => void }
  >();
  private readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    new LineReader(socket, (value) => {
      const reply = value as ReplyObject;
      const waiter = this.pending.get(reply['id']);
      if (waiter === undefined) return;
      this.pending.delete(reply['id']);
      waiter.resolve(reply);
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        for (const waiter of this.pending.values()) waiter.reject(new Error('connection closed'));
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Connects to 127.0.0.1:`port` (or `host`). */
  static async connect(port: number, host = '127.0.0.1'): Promise<RpcClient> {
    return new RpcClient(await openSocket(port, host));
  }

  /** Calls `method` with `params: [arg]` (`params: []` when arg is undefined). */
  async call(method: string, arg?: unknown): Promise<CallReply> {
    const reply = await this.request({ method, params: arg === undefined ? [] : [arg] });
    return { result: reply['result'], error: reply['error'] };
  }

  /** Sends `envelope` with a fresh numeric `id` added and resolves with the whole reply object. */
  request(envelope: Record<string, unknown>): Promise<ReplyObject> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(JSON.stringify({ ...envelope, id }));
    });
  }

  /** Closes the connection and waits until it is closed. */
  close(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}

/** A byte-level TCP client for framing tests: write anything, read replies as parsed lines. */
export class RawTcpClient {
  /** Resolves when the socket has closed (by either side). */
  readonly closed: Promise<void>;
  /** Whether the server sent FIN. */
  endedByServer = false;
  private readonly socket: Socket;
  private readonly replies: unknown[] = [];
  private waiter: { count: number; resolve: () => void; reject: (e: Error) => void } | undefined;
  private isClosed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    new LineReader(socket, (value) => {
      this.replies.push(value);
      this.check();
    });
    socket.on('error', () => undefined);
    socket.on('end', () => {
      this.endedByServer = true;
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        this.check();
        resolve();
      });
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawTcpClient> {
    return new RawTcpClient(await openSocket(port, host));
  }

  /** The underlying socket (to pause reading, half-close, ...). */
  get raw(): Socket {
    return this.socket;
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Resolves with the first `count` replies received (in arrival order); rejects if the socket closes first. */
  async readReplies(count: number): Promise<ReplyObject[]> {
    if (this.replies.length < count) {
      await new Promise<void>((resolve, reject) => {
        this.waiter = { count, resolve, reject };
        this.check();
      });
    }
    return this.replies.splice(0, count) as ReplyObject[];
  }

  /** Everything received so far and not yet read. */
  drain(): ReplyObject[] {
    return this.replies.splice(0, this.replies.length) as ReplyObject[];
  }

  /** Half-closes (sends FIN) and keeps reading. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private check(): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    if (this.replies.length >= waiter.count) {
      this.waiter = undefined;
      waiter.resolve();
    } else if (this.isClosed) {
      this.waiter = undefined;
      waiter.reject(new Error(`connection closed after ${this.replies.length} of ${waiter.count} replies`));
    }
  }
}

/** A raw HTTP response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Options of {@link httpRequestRaw}. */
export interface HttpRequestOptions {
  readonly path?: string;
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Buffer;
}

/**
 * One HTTP request to 127.0.0.1:`port` on a fresh connection; defaults to `POST /jsonrpc` with
 * Content-Type application/json.
 */
export function httpRequestRaw(port: number, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: opts.path ?? '/jsonrpc',
        method: opts.method ?? 'POST',
        headers: { 'Content-Type': 'application/json', ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Parses a JSON-RPC HTTP body: one reply per line. */
export function parseReplyLines(body: string): ReplyObject[] {
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReplyObject);
}

/** POSTs one v1 call to `/jsonrpc` and returns the HTTP status with the reply's `result`/`error`. */
export async function httpCall(
  port: number,
  method: string,
  arg?: unknown,
  headers?: OutgoingHttpHeaders,
): Promise<CallReply & { readonly status: number; readonly id: unknown }> {
  const res = await httpRequestRaw(port, {
    body: JSON.stringify({ method, params: arg === undefined ? [] : [arg], id: 1 }),
    ...(headers === undefined ? {} : { headers }),
  });
  const [reply] = parseReplyLines(res.body);
  if (reply === undefined) throw new Error(`empty HTTP reply (status ${res.status})`);
  return { status: res.status, id: reply['id'], result: reply['result'], error: reply['error'] };
}
