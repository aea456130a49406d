/** Expiry of an item with no TTL. */
export const NO_EXPIRY = Number.POSITIVE_INFINITY;

import { grownCapacity } from '../util/grow-capacity';

const INITIAL_CAPACITY = 8;

/**
 * The SQItems of a queue, oldest first: per item its event ID, its expiry (epoch ms) and the slot
 * of its ID in the queue's EventSlots (so eviction needs no ID lookup). A ring over parallel arrays:
 * push and shift are O(1), no per-item object is allocated, and the memory follows the live items
 * (doubling, and stopping at the queue's QueueLength), never the items ever seen. The expiry column
 * is only allocated once an item has a TTL.
 */
export class EventFifo {
  private ids: (string | undefined)[];
  private slots: Int32Array;
  private expiries: Float64Array | null = null;
  private head = 0;
  private count = 0;
  /** The queue's QueueLength, 0 when unbounded: growth stops there. */
  private readonly expectedLength: number;

  constructor(expectedLength = 0) {
    this.expectedLength = expectedLength;
    this.ids = new Array<string | undefined>(INITIAL_CAPACITY);
    this.slots = new Int32Array(INITIAL_CAPACITY);
  }

  get length(): number {
    return this.count;
  }

  push(eventID: string, expiryMs: number, slot: number): void {
    if (this.count === this.ids.length) this.resize(grownCapacity(this.ids.length, this.expectedLength));
    const i = this.index(this.count);
    this.ids[i] = eventID;
    this.slots[i] = slot;
    if (expiryMs !== NO_EXPIRY || this.expiries !== null) this.expiriesColumn()[i] = expiryMs;
    this.count++;
  }

  /** Expiry of the oldest item, or NO_EXPIRY when empty. */
  peekExpiryMs(): number {
    return this.count > 0 && this.expiries !== null ? (this.expiries[this.head] as number) : NO_EXPIRY;
  }

  /** Slot of the oldest item; the FIFO must not be empty. */
  peekSlot(): number {
    return this.slots[this.head] as number;
  }

  /** Drops the oldest item and returns its ID; the FIFO must not be empty. */
  shift(): string {
    const id = this.ids[this.head] as string;
    this.ids[this.head] = undefined;
    this.head = this.index(1);
    this.count--;
    return id;
  }

  clear(): void {
    this.ids = new Array<string | undefined>(INITIAL_CAPACITY);
    this.slots = new Int32Array(INITIAL_CAPACITY);
    this.expiries = null;
    this.head = 0;
    this.count = 0;
  }

  forEach(visit: (eventID: string, expiryMs: number, slot: number) => void): void {
    for (let k = 0; k < this.count; k++) {
      const i = this.index(k);
      visit(
        this.ids[i] as string,
        this.expiries === null ? NO_EXPIRY : (this.expiries[i] as number),
        this.slots[i] as number,
      );
    }
  }

  /** Ring position of the k-th oldest item. */
  private index(k: number): number {
    const i = this.head + k;
    return i < this.ids.length ? i : i - this.ids.length;
  }

  private expiriesColumn(): Float64Array {
    if (this.expiries === null) this.expiries = new Float64Array(this.ids.length).fill(NO_EXPIRY);
    return this.expiries;
  }

  /** Moves the items, oldest first, to the start of columns of `capacity` entries. */
  private resize(capacity: number): void {
    const ids = new Array<string | undefined>(capacity);
    const slots = new Int32Array(capacity);
    const expiries = this.expiries === null ? null : new Float64Array(capacity).fill(NO_EXPIRY);
    for (let k = 0; k < this.count; k++) {
      const i = this.index(k);
      ids[k] = this.ids[i];
      slots[k] = this.slots[i] as number;
      if (expiries !== null) expiries[k] = (this.expiries as Float64Array)[i] as number;
    }
    this.ids = ids;
    this.slots = slots;
    this.expiries = expiries;
    this.head = 0;
  }
}
