import type { DataStore, StoreKind, StoreOp, StoreStatus, StoredRecord } from './data-store';

/** Format version of every encoded record (shared with redis-store so records migrate the same way). */
export const RECORD_FORMAT_VERSION = 1;

/**
 * The `*internal` DataStore: records held in process memory as encoded JSON, so a value that does
 * not survive encoding fails here exactly as it would against Redis. State is lost on exit; an
 * engine restarted with the same instance (tests, embedding) restores from it.
 */
export class MemoryStore implements DataStore {
  readonly type = '*internal';
  private readonly records = new Map<string, string>();
  private closed = false;

  connect(): Promise<void> {
    this.closed = false;
    return Promise.resolve();
  }

  loadAll(kind: StoreKind): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    const prefix = `${kind}\u0000`;
    for (const [key, encoded] of this.records) {
      if (!key.startsWith(prefix)) continue;
      const [, tenant = '', id = ''] = key.split('\u0000');
      const { data } = JSON.parse(encoded) as { v: number; data: unknown };
      out.push({ kind, tenant, id, data });
    }
    return Promise.resolve(out);
  }

  writeBatch(ops: readonly StoreOp[]): Promise<void> {
    for (const op of ops) {
      const key = `${op.kind}\u0000${op.tenant}\u0000${op.id}`;
      if (op.op === 'del') this.records.delete(key);
      else if (op.op === 'setEncoded') this.records.set(key, op.encoded);
      else this.records.set(key, JSON.stringify({ v: RECORD_FORMAT_VERSION, data: op.data }));
    }
    return Promise.resolve();
  }

  status(): StoreStatus {
    return { type: this.type, state: this.closed ? 'closed' : 'up' };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
