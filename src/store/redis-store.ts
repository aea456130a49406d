import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataStore, StoreKind, StoreOp, StoreState, StoreStatus, StoredRecord } from './data-store';
import { decodeRecord, encodeRecord } from './record-codec';
import { DEFAULT_KEY_PREFIX, RedisKeyLayout } from './redis-key-layout';
import { StoreUnavailableError, StoreWriteError } from './store-errors';

/** Options of {@link RedisStore}; built by the caller from the `data_db` config section. */
export interface RedisStoreOptions {
  /** `data_db.db_host`. In cluster mode, any node: the others are discovered. */
  readonly host: string;
  /** `data_db.db_port`. */
  readonly port: number;
  /** Database index (`data_db.db_name` through {@link parseDbIndex}); must be 0 with `cluster`. */
  readonly db: number;
  /** `data_db.db_password`; `""` sends no AUTH. */
  readonly password: string;
  /** Connect with TLS (`data_db.tls`). */
  readonly tls: boolean;
  /** Talk to a Redis Cluster (`data_db.cluster`). */
  readonly cluster: boolean;
  /**
   * First part of every key; lets several deployments (or test workers) share one Redis.
   * Must not contain `{` or `}`.
   * @default "statqueue"
   */
  readonly keyPrefix?: string;
  readonly logger: Logger;
  /**
   * Time allowed for the TCP (and TLS) connect of one attempt.
   * @default 5000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Time after which a command (or each command of a pipeline) fails with "Command timed out", so a
   * hung Redis fails a flush instead of stalling it.
   * @default 2000
   */
  readonly commandTimeoutMs?: number;
  /**
   * Upper bound of the delay between background reconnect attempts (exponential from 50 ms).
   * @default 2000
   */
  readonly maxReconnectDelayMs?: number;
  /**
   * SCAN COUNT hint, and so the size of each MGET, during `loadAll`.
   * @default 1000
   */
  readonly scanCount?: number;
  /**
   * Largest pipeline `writeBatch` sends at once; bigger batches are split.
   * @default 1000
   */
  readonly maxOpsPerPipeline?: number;
  /** Called after each state change (not on every failed reconnect attempt). */
  readonly onStatus?: (status: StoreStatus) => void;
}

/** Defaults of the optional {@link RedisStoreOptions}, in one place. */
export const DEFAULT_REDIS_STORE_OPTIONS = {
  keyPrefix: DEFAULT_KEY_PREFIX,
  connectTimeoutMs: 5000,
  commandTimeoutMs: 2000,
  maxReconnectDelayMs: 2000,
  scanCount: 1000,
  maxOpsPerPipeline: 1000,
} as const;

/**
 * `data_db.db_name` (a string in CGRateS configs: `"10"`) to a Redis database index.
 *
 * @throws TypeError when it is not a non-negative integer.
 */
export function parseDbIndex(dbName: string): number {
  const trimmed = dbName.trim();
  if (!/^\d{1,9}$/.test(trimmed)) {
    throw new TypeError(
      `data_db.db_name must be a Redis database index such as "0", got ${JSON.stringify(dbName)}`,
    );
  }
  return Number(trimmed);
}

const FIRST_RECONNECT_DELAY_MS = 50;
const DISCONNECT_TIMEOUT_MS = 200;
const SELECT_FAILED_RE = /DB index is out of range|invalid DB index/i;

/** One command of a planned pipeline: MSET of key/value pairs, or a multi-key DEL. */
interface PlannedCommand {
  readonly name: 'mset' | 'del';
  readonly args: string[];
  /** How many store operations the command carries (one per key). */
  ops: number;
  /** Bytes of keys and values, to bound the size of one MSET. */
  bytes: number;
}

/** One pipeline: at most `maxOpsPerPipeline` operations, all on one hash tag in cluster mode. */
interface PlannedPipeline {
  readonly commands: PlannedCommand[];
  ops: number;
}

