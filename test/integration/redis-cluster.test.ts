import { Cluster } from 'ioredis';
import pino from 'pino';
import { STORE_KINDS, StoreKind } from '../../src/store/data-store';
import type { StoreOp, StoredRecord } from '../../src/store/data-store';
import { RedisStore } from '../../src/store/redis-store';
import { RedisClusterServers, describeIfRedis } from '../helpers/redis-server';

const silent = pino({ level: 'silent' });

function sortRecords(records: readonly StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => `${a.tenant}\0${a.id}`.localeCompare(`${b.tenant}\0${b.id}`));
}

describeIfRedis('RedisStore against a Redis Cluster', () => {
  let cluster: RedisClusterServers;
  let store: RedisStore;

  beforeAll(async () => {
    cluster = await RedisClusterServers.start(3);
    const seed = cluster.nodes[0];
    if (seed === undefined) throw new Error('no cluster node');
    store = new RedisStore({
      host: seed.host,
      port: seed.port,
      db: 0,
      password: '',
      tls: false,
      cluster: true,
      logger: silent,
      maxOpsPerPipeline: 50,
    });
    await store.connect();
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await cluster.dispose();
  }, 30_000);

  it('writes batches mixing every kind (one pipeline per hash tag) and loads each kind from its node', async () => {
    const ops: StoreOp[] = [];
    for (let i = 0; i < 300; i++) {
      for (const kind of STORE_KINDS)
        ops.push({ op: 'set', kind, tenant: `t${i % 3}`, id: `ID${i}`, data: { kind, i } });
    }
    ops.push({ op: 'del', kind: StoreKind.STAT_QUEUE, tenant: 't0', id: 'ID0' });
    await store.writeBatch(ops);

    for (const kind of STORE_KINDS) {
      const expected: StoredRecord[] = [];
      for (let i = 0; i < 300; i++) {
        if (kind === StoreKind.STAT_QUEUE && i === 0) continue;
        expected.push({ kind, tenant: `t${i % 3}`, id: `ID${i}`, data: { kind, i } });
      }
      expect(sortRecords(await store.loadAll(kind))).toEqual(sortRecords(expected));
    }

    // The kinds really are spread over several masters, so loadAll had to scan more than one node.
    const seed = cluster.nodes[0];
    if (seed === undefined) throw new Error('no cluster node');
    const raw = new Cluster([{ host: seed.host, port: seed.port }], { lazyConnect: true });
    raw.on('error', () => undefined);
    await raw.connect();
    try {
      const sizes = await Promise.all(raw.nodes('master').map((node) => node.dbsize()));
      expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      await raw.quit();
    }
  }, 30_000);

  it('refuses a database index other than 0', () => {
    expect(
      () =>
        new RedisStore({
          host: '127.0.0.1',
          port: 1,
          db: 2,
          password: '',
          tls: false,
          cluster: true,
          logger: silent,
        }),
    ).toThrow(/Redis Cluster has only database 0/);
  });
});
