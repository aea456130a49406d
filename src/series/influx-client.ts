import http from 'node:http';
import https from 'node:https';

/** One series of an InfluxDB 1.x query result. */
export interface InfluxSeries {
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values?: ReadonlyArray<readonly unknown[]>;
}

interface InfluxStatementResult {
  readonly statement_id?: number;
  readonly series?: readonly InfluxSeries[];
  readonly error?: string;
}

interface InfluxResponse {
  readonly results?: readonly InfluxStatementResult[];
  readonly error?: string;
}

/** An InfluxDB answer with an error: HTTP status (0 = no answer at all) and Influx's error text. */
export class InfluxError extends Error {
  readonly status: number;

  override get name(): string {
    return 'InfluxError';
  }

  constructor(status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
    this.status = status;
  }

  /** Network failures, timeouts and 5xx are worth retrying; a 4xx means the request itself is wrong. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

/** The calls the influx sink makes; InfluxClient is the HTTP implementation, tests pass a fake. */
export interface InfluxApi {
  /** Runs InfluxQL; every series of the answer goes to `onSeries`. Rejects with InfluxError. */
  query(q: string, onSeries?: (s: InfluxSeries) => void): Promise<void>;
  /** Writes line protocol into retention policy `rp`. Rejects with InfluxError. */
  write(lines: string, rp: string, precision: 's' | 'ms'): Promise<void>;
  close(): void;
}

/** Options of InfluxClient. */
export interface InfluxClientOptions {
  /** `http(s)://[user:password@]host:port` */
  readonly url: string;
  readonly database: string;
  /** Socket idle timeout per request, ms. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Rows per chunk of a chunked query: bounds the memory one response needs. */
const QUERY_CHUNK_ROWS = 10_000;

/**
 * A minimal InfluxDB 1.x HTTP API client (/ping, /query, /write) on node:http with its own
 * keep-alive agent, destroyed by close() so nothing lingers after shutdown or a test.
 * Queries are always POSTed (1.x refuses DDL over GET) and always chunked, so a large answer is
 * parsed one chunk at a time and a server-side `max-row-limit` cannot silently truncate it.
 */
export class InfluxClient implements InfluxApi {
  readonly database: string;
  private readonly base: URL;
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(opts: InfluxClientOptions) {
    const url = new URL(opts.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`influxdb url must be http(s): ${opts.url}`);
    this.auth =
      url.username !== ''
        ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
        : undefined;
    url.username = '';
    url.password = '';
    this.base = url;
    this.database = opts.database;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = url.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 4 });
  }

  /** Resolves when the server answers /ping with 204. */
  async ping(): Promise<void> {
    await this.request('GET', '/ping', undefined, undefined, () => undefined);
  }

  /**
   * Runs InfluxQL and hands every series of every chunk to `onSeries` as it arrives.
   * Times come back as epoch ms.
   */
  async query(q: string, onSeries: (s: InfluxSeries) => void = () => undefined): Promise<void> {
    const params = new URLSearchParams({
      db: this.database,
      epoch: 'ms',
      chunked: 'true',
      chunk_size: String(QUERY_CHUNK_ROWS),
    });
    const body = new URLSearchParams({ q }).toString();
    await this.request(
      'POST',
      `/query?${params.toString()}`,
      body,
      'application/x-www-form-urlencoded',
      (line) => {
        const parsed = JSON.parse(line) as InfluxResponse;
        if (parsed.error !== undefined) throw new InfluxError(400, parsed.error);
        for (const r of parsed.results ?? []) {
          if (r.error !== undefined) throw new InfluxError(400, r.error);
          for (const s of r.series ?? []) onSeries(s);
        }
      },
    );
  }

  /** Writes line protocol into retention policy `rp` with timestamps of the given precision. */
  async write(lines: string, rp: string, precision: 's' | 'ms'): Promise<void> {
    const params = new URLSearchParams({ db: this.database, rp, precision });
    await this.request(
      'POST',
      `/write?${params.toString()}`,
      lines,
      'text/plain; charset=utf-8',
      () => undefined,
    );
  }

  /** Closes pooled sockets. The client must not be used afterwards. */
  close(): void {
    this.agent.destroy();
  }

  private request(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body: string | undefined,
    contentType: string | undefined,
    onLine: (line: string) => void,
  ): Promise<void> {
    const url = new URL(pathAndQuery, this.base);
    // Keep any path prefix of the configured URL (InfluxDB behind a reverse proxy).
    const prefix = this.base.pathname.replace(/\/$/, '');
    url.pathname = prefix + url.pathname;
    const headers: Record<string, string> = {};
    if (this.auth !== undefined) headers['Authorization'] = this.auth;
    if (contentType !== undefined) headers['Content-Type'] = contentType;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(
          err instanceof InfluxError
            ? err
            : new InfluxError(0, err instanceof Error ? err.message : String(err), { cause: err }),
        );
      };
      const req = this.transport.request(url, { method, headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (chunk: string) => {
          if (settled) return;
          pending += chunk;
          if (status >= 300) return;
          let nl = pending.indexOf('\n');
          while (nl >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line !== '') {
              try {
                onLine(line);
              } catch (err) {
                fail(err);
                return;
              }
            }
            nl = pending.indexOf('\n');
          }
        });
        res.on('end', () => {
          if (settled) return;
          if (status >= 300) {
            fail(new InfluxError(status, errorText(pending, status)));
            return;
          }
          const rest = pending.trim();
          if (rest !== '') {
            try {
              onLine(rest);
            } catch (err) {
              fail(err);
              return;
            }
          }
          settled = true;
          resolve();
        });
        res.on('error', fail);
      });
      req.setTimeout(this.timeoutMs, () => fail(new InfluxError(0, `timeout after ${this.timeoutMs} ms`)));
      req.on('error', fail);
      req.end(body);
    });
  }
}

function errorText(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim() === '' ? `HTTP ${status}` : body.trim().slice(0, 500);
}
