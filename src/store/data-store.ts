/**
 * The persistence seam (DESIGN.md §4). The engine keeps every profile, filter, queue and threshold
 * in memory and is authoritative; a DataStore only restores that state at start and receives
 * write-behind batches. Two implementations: memory-store (`*internal`) and redis-store (`*redis`).
 */

/** What is stored. Actions and destinations are global in CGRateS: their tenant is `""`. */
export const StoreKind = {
  FILTER: 'filter',
  STAT_PROFILE: 'stat_profile',
  STAT_QUEUE: 'stat_queue',
  THRESHOLD_PROFILE: 'threshold_profile',
  THRESHOLD: 'threshold',
  ACTIONS: 'actions',
  DESTINATION: 'destination',
} as const;
export type StoreKind = (typeof StoreKind)[keyof typeof StoreKind];

export const STORE_KINDS: readonly StoreKind[] = Object.values(StoreKind);

/** One stored item: `data` is a JSON-compatible value (the store encodes it with a format version). */
export interface StoredRecord {
  readonly kind: StoreKind;
  readonly tenant: string;
  readonly id: string;
  readonly data: unknown;
}

export type StoreOp =
  | {
      readonly op: 'set';
      readonly kind: StoreKind;
      readonly tenant: string;
      readonly id: string;
      readonly data: unknown;
    }
  | {
      /**
       * A set whose record the caller already encoded with record-codec's `encodeRecord`. The store
       * scheduler encodes as it serialises, inside its time slices, so that `writeBatch` does no
       * JSON work of its own: stringifying a batch of stat queues at once would block the event loop.
       */
      readonly op: 'setEncoded';
      readonly kind: StoreKind;
      readonly tenant: string;
      readonly id: string;
      readonly encoded: string;
    }
  | { readonly op: 'del'; readonly kind: StoreKind; readonly tenant: string; readonly id: string };

export type StoreState = 'up' | 'down' | 'connecting' | 'closed';

export interface StoreStatus {
  readonly type: string;
  readonly state: StoreState;
  /** Last error text while down; absent when up. */
  readonly lastError?: string;
}

export interface DataStore {
  /** `*internal` or `*redis`. */
  readonly type: string;
  /** Connects (or starts trying to); resolves once usable or rejects with a clear reason. */
  connect(): Promise<void>;
  /** Every record of one kind, for the restore at start. */
  loadAll(kind: StoreKind): Promise<StoredRecord[]>;
  /** Applies a batch of sets and deletes (pipelined where the backend can); rejects if the batch failed. */
  writeBatch(ops: readonly StoreOp[]): Promise<void>;
  status(): StoreStatus;
  close(): Promise<void>;
}
