import { Redis } from 'ioredis';
import pino from 'pino';
import type { Logger } from 'pino';
import { StoreScheduler } from '../../src/engine/store-scheduler';
import { STORE_KINDS, StoreKind } from '../../src/store/data-store';
import type { StoreOp, StoreState, StoreStatus, StoredRecord } from '../../src/store/data-store';
import { RedisStore } from '../../src/store/redis-store';
import type { RedisStoreOptions } from '../../src/store/redis-store';
import { RecordFormatError, StoreUnavailableError, StoreWriteError } from '../../src/store/store-errors';
import { systemClock } from '../../src/util/clock';
import { RedisServer, describeIfRedis, freePort } from '../helpers/redis-server';

interface LogLine {
  level: number;
  msg: string;
}

function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}

/** Records status changes and lets a test await a given state (event-driven: no polling, no sleeps). */
class StatusRecorder {
  readonly seen: StoreState[] = [];
  private waiters: { state: StoreState; resolve: () => void }[] = [];

  readonly listener = (status: StoreStatus): void => {
    this.seen.push(status.state);
    this.waiters = this.waiters.filter((w) => {
      if (w.state !== status.state) return true;
      w.resolve();
      return false;
    });
  };

  next(state: StoreState): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ state, resolve }));
  }
}

const TENANT = 'cgrates.org';
let prefixCounter = 0;

function sortRecords(records: readonly StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => `${a.tenant}\0${a.id}`.localeCompare(`${b.tenant}\0${b.id}`));
}

