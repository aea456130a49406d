import { performance } from 'node:perf_hooks';
import { setImmediate as nextLoopTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { STORE_KINDS } from '../store/data-store';
import type { DataStore, StoreKind, StoreOp } from '../store/data-store';
import { encodeRecord } from '../store/record-codec';
import type { Clock } from '../util/clock';

/**
 * Special values of {@link StoreSchedulerDeps.intervalMsByKind}; any positive value is a period in ms.
 * CGRateS reads `0` differently per service: StatS never writes processed queues back, ThresholdS
 * writes dirty thresholds at shutdown only. Pass `NEVER` for the first and `SHUTDOWN_ONLY` for the
 * second (spec cgrates-stats.md §5.2, cgrates-filters-thresholds.md "Persistence").
 */
export const StoreIntervalMs = {
  /** Written in the next microtask after the change (still batched with the changes of the same tick). */
  WRITE_THROUGH: -1,
  /** Changes are not written (markDirty is a no-op); markDirtyNow still writes. */
  NEVER: 0,
  /** Kept dirty; written by flush() or stop() only. Any negative value other than -1 means this. */
  SHUTDOWN_ONLY: -2,
} as const;

/** Injectable interval timers (tests pass a fake and drive ticks by hand). */
export interface SchedulerTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** What the scheduler needs; nothing in it knows what a queue or a threshold is. */
export interface StoreSchedulerDeps {
  readonly store: DataStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Serialises the CURRENT state of an entity, called at flush time (so an entity changed a thousand
   * times between flushes is serialised once). `undefined` means the entity is gone: it is deleted.
   */
  snapshot(kind: StoreKind, tenant: string, id: string): unknown;
  /**
   * Per kind, mirroring CGRateS `store_interval` (spec cgrates-stats.md §5.2), see {@link StoreIntervalMs}:
   * `-1` write-through (flushed in the next microtask, still batched with every change of the same
   * tick); `0` changes are never written (markDirty is a no-op); `> 0` flushed every N ms;
   * any other negative value: kept dirty and written only by {@link StoreScheduler.flush} / `stop()`.
   * Profiles, filters, actions and destinations are passed as `-1` by the caller whatever the config.
   */
  readonly intervalMsByKind: Readonly<Record<StoreKind, number>>;
  /**
   * Most operations per `writeBatch` call (one pipeline).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * A batch is also closed once its encoded records reach this many characters. Handing a pipeline
   * to the client blocks the event loop for about 2 ms per MB (ioredis builds and writes it in one
   * go), and a stat queue of 100 items × 6 metrics encodes to about 31 KB: 100 of them would hold
   * the loop for 5–50 ms, 512 KiB for about 1 ms, the length of a slice.
   * @default 524288
   */
  readonly maxBatchChars?: number;
  /**
   * A flush serialises entities for this long, then yields to the event loop so that requests and
   * store replies are served between slices (DESIGN.md §6: a flush of 10,000 dirty stat queues,
   * about 1 ms each, must not raise p99 above 2×; unsliced it blocked the loop for seconds and
   * Redis commands timed out unread). Measured on {@link monotonicNowMs}.
   * @default 1
   */
  readonly sliceMs?: number;
  /**
   * Batches being written while the next ones are serialised. Bounds what a flush holds encoded
   * to (maxWritesInFlight + 1) batches; while the store is not up, one at a time.
   * @default 2
   */
  readonly maxWritesInFlight?: number;
  /**
   * Monotonic milliseconds for the slices (not {@link clock}: a wall clock may jump).
   * @default performance.now
   */
  readonly monotonicNowMs?: () => number;
  /**
   * How often write-through kinds (and {@link StoreScheduler.markDirtyNow} items) whose write failed
   * are retried; they have no periodic flush of their own.
   * @default 1000
   */
  readonly retryIntervalMs?: number;
  /** @default the global setInterval (unref'd, so a forgotten scheduler never holds the process) / clearInterval */
  readonly timers?: SchedulerTimers;
}

/** Outcome of one flush: operations written, and operations that failed and stay dirty (or were dropped, see snapshot errors). */
export interface FlushResult {
  readonly written: number;
  readonly failed: number;
}

export interface StoreSchedulerStatus {
  /** Entities waiting for a flush (those inside a running flush are not counted). */
  readonly pending: number;
  /** A flush is running. */
  readonly flushing: boolean;
  /** The last flush that tried to write had failures; cleared by the next fully successful one. */
  readonly failing: boolean;
  /** Clock time (epoch ms) at which the last flush that tried to write ended. */
  readonly lastFlushMs?: number;
  /** Error text of the last failure, while failing. */
  readonly lastError?: string;
}

/** How a kind's changes are written, from its interval. */
const Mode = {
  NEVER: 0,
  WRITE_THROUGH: 1,
  PERIODIC: 2,
  ON_DEMAND: 3,
} as const;
type Mode = (typeof Mode)[keyof typeof Mode];

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_MAX_BATCH_CHARS = 512 * 1024;
const DEFAULT_SLICE_MS = 1;
const DEFAULT_MAX_WRITES_IN_FLIGHT = 2;
/** A loop turn between two slices that takes this long means the engine has other work. */
const BUSY_TURN_MS = 0.5;
/** How many slices' worth of time a flush pauses after a slice when the engine is busy. */
const BUSY_PAUSE_SLICES = 9;
const DEFAULT_RETRY_INTERVAL_MS = 1000;
const EMPTY_RESULT: FlushResult = Object.freeze({ written: 0, failed: 0 });

const defaultTimers: SchedulerTimers = {
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return handle;
  },
  clearInterval(handle) {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
};

interface DirtyItem {
  readonly kind: StoreKind;
  readonly tenant: string;
  readonly id: string;
}

/** The dirty set of one kind, taken by a flush. */
interface TakenKind {
  readonly kind: StoreKind;
  readonly byTenant: Map<string, Set<string>>;
  readonly urgent: boolean;
}

/** Serialised operations for one `writeBatch`, and the entities they came from. */
interface Batch {
  readonly ops: StoreOp[];
  readonly items: DirtyItem[];
  /** Characters of encoded records in `ops`. */
  chars: number;
}

/**
 * Write-behind of engine state to a DataStore (DESIGN.md §4, spec cgrates-stats.md §5.2).
 *
 * The engine calls {@link markDirty} on every change (the per-event hot path: two Map lookups and a
 * Set add, no allocation once a tenant is known). Flushes take each dirty entity once, serialise its
 * state at that moment, and write it in pipelined batches. Serialising is cooperative: it runs in
 * slices of {@link StoreSchedulerDeps.sliceMs} between which the event loop serves requests, and
 * batches are written while the next ones are serialised. An entity that changes during a flush is
 * dirty again for the next one. When the store fails, the entities stay dirty and are retried on
 * the next flush; memory stays authoritative and the engine never waits.
 * One warning is logged when writes start failing and one info line when they succeed again.
 * Flushes never overlap: a tick during a flush is skipped, and an explicit flush, a write-through
 * or stop() waits for the running one and then runs (coalesced into a single follow-up flush).
 */
export class StoreScheduler {
  private readonly deps: StoreSchedulerDeps;
  private readonly batchSize: number;
  private readonly maxBatchChars: number;
  private readonly sliceMs: number;
  private readonly maxWritesInFlight: number;
  private readonly monotonicNowMs: () => number;
  private readonly retryIntervalMs: number;
  private readonly timers: SchedulerTimers;
  private readonly modeByKind: Record<StoreKind, Mode>;
  private readonly writeThroughKinds: readonly StoreKind[];
  /** Per kind: tenant → ids. Replaced (not cleared) when a flush takes it, so the flush owns the old one. */
  private readonly dirty: Record<StoreKind, Map<string, Set<string>>>;
  private readonly pendingByKind: Record<StoreKind, number>;
  /** Kinds holding items that must be written as soon as possible (markDirtyNow, failed write-through). */
  private readonly urgentKinds = new Set<StoreKind>();
  private pending = 0;
  private writeThroughScheduled = false;
  private timerHandles: unknown[] = [];
  private started = false;
  private stopped = false;
  private running: Promise<FlushResult> | undefined;
  private follow: Promise<FlushResult> | undefined;
  private readonly followKinds = new Set<StoreKind>();
  private failing = false;
  private lastError: string | undefined;
  private lastFlushMs: number | undefined;

  constructor(deps: StoreSchedulerDeps) {
    const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new TypeError(`batchSize must be an integer >= 1, got ${batchSize}`);
    const maxBatchChars = deps.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS;
    if (!(maxBatchChars >= 1)) throw new TypeError(`maxBatchChars must be >= 1, got ${maxBatchChars}`);
    const sliceMs = deps.sliceMs ?? DEFAULT_SLICE_MS;
    if (!(sliceMs >= 0)) throw new TypeError(`sliceMs must be >= 0, got ${sliceMs}`);
    const maxWritesInFlight = deps.maxWritesInFlight ?? DEFAULT_MAX_WRITES_IN_FLIGHT;
    if (!Number.isInteger(maxWritesInFlight) || maxWritesInFlight < 1)
      throw new TypeError(`maxWritesInFlight must be an integer >= 1, got ${maxWritesInFlight}`);
    const retryIntervalMs = deps.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
    if (!(retryIntervalMs > 0)) throw new TypeError(`retryIntervalMs must be > 0, got ${retryIntervalMs}`);
    this.deps = deps;
    this.batchSize = batchSize;
    this.maxBatchChars = maxBatchChars;
    this.sliceMs = sliceMs;
    this.maxWritesInFlight = maxWritesInFlight;
    this.monotonicNowMs = deps.monotonicNowMs ?? (() => performance.now());
    this.retryIntervalMs = retryIntervalMs;
    this.timers = deps.timers ?? defaultTimers;
    const modes = {} as Record<StoreKind, Mode>;
    const dirty = {} as Record<StoreKind, Map<string, Set<string>>>;
    const pendingByKind = {} as Record<StoreKind, number>;
    for (const kind of STORE_KINDS) {
      const intervalMs = deps.intervalMsByKind[kind];
      if (!Number.isFinite(intervalMs))
        throw new TypeError(`store interval of ${kind} must be a finite number, got ${intervalMs}`);
      modes[kind] = modeOf(intervalMs);
      dirty[kind] = new Map();
      pendingByKind[kind] = 0;
    }
    this.modeByKind = modes;
    this.dirty = dirty;
    this.pendingByKind = pendingByKind;
    this.writeThroughKinds = STORE_KINDS.filter((k) => modes[k] === Mode.WRITE_THROUGH);
  }

  /**
   * Records that an entity changed (or was removed). Written once at the next flush of its kind,
   * however often it changes before then. A no-op for kinds whose interval is 0.
   */
  markDirty(kind: StoreKind, tenant: string, id: string): void {
    const mode = this.modeByKind[kind];
    if (mode === Mode.NEVER) return;
    this.addDirty(kind, tenant, id);
    if (mode === Mode.WRITE_THROUGH) this.scheduleWriteThrough();
  }

  /**
   * Like {@link markDirty}, but written through (next microtask) whatever the kind's interval,
   * including 0. For writes CGRateS makes immediately regardless of `store_interval`: the fresh
   * queue written when a profile is set or reset, and the record removed with its profile.
   */
  markDirtyNow(kind: StoreKind, tenant: string, id: string): void {
    this.addDirty(kind, tenant, id);
    this.urgentKinds.add(kind);
    this.scheduleWriteThrough();
  }

  /** Entities waiting for a flush (see {@link StoreSchedulerStatus.pending}). */
  pendingCount(): number {
    return this.pending;
  }

  /**
   * Writes everything dirty, of every kind, now (after the running flush, if any). Resolves with
   * what was written and what failed; it never rejects because the store failed.
   */
  flush(): Promise<FlushResult> {
    return this.requestFlush(STORE_KINDS);
  }

  /** Starts the periodic flushes (one timer per distinct positive interval) and the retry timer. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const kindsByInterval = new Map<number, StoreKind[]>();
    for (const kind of STORE_KINDS) {
      if (this.modeByKind[kind] !== Mode.PERIODIC) continue;
      const intervalMs = this.deps.intervalMsByKind[kind];
      const list = kindsByInterval.get(intervalMs);
      if (list === undefined) kindsByInterval.set(intervalMs, [kind]);
      else list.push(kind);
    }
    for (const [intervalMs, kinds] of kindsByInterval) {
      this.timerHandles.push(this.timers.setInterval(() => this.tick(kinds), intervalMs));
    }
    this.timerHandles.push(this.timers.setInterval(() => this.retryTick(), this.retryIntervalMs));
  }

  /**
   * Stops the timers and write-through, then flushes everything dirty once (after any running
   * flush). What still cannot be written is reported in one log line; it is lost when the process
   * exits. Later calls resolve at once.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const handle of this.timerHandles) this.timers.clearInterval(handle);
    this.timerHandles = [];
    const result = await this.requestFlush(STORE_KINDS);
    if (this.pending > 0) {
      this.deps.logger.error(
        { pending: this.pending, failed: result.failed, err: this.lastError },
        'store: changes could not be written at shutdown and are lost',
      );
    }
  }

  status(): StoreSchedulerStatus {
    return {
      pending: this.pending,
      flushing: this.running !== undefined,
      failing: this.failing,
      ...(this.lastFlushMs === undefined ? {} : { lastFlushMs: this.lastFlushMs }),
      ...(this.failing && this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  private addDirty(kind: StoreKind, tenant: string, id: string): void {
    const byTenant = this.dirty[kind];
    let ids = byTenant.get(tenant);
    if (ids === undefined) {
      ids = new Set();
      byTenant.set(tenant, ids);
    }
    const before = ids.size;
    ids.add(id);
    if (ids.size !== before) {
      this.pending++;
      this.pendingByKind[kind]++;
    }
  }

  private scheduleWriteThrough(): void {
    if (this.writeThroughScheduled || this.stopped) return;
    this.writeThroughScheduled = true;
    // A microtask, not a timer: every change of the current tick lands in the same batch, and the
    // write starts before any I/O callback of the next tick.
    queueMicrotask(() => {
      this.writeThroughScheduled = false;
      if (this.stopped) return;
      // During an outage each attempt would take and give back every pending entity (O(pending)
      // per event-loop turn on the hot path): leave them to the retry timer until the store is up.
      if (this.failing && this.deps.store.status().state !== 'up') return;
      // The result is reported through logs and status(); requestFlush never rejects.
      void this.requestFlush(this.urgentAndWriteThroughKinds());
    });
  }

  private urgentAndWriteThroughKinds(): StoreKind[] {
    const kinds = new Set<StoreKind>(this.writeThroughKinds);
    for (const kind of this.urgentKinds) kinds.add(kind);
    return [...kinds];
  }

  private tick(kinds: readonly StoreKind[]): void {
    // A slow store must not stack flushes: the running one already covers what is dirty.
    if (this.running !== undefined) return;
    if (!kinds.some((k) => this.pendingByKind[k] > 0)) return;
    // The result is reported through logs and status(); requestFlush never rejects.
    void this.requestFlush(kinds);
  }

  private retryTick(): void {
    const kinds = this.urgentAndWriteThroughKinds().filter((k) => this.pendingByKind[k] > 0);
    if (kinds.length > 0) this.tick(kinds);
  }

  /** Runs a flush of `kinds` now, or once after the running one (requests made meanwhile are merged). */
  private requestFlush(kinds: readonly StoreKind[]): Promise<FlushResult> {
    if (this.running === undefined && this.follow === undefined) return this.run(kinds);
    for (const kind of kinds) this.followKinds.add(kind);
    if (this.follow === undefined) {
      const startFollow = (): Promise<FlushResult> => {
        const next = [...this.followKinds];
        this.followKinds.clear();
        this.follow = undefined;
        return this.run(next);
      };
      const previous = this.running ?? Promise.resolve(EMPTY_RESULT);
      this.follow = previous.then(startFollow, startFollow);
    }
    return this.follow;
  }

  private run(kinds: readonly StoreKind[]): Promise<FlushResult> {
    const running = this.flushKinds(kinds)
      .catch((err: unknown) => {
        // Only a bug gets here (store failures are results, not rejections); callers of flush()
        // and the timers still must not see a rejection.
        this.deps.logger.error({ err }, 'store: flush aborted by an unexpected error');
        return EMPTY_RESULT;
      })
      .finally(() => {
        if (this.running === running) this.running = undefined;
      });
    this.running = running;
    return running;
  }

  /**
   * Serialises the taken entities in slices of `sliceMs`, yielding to the event loop between slices
   * (`setImmediate`: pending I/O, requests and store replies, runs first), and hands each full batch
   * to the writes without waiting for the earlier ones to be written.
   */
  private async flushKinds(kinds: readonly StoreKind[]): Promise<FlushResult> {
    const taken = this.takeDirty(kinds);
    if (taken.length === 0) return EMPTY_RESULT;
    const urgentOfRun = new Set(taken.filter((t) => t.urgent).map((t) => t.kind));
    const writes = new FlushWrites(this.deps.store, this.maxWritesInFlight, (items) =>
      this.requeue(items, urgentOfRun),
    );
    let batch: Batch = { ops: [], items: [], chars: 0 };
    let sliceStartMs = this.monotonicNowMs();
    for (const item of dirtyItems(taken)) {
      if (writes.abandoned) {
        writes.giveBack([item]);
        continue;
      }
      const op = this.serialise(item);
      if (op === undefined) writes.countDropped();
      else addTo(batch, op, item);
      if (batch.ops.length >= this.batchSize || batch.chars >= this.maxBatchChars) {
        await writes.send(batch);
        batch = { ops: [], items: [], chars: 0 };
      }
      if (this.monotonicNowMs() - sliceStartMs >= this.sliceMs) {
        await this.yieldSlice();
        sliceStartMs = this.monotonicNowMs();
      }
    }
    if (batch.ops.length > 0) await writes.send(batch);
    await writes.drain();

    this.lastFlushMs = this.deps.clock.nowMs();
    this.report(writes.written, writes.storeError);
    return { written: writes.written, failed: writes.failed };
  }

  /**
   * Lets the event loop run between two slices. When it had work waiting (the turn took a while:
   * requests were served), the flush also pauses for {@link BUSY_PAUSE_SLICES} slices, so a busy
   * engine gives a flush at most a tenth of its time. Back-to-back slices would take whatever CPU the
   * requests leave, and the flush's serialising and garbage would push a loaded engine past 100%:
   * measured at half the maximum rate, p99 went from 9 ms to 450–520 ms with a quarter and stayed at
   * 1.2× with a tenth. An idle engine flushes at full speed; a busy one flushes for longer, and ticks
   * that come meanwhile are skipped (the entities stay dirty and coalesce).
   */
  private async yieldSlice(): Promise<void> {
    const before = this.monotonicNowMs();
    await nextLoopTurn();
    if (this.monotonicNowMs() - before >= BUSY_TURN_MS) await sleep(this.sliceMs * BUSY_PAUSE_SLICES);
  }

  /**
   * Moves the dirty sets of `kinds` to the caller: whatever changes from now on is dirty for the
   * next flush, even an entity this flush has yet to serialise (it is then written twice, never lost).
   */
  private takeDirty(kinds: readonly StoreKind[]): TakenKind[] {
    const taken: TakenKind[] = [];
    for (const kind of kinds) {
      if (this.pendingByKind[kind] === 0) continue;
      taken.push({ kind, byTenant: this.dirty[kind], urgent: this.urgentKinds.delete(kind) });
      this.dirty[kind] = new Map();
      this.pending -= this.pendingByKind[kind];
      this.pendingByKind[kind] = 0;
    }
    return taken;
  }

  /**
   * The entity's current state as a store operation. It is encoded here, not in the store, so that
   * the encoding (`JSON.stringify`, over a quarter of a stat queue flush's CPU time) is part of the
   * time slices too. `undefined` when the snapshot or the encoding throws: logged and dropped, as
   * retrying cannot fix a serialiser.
   */
  private serialise({ kind, tenant, id }: DirtyItem): StoreOp | undefined {
    try {
      const data = this.deps.snapshot(kind, tenant, id);
      return data === undefined
        ? { op: 'del', kind, tenant, id }
        : { op: 'setEncoded', kind, tenant, id, encoded: encodeRecord(data) };
    } catch (err) {
      this.deps.logger.error({ err, kind, tenant, id }, 'store: cannot serialise entity; not written');
      return undefined;
    }
  }

  private requeue(items: readonly DirtyItem[], urgentOfRun: ReadonlySet<StoreKind>): void {
    for (const { kind, tenant, id } of items) {
      this.addDirty(kind, tenant, id);
      // Still urgent: the retry timer picks it up even if its kind is never or on-demand.
      if (urgentOfRun.has(kind)) this.urgentKinds.add(kind);
    }
  }

  /** One warning when writes start failing, one info line when they work again; nothing in between. */
  private report(written: number, storeError: unknown): void {
    if (storeError !== undefined) {
      this.lastError = storeError instanceof Error ? storeError.message : JSON.stringify(storeError);
      if (!this.failing) {
        this.failing = true;
        this.deps.logger.warn(
          { err: storeError, pending: this.pending, store: this.deps.store.type },
          'store: writes failing; changes are kept in memory and retried',
        );
      }
      return;
    }
    if (this.failing && written > 0) {
      this.failing = false;
      this.lastError = undefined;
      this.deps.logger.info({ written, store: this.deps.store.type }, 'store: writes succeeding again');
    }
  }
}

function modeOf(intervalMs: number): Mode {
  if (intervalMs === StoreIntervalMs.WRITE_THROUGH) return Mode.WRITE_THROUGH;
  if (intervalMs === StoreIntervalMs.NEVER) return Mode.NEVER;
  if (intervalMs > 0) return Mode.PERIODIC;
  // CGRateS: any other negative interval marks items dirty but never starts the loop; only the
  // shutdown flush writes them.
  return Mode.ON_DEMAND;
}

function addTo(batch: Batch, op: StoreOp, item: DirtyItem): void {
  batch.ops.push(op);
  batch.items.push(item);
  if (op.op === 'setEncoded') batch.chars += op.encoded.length;
}

function* dirtyItems(taken: readonly TakenKind[]): Generator<DirtyItem> {
  for (const { kind, byTenant } of taken) {
    for (const [tenant, ids] of byTenant) for (const id of ids) yield { kind, tenant, id };
  }
}

/**
 * The writes of one flush: sends batches without waiting for them, at most `maxInFlight` at a time,
 * and tallies their outcome. The entities of a failed batch go back to dirty.
 */
class FlushWrites {
  written = 0;
  failed = 0;
  /** The first store error of this flush. */
  storeError: unknown;
  /**
   * Set when a batch failed and the store reports it is not up: every further batch would fail the
   * same way (after a timeout each, at worst), so the rest of the flush is given back unwritten.
   * A store that is up failed only that batch; the flush goes on.
   */
  abandoned = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly store: DataStore;
  private readonly maxInFlight: number;
  private readonly requeue: (items: readonly DirtyItem[]) => void;

  constructor(store: DataStore, maxInFlight: number, requeue: (items: readonly DirtyItem[]) => void) {
    this.store = store;
    this.maxInFlight = maxInFlight;
    this.requeue = requeue;
  }

  /** Starts writing `batch` once there is room; resolves when it has started, not when it is written. */
  async send(batch: Batch): Promise<void> {
    // While the store is not up, one batch at a time, so that its failure is seen before the next
    // batch is sent.
    const limit = this.store.status().state === 'up' ? this.maxInFlight : 1;
    while (this.inFlight.size >= limit) await Promise.race(this.inFlight);
    if (this.abandoned) {
      this.giveBack(batch.items);
      return;
    }
    const write: Promise<void> = this.write(batch).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Entities not written by this flush: dirty again, counted as failed. */
  giveBack(items: readonly DirtyItem[]): void {
    this.requeue(items);
    this.failed += items.length;
  }

  /** An entity that could not be serialised: dropped, counted as failed. */
  countDropped(): void {
    this.failed++;
  }

  /** Resolves when every batch sent has been written or has failed. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Never rejects: a failure is tallied, and its entities go back to dirty. */
  private async write(batch: Batch): Promise<void> {
    try {
      await this.store.writeBatch(batch.ops);
      this.written += batch.ops.length;
    } catch (err) {
      // If an entity changed meanwhile it is already dirty again, and either way the next flush
      // serialises its newest state.
      this.giveBack(batch.items);
      this.storeError ??= err;
      if (this.store.status().state !== 'up') this.abandoned = true;
    }
  }
}
