import pino from 'pino';
import type { Logger } from 'pino';
import { StoreIntervalMs, StoreScheduler } from '../../../src/engine/store-scheduler';
import type { SchedulerTimers, StoreSchedulerDeps } from '../../../src/engine/store-scheduler';
import { STORE_KINDS, StoreKind } from '../../../src/store/data-store';
import type { DataStore, StoreOp, StoreStatus, StoredRecord } from '../../../src/store/data-store';
import { MemoryStore } from '../../../src/store/memory-store';
import { StoreUnavailableError } from '../../../src/store/store-errors';
import type { Clock } from '../../../src/util/clock';

/** Interval timers driven by hand: `fire(ms)` runs every callback registered with that interval. */
class FakeTimers implements SchedulerTimers {
  private next = 1;
  readonly active = new Map<number, { fn: () => void; ms: number }>();

  setInterval(fn: () => void, ms: number): unknown {
    const handle = this.next++;
    this.active.set(handle, { fn, ms });
    return handle;
  }

  clearInterval(handle: unknown): void {
    this.active.delete(handle as number);
  }

  fire(ms: number): void {
    for (const t of [...this.active.values()]) if (t.ms === ms) t.fn();
  }

  intervals(): number[] {
    return [...this.active.values()].map((t) => t.ms).sort((a, b) => a - b);
  }
}

/** A MemoryStore that can be made to fail (as a store that is down) or to hold writes until released. */
class ControllableStore implements DataStore {
  readonly type = '*test';
  readonly inner = new MemoryStore();
  readonly batches: StoreOp[][] = [];
  down = false;
  /** Fails the batch while reporting the store up (a per-command failure). */
  rejectWhileUp = false;
  concurrent = 0;
  maxConcurrent = 0;
  private gate: { promise: Promise<void>; release: () => void } | undefined;

  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
  }

  release(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.release();
  }

  connect(): Promise<void> {
    return this.inner.connect();
  }

  loadAll(kind: StoreKind): Promise<StoredRecord[]> {
    return this.inner.loadAll(kind);
  }

  async writeBatch(ops: readonly StoreOp[]): Promise<void> {
    this.batches.push([...ops]);
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      if (this.gate !== undefined) await this.gate.promise;
      if (this.down) throw new StoreUnavailableError('test store is down');
      if (this.rejectWhileUp) throw new Error('OOM command not allowed');
      await this.inner.writeBatch(ops);
    } finally {
      this.concurrent--;
    }
  }

  status(): StoreStatus {
    return this.down
      ? { type: this.type, state: 'down', lastError: 'test store is down' }
      : { type: this.type, state: 'up' };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async stored(kind: StoreKind): Promise<Map<string, unknown>> {
    const records = await this.inner.loadAll(kind);
    return new Map(records.map((r) => [`${r.tenant}:${r.id}`, r.data]));
  }
}

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const WARN = 40;
const INFO = 30;
const ERROR = 50;

function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}

function intervals(overrides: Partial<Record<StoreKind, number>>): Record<StoreKind, number> {
  const all = {} as Record<StoreKind, number>;
  for (const kind of STORE_KINDS) all[kind] = -1;
  return { ...all, ...overrides };
}

/** Lets every pending microtask and promise callback run (no real time passes). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Harness {
  scheduler: StoreScheduler;
  store: ControllableStore;
  timers: FakeTimers;
  lines: LogLine[];
  /** The engine's state: what snapshot() serialises. */
  state: Map<string, unknown>;
  snapshots: string[];
  /** The scheduler's monotonic clock: each snapshot costs `snapshotMs` of it (0: a flush never yields). */
  monotonic: { nowMs: number; snapshotMs: number };
}

const fakeClock: Clock = { nowMs: () => 1_700_000_000_000 };