/** MSET and DEL carry many keys each: one command per run of same-type operations, up to this size. */
const MAX_COMMAND_BYTES = 8 * 1024 * 1024;

/**
 * The `*redis` DataStore (DESIGN.md §4), on ioredis 6 against a standalone Redis or a Redis Cluster.
 *
 * Failure behaviour is the point of this class: memory is authoritative and the store scheduler
 * retries, so nothing here may queue work while Redis is away. The offline queue is off, in-flight
 * commands are failed at the first disconnect (`maxRetriesPerRequest: 0`) and not resent
 * (`autoResendUnfulfilledCommands: false`), and every command has a timeout; a call made while
 * Redis is down rejects at once and the caller keeps its items dirty. ioredis keeps reconnecting in
 * the background with a capped backoff, and `status()` follows it.
 *
 * Keys and encoding: see {@link RedisKeyLayout} and record-codec (`{"v":1,"data":...}` as JSON).
 */
export class RedisStore implements DataStore {
  readonly type = '*redis';
  private readonly client: Redis | Cluster;
  private readonly keys: RedisKeyLayout;
  private readonly logger: Logger;
  private readonly endpoint: string;
  private readonly scanCount: number;
  private readonly maxOpsPerPipeline: number;
  private readonly onStatus: ((status: StoreStatus) => void) | undefined;
  private state: StoreState = 'connecting';
  private lastError: string | undefined;
  /** Set when SELECT failed: ioredis would otherwise carry on in database 0. */
  private selectError: string | undefined;
  private everUp = false;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    const opts = { ...DEFAULT_REDIS_STORE_OPTIONS, ...stripUndefined(options) };
    if (!Number.isInteger(opts.db) || opts.db < 0)
      throw new TypeError(`redis db index must be >= 0, got ${opts.db}`);
    if (opts.cluster && opts.db !== 0) {
      throw new TypeError(`Redis Cluster has only database 0; set data_db.db_name to "0" (got ${opts.db})`);
    }
    this.keys = new RedisKeyLayout(opts.keyPrefix);
    this.logger = opts.logger;
    this.endpoint = `${opts.host}:${opts.port}${opts.cluster ? ' (cluster)' : ` db ${opts.db}`}`;
    this.scanCount = opts.scanCount;
    this.maxOpsPerPipeline = opts.maxOpsPerPipeline;
    this.onStatus = opts.onStatus;