describeIfRedis('RedisStore against a real redis-server', () => {
  let server: RedisServer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
  });

  afterAll(async () => {
    await server.dispose();
  });

  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  function makeStore(extra: Partial<RedisStoreOptions> = {}, target: RedisServer = server): RedisStore {
    const store = new RedisStore({
      host: target.host,
      port: target.port,
      db: 0,
      password: target.password ?? '',
      tls: false,
      cluster: false,
      // A prefix per worker and test keeps tests independent on a shared server.
      keyPrefix: `sqtest${process.env['JEST_WORKER_ID'] ?? '0'}-${++prefixCounter}`,
      logger: captureLogger().logger,
      connectTimeoutMs: 2000,
      commandTimeoutMs: 2000,
      maxReconnectDelayMs: 100,
      ...extra,
    });
    cleanups.push(() => store.close());
    return store;
  }

  async function rawClient(target: RedisServer = server, db = 0): Promise<Redis> {
    const client = new Redis({
      host: target.host,
      port: target.port,
      db,
      lazyConnect: true,
      ...(target.password === undefined ? {} : { password: target.password }),
    });
    client.on('error', () => undefined); // failures surface through the awaited commands
    await client.connect();
    cleanups.push(async () => {
      await client.quit().catch(() => client.disconnect());
    });
    return client;
  }

  it('writes, deletes and loads records of every kind', async () => {
    const store = makeStore();
    await store.connect();
    expect(store.status()).toEqual({ type: '*redis', state: 'up' });
    const ops: StoreOp[] = [];
    for (const kind of STORE_KINDS) {
      const tenant = kind === StoreKind.ACTIONS || kind === StoreKind.DESTINATION ? '' : TENANT;
      ops.push({ op: 'set', kind, tenant, id: 'ONE', data: { kind, n: 1 } });
      ops.push({ op: 'set', kind, tenant: 'odd:tenant%', id: 'id:with{braces}', data: [kind] });
      ops.push({ op: 'set', kind, tenant, id: 'GONE', data: 'to be deleted' });
    }
    await store.writeBatch(ops);
    await store.writeBatch(
      STORE_KINDS.map((kind) => ({
        op: 'del' as const,
        kind,
        tenant: kind === StoreKind.ACTIONS || kind === StoreKind.DESTINATION ? '' : TENANT,
        id: 'GONE',
      })),
    );
    for (const kind of STORE_KINDS) {
      const tenant = kind === StoreKind.ACTIONS || kind === StoreKind.DESTINATION ? '' : TENANT;
      expect(sortRecords(await store.loadAll(kind))).toEqual(
        sortRecords([
          { kind, tenant, id: 'ONE', data: { kind, n: 1 } },
          { kind, tenant: 'odd:tenant%', id: 'id:with{braces}', data: [kind] },
        ]),
      );
    }
  });

  it('keeps the order of operations on one key within a batch', async () => {
    const store = makeStore();
    await store.connect();
    const kind = StoreKind.THRESHOLD;
    await store.writeBatch([
      { op: 'set', kind, tenant: TENANT, id: 'A', data: 1 },
      { op: 'del', kind, tenant: TENANT, id: 'A' },
      { op: 'del', kind, tenant: TENANT, id: 'B' },
      { op: 'set', kind, tenant: TENANT, id: 'B', data: 1 },
      { op: 'set', kind, tenant: TENANT, id: 'B', data: 2 },
    ]);
    expect(await store.loadAll(kind)).toEqual([{ kind, tenant: TENANT, id: 'B', data: 2 }]);
  });

  it('stores {"v":1,"data":...} under <prefix>:{<kind>}:<tenant>:<id>', async () => {
    const store = makeStore({ keyPrefix: 'sqlayout' });
    await store.connect();
    await store.writeBatch([
      { op: 'set', kind: StoreKind.STAT_QUEUE, tenant: TENANT, id: 'Stats1', data: { SQItems: [] } },
    ]);
    const raw = await rawClient();
    expect(await raw.get('sqlayout:{stat_queue}:cgrates.org:Stats1')).toBe('{"v":1,"data":{"SQItems":[]}}');
    await raw.del('sqlayout:{stat_queue}:cgrates.org:Stats1');
  });

  it('refuses to load a record with an unknown format version, naming its key', async () => {
    const store = makeStore({ keyPrefix: 'sqversion' });
    await store.connect();
    const raw = await rawClient();
    await raw.set('sqversion:{threshold}:cgrates.org:TH1', '{"v":2,"data":{}}');
    cleanups.push(async () => void (await raw.del('sqversion:{threshold}:cgrates.org:TH1')));
    const load = store.loadAll(StoreKind.THRESHOLD);
    await expect(load).rejects.toThrow(RecordFormatError);
    await expect(load).rejects.toThrow(
      /sqversion:\{threshold\}:cgrates\.org:TH1: unsupported record format version 2/,
    );
  });

  it('loads 100,000 records with SCAN and MGET', async () => {
    const store = makeStore();
    await store.connect();
    const total = 100_000;
    const ops: StoreOp[] = [];
    for (let i = 0; i < total; i++) {
      ops.push({
        op: 'set',
        kind: StoreKind.STAT_QUEUE,
        tenant: `t${i % 7}`,
        id: `Q${i}`,
        data: { i, items: [i, i + 1] },
      });
    }
    const writeStartedMs = performance.now();
    await store.writeBatch(ops);
    const writeMs = performance.now() - writeStartedMs;
    await store.writeBatch([
      { op: 'set', kind: StoreKind.THRESHOLD, tenant: 't0', id: 'Q1', data: 'other kind' },
    ]);
    const startedMs = performance.now();
    const records = await store.loadAll(StoreKind.STAT_QUEUE);
    const elapsedMs = performance.now() - startedMs;
    // Reported, not asserted: timings belong to the bench (DESIGN.md §6).
    console.info(`${total} records: writeBatch ${writeMs.toFixed(0)} ms, loadAll ${elapsedMs.toFixed(0)} ms`);
    expect(records).toHaveLength(total);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.size).toBe(total);
    expect(byId.get('Q12345')).toEqual({
      kind: StoreKind.STAT_QUEUE,
      tenant: 't4',
      id: 'Q12345',
      data: { i: 12345, items: [12345, 12346] },
    });
    const raw = await rawClient();
    await raw.flushdb();
  }, 60_000);

  it('uses the configured database index', async () => {
    const store = makeStore({ db: 3, keyPrefix: 'sqdb' });
    await store.connect();
    await store.writeBatch([{ op: 'set', kind: StoreKind.FILTER, tenant: TENANT, id: 'F1', data: 1 }]);
    const db3 = await rawClient(server, 3);
    const db0 = await rawClient(server, 0);
    expect(await db3.exists('sqdb:{filter}:cgrates.org:F1')).toBe(1);
    expect(await db0.exists('sqdb:{filter}:cgrates.org:F1')).toBe(0);
    await db3.flushdb();
  });

  it('refuses a database index the server does not have instead of using db 0', async () => {
    const store = makeStore({ db: 99 });
    await expect(store.connect()).rejects.toThrow(/DB index is out of range/);
    expect(store.status()).toMatchObject({
      state: 'down',
      lastError: expect.stringMatching(/DB index/) as unknown,
    });
    await expect(
      store.writeBatch([{ op: 'del', kind: StoreKind.FILTER, tenant: 't', id: 'x' }]),
    ).rejects.toThrow(StoreUnavailableError);
  });

  it('rejects connect() with the reason when nothing listens, then connects in the background', async () => {
    const port = await freePort();
    const recorder = new StatusRecorder();
    const store = new RedisStore({
      host: '127.0.0.1',
      port,
      db: 0,
      password: '',
      tls: false,
      cluster: false,
      logger: captureLogger().logger,
      maxReconnectDelayMs: 50,
      onStatus: recorder.listener,
    });
    cleanups.push(() => store.close());
    const startedMs = performance.now();
    await expect(store.connect()).rejects.toThrow(
      /cannot connect to redis 127\.0\.0\.1:\d+ db 0: .*ECONNREFUSED/,
    );
    expect(performance.now() - startedMs).toBeLessThan(1000);
    expect(store.status()).toMatchObject({
      state: 'down',
      lastError: expect.stringMatching(/ECONNREFUSED/) as unknown,
    });
    await expect(store.loadAll(StoreKind.STAT_QUEUE)).rejects.toThrow(StoreUnavailableError);

    const up = recorder.next('up');
    const late = await RedisServer.start({ port });
    cleanups.push(() => late.dispose());
    await up;
    expect(store.status().state).toBe('up');
    await store.writeBatch([{ op: 'set', kind: StoreKind.FILTER, tenant: 't', id: 'x', data: 1 }]);
    expect(recorder.seen).toEqual(['down', 'up']);
  });

  it('fails a batch after commandTimeoutMs when Redis hangs, without dropping the connection', async () => {
    const store = makeStore({ commandTimeoutMs: 300 });
    await store.connect();
    const raw = await rawClient();
    await raw.call('CLIENT', 'PAUSE', '5000', 'WRITE');
    try {
      const startedMs = performance.now();
      await expect(
        store.writeBatch([{ op: 'set', kind: StoreKind.STAT_QUEUE, tenant: 't', id: 'q', data: 1 }]),
      ).rejects.toThrow(/1 of 1 writes failed: Command timed out/);
      expect(performance.now() - startedMs).toBeLessThan(2000);
    } finally {
      await raw.call('CLIENT', 'UNPAUSE');
    }
    expect(store.status().state).toBe('up');
  });

  describe('with a password', () => {
    let secured: RedisServer;

    beforeAll(async () => {
      secured = await RedisServer.start({ password: 's3cret pass' });
    });

    afterAll(async () => {
      await secured.dispose();
    });

    it('authenticates with the configured password', async () => {
      const store = makeStore({}, secured);
      await store.connect();
      await store.writeBatch([
        { op: 'set', kind: StoreKind.STAT_PROFILE, tenant: TENANT, id: 'P', data: { ok: 1 } },
      ]);
      expect(await store.loadAll(StoreKind.STAT_PROFILE)).toEqual([
        { kind: StoreKind.STAT_PROFILE, tenant: TENANT, id: 'P', data: { ok: 1 } },
      ]);
    });

    it('rejects connect() clearly with a wrong or missing password', async () => {
      await expect(makeStore({ password: 'wrong' }, secured).connect()).rejects.toThrow(
        /WRONGPASS|invalid password/,
      );
      await expect(makeStore({ password: '' }, secured).connect()).rejects.toThrow(/NOAUTH/);
    });
  });

  describe('outage', () => {
    let flaky: RedisServer;

    beforeEach(async () => {
      flaky = await RedisServer.start();
    });

    afterEach(async () => {
      await flaky.dispose();
    });

    it('rejects writes at once while Redis is down, queues nothing, and the scheduler catches up once it is back', async () => {
      const recorder = new StatusRecorder();
      const { logger, lines } = captureLogger();
      const store = makeStore({ onStatus: recorder.listener, commandTimeoutMs: 1000 }, flaky);
      await store.connect();

      // The engine's state: what the scheduler serialises at flush time.
      const state = new Map<string, unknown>();
      const writes: StoreOp[] = [];
      const realWriteBatch = store.writeBatch.bind(store);
      jest.spyOn(store, 'writeBatch').mockImplementation((ops) => {
        writes.push(...ops);
        return realWriteBatch(ops);
      });
      const scheduler = new StoreScheduler({
        store,
        clock: systemClock,
        logger,
        snapshot: (_kind, tenant, id) => state.get(`${tenant}:${id}`),
        intervalMsByKind: {
          ...(Object.fromEntries(STORE_KINDS.map((k) => [k, -1])) as Record<StoreKind, number>),
          [StoreKind.STAT_QUEUE]: 60_000,
        },
      });
      cleanups.push(() => scheduler.stop());
      const change = (id: string, data: unknown): void => {
        state.set(`${TENANT}:${id}`, data);
        scheduler.markDirty(StoreKind.STAT_QUEUE, TENANT, id);
      };

      for (let i = 0; i < 50; i++) change(`Q${i}`, { n: 0 });
      expect(await scheduler.flush()).toEqual({ written: 50, failed: 0 });

      const down = recorder.next('down');
      await flaky.stop();
      await down;
      expect(store.status()).toMatchObject({ state: 'down', lastError: expect.any(String) as unknown });

      // While down: every call fails fast and nothing waits in an offline queue to be replayed later.
      const startedMs = performance.now();
      const attempts = Array.from({ length: 1000 }, () =>
        realWriteBatch([
          {
            op: 'set',
            kind: StoreKind.STAT_QUEUE,
            tenant: TENANT,
            id: 'STALE',
            data: 'must never be written',
          },
        ]),
      );
      const settled = await Promise.allSettled(attempts);
      expect(performance.now() - startedMs).toBeLessThan(500);
      expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof StoreUnavailableError)).toBe(
        true,
      );

      // Changes during the outage: 10 of the stored queues change many times, 20 new ones, one removed.
      for (let round = 1; round <= 5; round++) for (let i = 0; i < 10; i++) change(`Q${i}`, { n: round });
      for (let i = 50; i < 70; i++) change(`Q${i}`, { n: 1 });
      state.delete(`${TENANT}:Q49`);
      scheduler.markDirty(StoreKind.STAT_QUEUE, TENANT, 'Q49');
      const changed = 10 + 20 + 1;
      for (let i = 0; i < 3; i++) expect(await scheduler.flush()).toEqual({ written: 0, failed: changed });
      expect(scheduler.pendingCount()).toBe(changed);
      expect(lines.filter((l) => l.level === 40 && /writes failing/.test(l.msg))).toHaveLength(1);

      // Redis comes back on the same port (empty: the test server has no persistence).
      const up = recorder.next('up');
      await flaky.restart();
      await up;
      writes.length = 0;
      expect(await scheduler.flush()).toEqual({ written: changed, failed: 0 });
      expect(scheduler.pendingCount()).toBe(0);
      expect(writes).toHaveLength(changed); // each changed entity exactly once
      expect(lines.filter((l) => l.level === 30 && /succeeding again/.test(l.msg))).toHaveLength(1);

      const restored = new Map((await store.loadAll(StoreKind.STAT_QUEUE)).map((r) => [r.id, r.data]));
      expect(restored.size).toBe(30);
      for (let i = 0; i < 10; i++) expect(restored.get(`Q${i}`)).toEqual({ n: 5 });
      for (let i = 50; i < 70; i++) expect(restored.get(`Q${i}`)).toEqual({ n: 1 });
      expect(restored.has('STALE')).toBe(false);
      expect(recorder.seen).toEqual(['up', 'down', 'up']);
    });

    it('fails a write batch when Redis dies under it, instead of holding it for a reconnect', async () => {
      const store = makeStore({ commandTimeoutMs: 5000 }, flaky);
      await store.connect();
      const ops: StoreOp[] = Array.from({ length: 200_000 }, (_, i) => ({
        op: 'set' as const,
        kind: StoreKind.STAT_QUEUE,
        tenant: TENANT,
        id: `Q${i}`,
        data: { i },
      }));
      const startedMs = performance.now();
      // Settled into a value at once: the rejection may come while stop() is still awaited.
      const write = store.writeBatch(ops).then(
        () => 'written',
        (err: unknown) => err,
      );
      await flaky.stop();
      const outcome = await write;
      // Either the batch beat the SIGTERM (then there is nothing to check) or it failed well before
      // the command timeout: in-flight commands are failed at the disconnect, not kept for a retry.
      if (outcome !== 'written') {
        expect(outcome).toBeInstanceOf(StoreWriteError);
        expect(performance.now() - startedMs).toBeLessThan(4000);
      }
    });
  });

  it('close() is idempotent and later calls fail as closed', async () => {
    const recorder = new StatusRecorder();
    const store = makeStore({ onStatus: recorder.listener });
    await store.connect();
    await store.close();
    await store.close();
    expect(store.status()).toEqual({ type: '*redis', state: 'closed' });
    await expect(
      store.writeBatch([{ op: 'del', kind: StoreKind.FILTER, tenant: 't', id: 'x' }]),
    ).rejects.toThrow(/closed/);
    await expect(store.connect()).rejects.toThrow(/closed/);
    expect(recorder.seen).toEqual(['up', 'closed']);
  });
});