function harness(
  overrides: Partial<Record<StoreKind, number>>,
  extra: Partial<StoreSchedulerDeps> = {},
): Harness {
  const store = new ControllableStore();
  const timers = new FakeTimers();
  const { logger, lines } = captureLogger();
  const state = new Map<string, unknown>();
  const snapshots: string[] = [];
  const monotonic = { nowMs: 0, snapshotMs: 0 };
  const scheduler = new StoreScheduler({
    store,
    clock: fakeClock,
    logger,
    timers,
    intervalMsByKind: intervals(overrides),
    snapshot: (kind, tenant, id) => {
      const key = `${kind}|${tenant}|${id}`;
      snapshots.push(key);
      monotonic.nowMs += monotonic.snapshotMs;
      return state.get(key);
    },
    monotonicNowMs: () => monotonic.nowMs,
    ...extra,
  });
  return { scheduler, store, timers, lines, state, snapshots, monotonic };
}

/** What the scheduler hands the store for a set: the record already encoded. */
function encodedSet(kind: StoreKind, tenant: string, id: string, data: unknown): StoreOp {
  return { op: 'setEncoded', kind, tenant, id, encoded: JSON.stringify({ v: 1, data }) };
}

/** Busy for `ms` of real time: a snapshot that costs CPU, as a stat queue's does (no sleeping). */
function spinMs(ms: number): void {
  const untilMs = performance.now() + ms;
  while (performance.now() < untilMs);
}

/**
 * Runs `probe` on every event-loop turn until `work` settles: what it sees is the state at each
 * point where the work let the loop run.
 */
async function probeTurns<T>(work: () => Promise<T>, probe: () => void): Promise<T> {
  let done = false;
  const onTurn = (): void => {
    if (done) return;
    probe();
    setImmediate(onTurn);
  };
  setImmediate(onTurn);
  try {
    return await work();
  } finally {
    done = true;
  }
}

function change(h: Harness, kind: StoreKind, tenant: string, id: string, data: unknown): void {
  h.state.set(`${kind}|${tenant}|${id}`, data);
  h.scheduler.markDirty(kind, tenant, id);
}

const Q = StoreKind.STAT_QUEUE;
const T = 'cgrates.org';