    const maxDelayMs = opts.maxReconnectDelayMs;
    // Exponential from 50 ms, capped; the exponent is bounded so 2**n never overflows.
    const retryDelayMs = (attempt: number): number =>
      Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 16), maxDelayMs);
    // Plain literals, not `RedisOptions`: under exactOptionalPropertyTypes ioredis' constructor
    // overloads refuse properties typed `| undefined`, so absent settings are left out instead.
    const connectionOptions = {
      ...(opts.password === '' ? {} : { password: opts.password }),
      connectTimeout: opts.connectTimeoutMs,
      commandTimeout: opts.commandTimeoutMs,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectionName: 'statqueue',
      // On close() of a link that already died, ioredis waits this long for a 'close' that never
      // comes before destroying the socket; its 2 s default keeps a shutting-down process alive.
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    };

    // An empty object: node's tls.connect then verifies the certificate against the host name it
    // connects to (SNI included), which is also right for each node of a cluster.
    const tlsOption = opts.tls ? { tls: {} } : {};

    if (opts.cluster) {
      const cluster = new Cluster([{ host: opts.host, port: opts.port }], {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: retryDelayMs,
        redisOptions: { ...connectionOptions, ...tlsOption },
      });
      cluster.on('node error', (err: unknown) => this.onClientError(err));
      this.client = cluster;
    } else {
      this.client = new Redis({
        ...connectionOptions,
        ...tlsOption,
        host: opts.host,
        port: opts.port,
        db: opts.db,
        lazyConnect: true,
        enableOfflineQueue: false,
        retryStrategy: retryDelayMs,
      });
    }
    // ioredis prints unhandled 'error' events to the console; every error goes through here instead.
    this.client.on('error', (err: unknown) => this.onClientError(err));
    this.client.on('ready', () => this.onClientReady());
    this.client.on('close', () => this.onClientDown());
    this.client.on('end', () => this.onClientDown());
  }

  /**
   * Makes one connection attempt (ioredis `lazyConnect`) and resolves once Redis answers. On failure
   * it rejects with the reason (refused, timeout, WRONGPASS, bad db index...) while ioredis keeps
   * retrying in the background; the caller decides whether to start without Redis.
   */
  async connect(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError(`redis store ${this.endpoint} is closed`);
    this.throwIfSelectFailed();
    const status = this.client.status;
    if (status === 'ready') return;
    // 'wait': never connected (lazyConnect). 'end': ioredis gave up (or was told to); start afresh.
    if (status === 'wait' || status === 'end') {
      this.setState('connecting');
      try {
        await this.client.connect();
      } catch (err) {
        throw this.connectError(err);
      }
    } else {
      // A background attempt is already running (a second connect() call, or a retry): wait for
      // its outcome rather than start a parallel connection, which ioredis refuses.
      await this.nextAttemptOutcome();
    }
    this.throwIfSelectFailed();
  }

  /**
   * Every record of `kind`: SCAN (never KEYS, which blocks Redis) over each master, and one MGET per
   * SCAN page, the MGET of a page overlapping the SCAN of the next.
   *
   * @throws StoreUnavailableError when Redis is not connected.
   * @throws RecordFormatError naming the key when a record cannot be decoded.
   */
  async loadAll(kind: StoreKind): Promise<StoredRecord[]> {
    this.assertReady();
    const out: StoredRecord[] = [];
    // SCAN may return a key twice (while Redis rehashes); a record must be restored once.
    const seen = new Set<string>();
    const pattern = this.keys.scanPattern(kind);
    const nodes = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    for (const node of nodes) {
      let cursor = '0';
      // Resolves to the MGET's error instead of rejecting, so a failure while the next SCAN is
      // pending is not an unhandled rejection.
      let inFlight: Promise<Error | undefined> | undefined;
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', this.scanCount);
        cursor = next;
        const fresh: string[] = [];
        for (const key of found) {
          if (seen.has(key)) continue;
          seen.add(key);
          fresh.push(key);
        }
        const fetchError = inFlight === undefined ? undefined : await inFlight;
        if (fetchError !== undefined) throw fetchError;
        inFlight =
          fresh.length > 0
            ? this.fetchInto(kind, fresh, out).then(
                () => undefined,
                (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
              )
            : undefined;
      } while (cursor !== '0');
      const lastError = inFlight === undefined ? undefined : await inFlight;
      if (lastError !== undefined) throw lastError;
    }
    return out;
  }

  /**
   * Applies sets and deletes in pipelines, one after the other (split at `maxOpsPerPipeline`; in
   * cluster mode one group per kind, since a pipeline may only address one slot), and checks the
   * reply of every command.
   *
   * @throws StoreUnavailableError at once when Redis is not connected (nothing is queued).
   * @throws StoreWriteError when any command failed or timed out; the whole batch counts as not
   * written and the caller retries it (sets and deletes are idempotent).
   */
  async writeBatch(ops: readonly StoreOp[]): Promise<void> {
    if (ops.length === 0) return;
    this.assertReady();
    let failed = 0;
    let firstError: string | undefined;
    // One pipeline at a time: sending them all at once would start every command timer together,
    // and a large batch would then time out on its own client-side queueing.
    for (const pipeline of this.planPipelines(ops)) {
      if (this.client.status !== 'ready') {
        // The link dropped during this batch: the rest would only be rejected command by command.
        failed += pipeline.ops;
        firstError ??= `connection lost (${this.client.status})`;
        continue;
      }
      const r = await this.execPipeline(pipeline);
      failed += r.failed;
      firstError ??= r.firstError;
    }
    if (failed > 0) {
      throw new StoreWriteError(
        `redis ${this.endpoint}: ${failed} of ${ops.length} writes failed: ${firstError ?? 'unknown error'}`,
        failed,
        ops.length,
      );
    }
  }

  status(): StoreStatus {
    return this.lastError !== undefined && this.state !== 'up'
      ? { type: this.type, state: this.state, lastError: this.lastError }
      : { type: this.type, state: this.state };
  }

  /** Closes the connection (QUIT when connected) and stops reconnecting. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.setState('closed');
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // QUIT timed out or the link died meanwhile: drop the socket instead.
      }
    }
    this.client.disconnect();
  }

  private async fetchInto(kind: StoreKind, keys: readonly string[], out: StoredRecord[]): Promise<void> {
    const values = await this.client.mget(keys as string[]);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      // Deleted between SCAN and MGET: it is simply no longer stored.
      if (value === null || value === undefined) continue;
      const key = keys[i] as string;
      const { tenant, id } = this.keys.parseKey(kind, key);
      out.push({ kind, tenant, id, data: decodeRecord(value, key) });
    }
  }

  /**
   * Encodes every `set` operation (refusing the whole batch before sending anything if one cannot
   * be encoded; `setEncoded` ones arrive encoded) and packs them into pipelines of MSET / multi-key
   * DEL commands. Runs of the same operation share a command, so the order of operations on one key
   * is kept. MSET rather than a SET per record: ioredis' per-command cost dominates a flush (about 3x
   * slower with SETs), and with the per-kind hash tag an MSET never spans cluster slots.
   */
  private planPipelines(ops: readonly StoreOp[]): PlannedPipeline[] {
    const clustered = this.client instanceof Cluster;
    const pipelines: PlannedPipeline[] = [];
    // In cluster mode each kind (hash tag) has its own open pipeline; standalone uses one.
    const open = new Map<string, PlannedPipeline>();
    for (const op of ops) {
      const key = this.keys.recordKey(op.kind, op.tenant, op.id);
      const value = valueOf(op, ops.length);
      const slotGroup = clustered ? op.kind : '';
      let pipeline = open.get(slotGroup);
      if (pipeline === undefined || pipeline.ops >= this.maxOpsPerPipeline) {
        pipeline = { commands: [], ops: 0 };
        open.set(slotGroup, pipeline);
        pipelines.push(pipeline);
      }
      const name = value === undefined ? 'del' : 'mset';
      let command = pipeline.commands.at(-1);
      if (command === undefined || command.name !== name || command.bytes >= MAX_COMMAND_BYTES) {
        command = { name, args: [], ops: 0, bytes: 0 };
        pipeline.commands.push(command);
      }
      command.args.push(key);
      command.bytes += key.length;
      if (value !== undefined) {
        command.args.push(value);
        command.bytes += value.length;
      }
      command.ops++;
      pipeline.ops++;
    }
    return pipelines;
  }

  private async execPipeline(planned: PlannedPipeline): Promise<{ failed: number; firstError?: string }> {
    const pipeline = this.client.pipeline();
    for (const command of planned.commands) {
      if (command.name === 'mset') pipeline.mset(command.args);
      else pipeline.del(command.args);
    }
    let replies: [error: Error | null, result: unknown][] | null;
    try {
      replies = await pipeline.exec();
    } catch (err) {
      return { failed: planned.ops, firstError: errorText(err) };
    }
    if (replies === null || replies.length !== planned.commands.length) {
      return { failed: planned.ops, firstError: 'pipeline returned no replies' };
    }
    // exec() resolves even when commands failed: each reply must be checked.
    let failed = 0;
    let firstError: string | undefined;
    for (let i = 0; i < replies.length; i++) {
      const err = replies[i]?.[0];
      if (err === null || err === undefined) continue;
      failed += planned.commands[i]?.ops ?? 0;
      firstError ??= err.message;
    }
    return firstError === undefined ? { failed } : { failed, firstError };
  }

  private assertReady(): void {
    if (this.closed) throw new StoreUnavailableError(`redis store ${this.endpoint} is closed`);
    if (this.selectError !== undefined)
      throw new StoreUnavailableError(`redis ${this.endpoint}: ${this.selectError}`);
    if (this.client.status !== 'ready') {
      throw new StoreUnavailableError(
        `redis ${this.endpoint} is not connected (${this.client.status})${this.lastError === undefined ? '' : `: ${this.lastError}`}`,
      );
    }
  }

  private throwIfSelectFailed(): void {
    if (this.selectError !== undefined) {
      throw new StoreUnavailableError(`cannot use redis ${this.endpoint}: ${this.selectError}`);
    }
  }

  private connectError(err: unknown): StoreUnavailableError {
    // ioredis rejects with "Connection is closed."; the useful reason came in the 'error' event.
    const reason = this.lastError ?? errorText(err);
    return new StoreUnavailableError(`cannot connect to redis ${this.endpoint}: ${reason}`, { cause: err });
  }

  private nextAttemptOutcome(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        cleanup();
        resolve();
      };
      const onDown = (): void => {
        cleanup();
        reject(this.connectError(new Error('connection closed')));
      };
      const cleanup = (): void => {
        this.client.off('ready', onReady);
        this.client.off('close', onDown);
        this.client.off('end', onDown);
      };
      this.client.once('ready', onReady);
      this.client.once('close', onDown);
      this.client.once('end', onDown);
    });
  }

  private onClientError(err: unknown): void {
    const text = errorText(err);
    if (SELECT_FAILED_RE.test(text)) this.selectError = text;
    this.lastError = text;
  }

  private onClientReady(): void {
    if (this.closed) return;
    if (this.selectError !== undefined) {
      // A wrong db index never heals by reconnecting, and ioredis would silently use db 0: stop.
      this.lastError = this.selectError;
      this.setState('down');
      this.logger.error(
        { endpoint: this.endpoint, err: this.selectError },
        'redis database cannot be selected',
      );
      this.client.disconnect();
      return;
    }
    this.lastError = undefined;
    this.setState('up');
  }

  private onClientDown(): void {
    if (this.closed) return;
    this.lastError ??= 'connection closed';
    this.setState('down');
  }

  private setState(next: StoreState): void {
    const prev = this.state;
    if (prev === next) return;
    this.state = next;
    // One line per transition, never per failed reconnect attempt. A failed first connect is not
    // logged here: connect() rejects with the reason and the caller reports it.
    if (next === 'up') {
      if (this.everUp) this.logger.info({ endpoint: this.endpoint }, 'redis connection restored');
      else this.logger.info({ endpoint: this.endpoint }, 'redis connected');
      this.everUp = true;
    } else if (prev === 'up' && next === 'down') {
      this.logger.warn(
        { endpoint: this.endpoint, err: this.lastError },
        'redis connection lost; serving from memory and reconnecting',
      );
    }
    if (this.onStatus === undefined) return;
    try {
      this.onStatus(this.status());
    } catch (err) {
      // A faulty listener must not break ioredis' event dispatch.
      this.logger.error({ err }, 'redis store status listener threw');
    }
  }
}

/**
 * The encoded record a `set` writes, or undefined for a `del`.
 *
 * @throws StoreWriteError when the record cannot be encoded (a BigInt, a cycle), naming it.
 */
function valueOf(op: StoreOp, batchOps: number): string | undefined {
  if (op.op === 'del') return undefined;
  if (op.op === 'setEncoded') return op.encoded;
  try {
    return encodeRecord(op.data);
  } catch (err) {
    const reason = `cannot encode ${op.kind} ${op.tenant}:${op.id}: ${errorText(err)}`;
    throw new StoreWriteError(reason, 1, batchOps, { cause: err });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Drops keys whose value is undefined, so spreading over defaults keeps the defaults. */
function stripUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}
