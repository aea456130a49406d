/**
 * Operational errors of the DataStore implementations. They never reach the wire as such: the
 * engine keeps serving from memory and the store scheduler retries, so these exist to carry a clear
 * reason into logs and into the rejection of `connect()` / `writeBatch()` / `loadAll()`.
 */

/** The backend cannot be reached (not connected, connection lost, closed). Retrying later may help. */
export class StoreUnavailableError extends Error {
  override get name(): string {
    return 'StoreUnavailableError';
  }

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Some operations of a write batch failed; the whole batch must be treated as not written. */
export class StoreWriteError extends Error {
  /** How many operations of the batch failed. */
  readonly failedOps: number;
  /** How many operations the batch held. */
  readonly totalOps: number;

  override get name(): string {
    return 'StoreWriteError';
  }

  constructor(message: string, failedOps: number, totalOps: number, options?: ErrorOptions) {
    super(message, options);
    this.failedOps = failedOps;
    this.totalOps = totalOps;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * A stored record (or a key) cannot be decoded: not JSON, not `{"v":<n>,"data":...}`, or a format
 * version this build does not read. Restoring must stop rather than start with silently missing
 * state, so this is thrown from `loadAll()`, naming the key.
 */
export class RecordFormatError extends Error {
  override get name(): string {
    return 'RecordFormatError';
  }

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