describe('StoreScheduler', () => {
  describe('write-through (-1)', () => {
    it('writes every change of one tick in a single batch in the next microtask', async () => {
      const h = harness({});
      change(h, StoreKind.STAT_PROFILE, T, 'P1', { v: 1 });
      change(h, StoreKind.FILTER, T, 'F1', { f: 1 });
      change(h, StoreKind.STAT_PROFILE, T, 'P1', { v: 2 });
      expect(h.store.batches).toHaveLength(0);
      await settle();
      expect(h.store.batches).toHaveLength(1);
      expect(h.store.batches[0]).toHaveLength(2);
      expect((await h.store.stored(StoreKind.STAT_PROFILE)).get(`${T}:P1`)).toEqual({ v: 2 });
      expect((await h.store.stored(StoreKind.FILTER)).get(`${T}:F1`)).toEqual({ f: 1 });
      expect(h.scheduler.pendingCount()).toBe(0);
    });

    it('works without start() and writes deletes when the entity is gone', async () => {
      const h = harness({});
      change(h, StoreKind.ACTIONS, '', 'ACT_1', [{ type: '*log' }]);
      await settle();
      h.state.delete(`${StoreKind.ACTIONS}||ACT_1`);
      h.scheduler.markDirty(StoreKind.ACTIONS, '', 'ACT_1');
      await settle();
      expect(h.store.batches[1]).toEqual([{ op: 'del', kind: StoreKind.ACTIONS, tenant: '', id: 'ACT_1' }]);
      expect((await h.store.stored(StoreKind.ACTIONS)).size).toBe(0);
    });

    it('retries a failed write-through on the retry timer', async () => {
      const h = harness({}, { retryIntervalMs: 500 });
      h.scheduler.start();
      h.store.down = true;
      change(h, StoreKind.THRESHOLD_PROFILE, T, 'TH1', { a: 1 });
      await settle();
      expect(h.scheduler.pendingCount()).toBe(1);
      h.store.down = false;
      h.timers.fire(500);
      await settle();
      expect(h.scheduler.pendingCount()).toBe(0);
      expect((await h.store.stored(StoreKind.THRESHOLD_PROFILE)).get(`${T}:TH1`)).toEqual({ a: 1 });
    });
    it('does not retry on every change while the store is down, only on the retry timer', async () => {
      const h = harness({}, { retryIntervalMs: 1000 });
      h.scheduler.start();
      h.store.down = true;
      for (let turn = 0; turn < 5; turn++) {
        change(h, StoreKind.STAT_PROFILE, T, `P${turn}`, { turn });
        await settle();
      }
      expect(h.store.batches).toHaveLength(1);
      expect(h.scheduler.pendingCount()).toBe(5);
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches).toHaveLength(2);
      h.store.down = false;
      h.timers.fire(1000);
      await settle();
      expect(h.scheduler.pendingCount()).toBe(0);
      change(h, StoreKind.STAT_PROFILE, T, 'P9', { turn: 9 });
      await settle();
      expect(h.store.batches).toHaveLength(4);
      expect(h.scheduler.pendingCount()).toBe(0);
    });
  });

  describe('periodic (> 0)', () => {
    it('writes only when the interval of the kind fires', async () => {
      const h = harness({ [Q]: 1000, [StoreKind.THRESHOLD]: 5000 });
      h.scheduler.start();
      expect(h.timers.intervals()).toEqual([1000, 1000, 5000]); // queues, retry, thresholds
      change(h, Q, T, 'Stats1', { n: 1 });
      change(h, StoreKind.THRESHOLD, T, 'TH1', { hits: 1 });
      await settle();
      expect(h.store.batches).toHaveLength(0);
      expect(h.scheduler.pendingCount()).toBe(2);
      h.timers.fire(1000);
      await settle();
      expect([...(await h.store.stored(Q)).keys()]).toEqual([`${T}:Stats1`]);
      expect((await h.store.stored(StoreKind.THRESHOLD)).size).toBe(0);
      h.timers.fire(5000);
      await settle();
      expect((await h.store.stored(StoreKind.THRESHOLD)).get(`${T}:TH1`)).toEqual({ hits: 1 });
    });

    it('serialises an entity once per flush however often it changed, with its newest state', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      for (let i = 1; i <= 1000; i++) change(h, Q, T, 'Stats1', { n: i });
      expect(h.scheduler.pendingCount()).toBe(1);
      h.timers.fire(1000);
      await settle();
      expect(h.snapshots).toEqual([`${Q}|${T}|Stats1`]);
      expect(h.store.batches).toEqual([[encodedSet(Q, T, 'Stats1', { n: 1000 })]]);
    });

    it('splits a flush into batches of batchSize', async () => {
      const h = harness({ [Q]: 1000 }, { batchSize: 2 });
      h.scheduler.start();
      for (let i = 0; i < 5; i++) change(h, Q, i % 2 === 0 ? T : 'other.org', `S${i}`, { i });
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches.map((b) => b.length)).toEqual([2, 2, 1]);
      expect((await h.store.stored(Q)).size).toBe(5);
    });

    it('does nothing on a tick when nothing is dirty', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches).toHaveLength(0);
      expect(h.scheduler.status().lastFlushMs).toBeUndefined();
    });
  });

  describe('never (0) and on-demand (other negative)', () => {
    it('ignores markDirty for a kind whose interval is 0', async () => {
      const h = harness({ [Q]: 0 });
      h.scheduler.start();
      change(h, Q, T, 'Stats1', { n: 1 });
      expect(h.scheduler.pendingCount()).toBe(0);
      expect(await h.scheduler.flush()).toEqual({ written: 0, failed: 0 });
      await h.scheduler.stop();
      expect(h.store.batches).toHaveLength(0);
    });

    it('markDirtyNow writes through whatever the interval', async () => {
      const h = harness({ [Q]: 0 });
      h.state.set(`${Q}|${T}|Stats1`, { fresh: true });
      h.scheduler.markDirtyNow(Q, T, 'Stats1');
      await settle();
      expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ fresh: true });
    });

    it('retries a failed markDirtyNow even for a kind that is never written', async () => {
      const h = harness({ [Q]: 0 }, { retryIntervalMs: 250 });
      h.scheduler.start();
      h.store.down = true;
      h.state.set(`${Q}|${T}|Stats1`, { fresh: true });
      h.scheduler.markDirtyNow(Q, T, 'Stats1');
      await settle();
      expect(h.scheduler.pendingCount()).toBe(1);
      h.store.down = false;
      h.timers.fire(250);
      await settle();
      expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ fresh: true });
    });

    it.each([StoreIntervalMs.SHUTDOWN_ONLY, -5])(
      'keeps changes dirty until stop with interval %d (CGRateS: loop never runs)',
      async (intervalMs) => {
        const h = harness({ [Q]: intervalMs });
        h.scheduler.start();
        change(h, Q, T, 'Stats1', { n: 1 });
        await settle();
        for (const ms of h.timers.intervals()) h.timers.fire(ms);
        await settle();
        expect(h.store.batches).toHaveLength(0);
        await h.scheduler.stop();
        expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ n: 1 });
      },
    );
  });

  describe('failures', () => {
    it('keeps failed items dirty, retries them, and logs one warning per outage and one recovery line', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'A', { n: 1 });
      change(h, Q, T, 'B', { n: 1 });
      h.store.down = true;
      for (let i = 0; i < 5; i++) {
        h.timers.fire(1000);
        await settle();
        change(h, Q, T, 'A', { n: i + 2 });
      }
      expect(h.scheduler.pendingCount()).toBe(2);
      expect(h.lines.filter((l) => l.level === WARN)).toHaveLength(1);
      expect(h.scheduler.status()).toMatchObject({
        pending: 2,
        failing: true,
        lastError: 'test store is down',
      });

      h.store.down = false;
      h.timers.fire(1000);
      await settle();
      expect(h.scheduler.pendingCount()).toBe(0);
      const stored = await h.store.stored(Q);
      expect(stored.get(`${T}:A`)).toEqual({ n: 6 });
      expect(stored.get(`${T}:B`)).toEqual({ n: 1 });
      const infos = h.lines.filter((l) => l.level === INFO);
      expect(infos).toHaveLength(1);
      expect(infos[0]?.msg).toMatch(/succeeding again/);
      expect(h.scheduler.status()).toMatchObject({ failing: false, lastFlushMs: fakeClock.nowMs() });
      expect(h.scheduler.status().lastError).toBeUndefined();

      // A second outage gets its own single warning.
      h.store.down = true;
      change(h, Q, T, 'A', { n: 7 });
      h.timers.fire(1000);
      await settle();
      h.timers.fire(1000);
      await settle();
      expect(h.lines.filter((l) => l.level === WARN)).toHaveLength(2);
    });

    it('stops writing the rest of a flush once the store reports down', async () => {
      const h = harness({ [Q]: 1000 }, { batchSize: 2 });
      h.scheduler.start();
      for (let i = 0; i < 5; i++) change(h, Q, T, `S${i}`, { i });
      h.store.down = true;
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches).toHaveLength(1);
      expect(h.scheduler.pendingCount()).toBe(5);
    });

    it('goes on with the other batches when the store is up but one batch failed', async () => {
      const h = harness({ [Q]: 1000 }, { batchSize: 2 });
      h.scheduler.start();
      for (let i = 0; i < 5; i++) change(h, Q, T, `S${i}`, { i });
      h.store.rejectWhileUp = true;
      const result = await h.scheduler.flush();
      expect(h.store.batches).toHaveLength(3);
      expect(result).toEqual({ written: 0, failed: 5 });
      expect(h.scheduler.pendingCount()).toBe(5);
    });

    it('drops an entity whose snapshot throws, logs an error, and does not report the store as failing', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'Good', { ok: true });
      h.state.set(`${Q}|${T}|Bad`, { ok: false });
      h.scheduler.markDirty(Q, T, 'Bad');
      const realSnapshot = h.state.get.bind(h.state);
      jest.spyOn(h.state, 'get').mockImplementation((key: string) => {
        if (key.endsWith('|Bad')) throw new Error('cannot serialise');
        return realSnapshot(key);
      });
      const result = await h.scheduler.flush();
      expect(result).toEqual({ written: 1, failed: 1 });
      expect(h.scheduler.pendingCount()).toBe(0);
      expect(h.lines.filter((l) => l.level === ERROR)).toHaveLength(1);
      expect(h.lines.filter((l) => l.level === WARN)).toHaveLength(0);
      expect(h.scheduler.status().failing).toBe(false);
    });
  });

  describe('concurrency', () => {
    it('does not lose a change made while its flush is in flight', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'Stats1', { n: 1 });
      h.store.hold();
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches).toHaveLength(1);
      change(h, Q, T, 'Stats1', { n: 2 });
      expect(h.scheduler.pendingCount()).toBe(1);
      h.store.release();
      await settle();
      expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ n: 1 });
      expect(h.scheduler.pendingCount()).toBe(1);
      h.timers.fire(1000);
      await settle();
      expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ n: 2 });
    });

    it('after a failed in-flight flush, keeps one dirty entry and writes the newest state', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'Stats1', { n: 1 });
      h.store.hold();
      h.store.down = true;
      h.timers.fire(1000);
      await settle();
      change(h, Q, T, 'Stats1', { n: 2 });
      h.store.release();
      await settle();
      expect(h.scheduler.pendingCount()).toBe(1);
      h.store.down = false;
      h.timers.fire(1000);
      await settle();
      expect(h.store.batches.at(-1)).toEqual([encodedSet(Q, T, 'Stats1', { n: 2 })]);
    });

    it('never runs two flushes at once: a tick is skipped, flush() chains after the running one', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'A', { n: 1 });
      h.store.hold();
      h.timers.fire(1000);
      await settle();
      change(h, Q, T, 'B', { n: 1 });
      h.timers.fire(1000); // skipped: a flush is running
      const explicit = h.scheduler.flush();
      const explicit2 = h.scheduler.flush(); // merged into the same follow-up flush
      await settle();
      expect(h.store.batches).toHaveLength(1);
      expect(h.scheduler.status().flushing).toBe(true);
      h.store.release();
      expect(await explicit).toEqual({ written: 1, failed: 0 });
      expect(await explicit2).toEqual({ written: 1, failed: 0 });
      expect(h.store.maxConcurrent).toBe(1);
      expect(h.store.batches).toHaveLength(2);
      expect((await h.store.stored(Q)).size).toBe(2);
    });

    it('chains a write-through after a running periodic flush', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'A', { n: 1 });
      h.store.hold();
      h.timers.fire(1000);
      await settle();
      change(h, StoreKind.STAT_PROFILE, T, 'P1', { p: 1 });
      await settle();
      expect(h.store.batches).toHaveLength(1);
      h.store.release();
      await settle();
      expect(h.store.batches).toHaveLength(2);
      expect((await h.store.stored(StoreKind.STAT_PROFILE)).get(`${T}:P1`)).toEqual({ p: 1 });
      expect(h.store.maxConcurrent).toBe(1);
    });
  });

  describe('cooperative flush', () => {
    it('yields to the event loop each time a slice of sliceMs has been spent serialising', async () => {
      const h = harness({ [Q]: 1000 });
      h.monotonic.snapshotMs = 0.4; // default sliceMs 1: three snapshots per slice
      for (let i = 0; i < 10; i++) change(h, Q, T, `S${i}`, { i });
      const seen: number[] = [];
      const result = await probeTurns(
        () => h.scheduler.flush(),
        () => seen.push(h.snapshots.length),
      );
      expect(seen).toEqual([3, 6, 9]);
      expect(result).toEqual({ written: 10, failed: 0 });
      expect(h.store.batches).toHaveLength(1);
    });

    it('pauses for a few slices after each slice while the event loop is busy', async () => {
      const h = harness({ [Q]: 1000 });
      h.monotonic.snapshotMs = 0.4;
      for (let i = 0; i < 10; i++) change(h, Q, T, `S${i}`, { i });
      const seen: number[] = [];
      const result = await probeTurns(
        () => h.scheduler.flush(),
        () => {
          // every turn of the loop costs 1 ms: the engine is busy
          h.monotonic.nowMs += 1;
          seen.push(h.snapshots.length);
        },
      );
      expect(result).toEqual({ written: 10, failed: 0 });
      // the loop kept turning while the flush waited after each slice, instead of one turn per slice
      for (const n of [3, 6, 9]) expect(seen.filter((x) => x === n).length).toBeGreaterThan(1);
    });

    it('by default, lets a callback scheduled before a slow flush run before it completes', async () => {
      let snapshots = 0;
      const scheduler = new StoreScheduler({
        store: new MemoryStore(),
        clock: fakeClock,
        logger: captureLogger().logger,
        intervalMsByKind: intervals({ [Q]: StoreIntervalMs.SHUTDOWN_ONLY }),
        snapshot: (_kind, _tenant, id) => {
          spinMs(0.2);
          snapshots++;
          return { id };
        },
      });
      for (let i = 0; i < 50; i++) scheduler.markDirty(Q, T, `S${i}`);
      let snapshotsBeforeCallback: number | undefined;
      setImmediate(() => (snapshotsBeforeCallback = snapshots));
      expect(await scheduler.flush()).toEqual({ written: 50, failed: 0 });
      expect(snapshotsBeforeCallback).toBeGreaterThan(0);
      expect(snapshotsBeforeCallback).toBeLessThan(50);
    });

    it('keeps an entity changed during the flush dirty, and the next flush writes its newest state', async () => {
      const h = harness({ [Q]: 1000 });
      h.monotonic.snapshotMs = 1; // one snapshot per slice
      for (const id of ['A', 'B', 'C', 'D']) change(h, Q, T, id, { n: 1 });
      setImmediate(() => {
        change(h, Q, T, 'A', { n: 2 }); // already serialised by this flush
        change(h, Q, T, 'D', { n: 2 }); // not yet
      });
      expect(await h.scheduler.flush()).toEqual({ written: 4, failed: 0 });
      let stored = await h.store.stored(Q);
      expect(stored.get(`${T}:A`)).toEqual({ n: 1 });
      expect(stored.get(`${T}:D`)).toEqual({ n: 2 });
      expect(h.scheduler.pendingCount()).toBe(2);

      h.snapshots.length = 0;
      expect(await h.scheduler.flush()).toEqual({ written: 2, failed: 0 });
      expect(h.snapshots).toEqual([`${Q}|${T}|A`, `${Q}|${T}|D`]);
      stored = await h.store.stored(Q);
      expect(stored.get(`${T}:A`)).toEqual({ n: 2 });
      expect(h.scheduler.pendingCount()).toBe(0);
    });

    it('serialises the next batch while earlier ones are written, at most maxWritesInFlight at a time', async () => {
      const h = harness({ [Q]: 1000 }, { batchSize: 2, maxWritesInFlight: 2 });
      for (let i = 0; i < 10; i++) change(h, Q, T, `S${i}`, { i });
      h.store.hold();
      const flushed = h.scheduler.flush();
      await settle();
      // Two batches in flight, a third serialised and waiting for room, nothing more.
      expect(h.store.batches).toHaveLength(2);
      expect(h.snapshots).toHaveLength(6);
      expect(h.scheduler.status().flushing).toBe(true);
      h.store.release();
      expect(await flushed).toEqual({ written: 10, failed: 0 });
      expect(h.store.batches).toHaveLength(5);
      expect(h.store.maxConcurrent).toBe(2);
      expect((await h.store.stored(Q)).size).toBe(10);
    });

    it('hands the store batches of 100 by default', async () => {
      const h = harness({ [Q]: 1000 });
      for (let i = 0; i < 250; i++) change(h, Q, T, `S${i}`, { i });
      expect(await h.scheduler.flush()).toEqual({ written: 250, failed: 0 });
      expect(h.store.batches.map((b) => b.length)).toEqual([100, 100, 50]);
    });

    it('closes a batch once its encoded records reach maxBatchChars', async () => {
      const data = { pad: 'x'.repeat(40) };
      const recordChars = JSON.stringify({ v: 1, data }).length;
      const h = harness({ [Q]: 1000 }, { maxBatchChars: 2 * recordChars });
      for (let i = 0; i < 5; i++) change(h, Q, T, `S${i}`, data);
      h.state.delete(`${Q}|${T}|S1`); // a delete carries no record
      expect(await h.scheduler.flush()).toEqual({ written: 5, failed: 0 });
      expect(h.store.batches.map((b) => b.map((op) => op.op))).toEqual([
        ['setEncoded', 'del', 'setEncoded'],
        ['setEncoded', 'setEncoded'],
      ]);
    });

    it('drops an entity whose record cannot be encoded, like one whose snapshot throws', async () => {
      const h = harness({ [Q]: 1000 });
      change(h, Q, T, 'Good', { ok: true });
      change(h, Q, T, 'BigInt', { n: 1n });
      expect(await h.scheduler.flush()).toEqual({ written: 1, failed: 1 });
      expect(h.scheduler.pendingCount()).toBe(0);
      expect(h.lines.filter((l) => l.level === ERROR)).toEqual([
        expect.objectContaining({ id: 'BigInt', msg: 'store: cannot serialise entity; not written' }),
      ]);
      expect(h.scheduler.status().failing).toBe(false);
    });
  });

  describe('stop', () => {
    it('clears the timers and flushes everything dirty', async () => {
      const h = harness({ [Q]: 60_000, [StoreKind.THRESHOLD]: 60_000 });
      h.scheduler.start();
      change(h, Q, T, 'Stats1', { n: 1 });
      change(h, StoreKind.THRESHOLD, T, 'TH1', { hits: 3 });
      await h.scheduler.stop();
      expect(h.timers.active.size).toBe(0);
      expect(h.scheduler.pendingCount()).toBe(0);
      expect((await h.store.stored(Q)).get(`${T}:Stats1`)).toEqual({ n: 1 });
      expect((await h.store.stored(StoreKind.THRESHOLD)).get(`${T}:TH1`)).toEqual({ hits: 3 });
      await h.scheduler.stop(); // idempotent
    });

    it('waits for a running flush, then writes what changed meanwhile', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'A', { n: 1 });
      h.store.hold();
      h.timers.fire(1000);
      await settle();
      change(h, Q, T, 'A', { n: 2 });
      const stopped = h.scheduler.stop();
      h.store.release();
      await stopped;
      expect((await h.store.stored(Q)).get(`${T}:A`)).toEqual({ n: 2 });
    });

    it('reports what could not be written at shutdown in one error line', async () => {
      const h = harness({ [Q]: 1000 });
      h.scheduler.start();
      change(h, Q, T, 'A', { n: 1 });
      h.store.down = true;
      await h.scheduler.stop();
      expect(h.scheduler.pendingCount()).toBe(1);
      const errors = h.lines.filter((l) => l.level === ERROR);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ pending: 1 });
    });

    it('no longer writes through after stop', async () => {
      const h = harness({});
      await h.scheduler.stop();
      change(h, StoreKind.FILTER, T, 'F1', {});
      await settle();
      expect(h.store.batches).toHaveLength(0);
      expect(h.scheduler.pendingCount()).toBe(1);
    });
  });

  it('rejects invalid options', () => {
    const store = new MemoryStore();
    const { logger } = captureLogger();
    const base = {
      store,
      clock: fakeClock,
      logger,
      snapshot: () => undefined,
      intervalMsByKind: intervals({}),
    };
    expect(() => new StoreScheduler({ ...base, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new StoreScheduler({ ...base, maxBatchChars: 0 })).toThrow(/maxBatchChars/);
    expect(() => new StoreScheduler({ ...base, sliceMs: -1 })).toThrow(/sliceMs/);
    expect(() => new StoreScheduler({ ...base, sliceMs: Number.NaN })).toThrow(/sliceMs/);
    expect(() => new StoreScheduler({ ...base, maxWritesInFlight: 0 })).toThrow(/maxWritesInFlight/);
    expect(() => new StoreScheduler({ ...base, intervalMsByKind: intervals({ [Q]: Number.NaN }) })).toThrow(
      /stat_queue/,
    );
  });
});
