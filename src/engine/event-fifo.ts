/** Expiry of an item with no TTL. */
export const NO_EXPIRY = Number.POSITIVE_INFINITY;

/**
 * The SQItems of a queue: event IDs with their expiry (epoch ms), oldest first. Push and shift are
 * O(1) amortised: the head advances over two parallel arrays and the consumed prefix is dropped only
 * once it outweighs the live part, so no per-item object is allocated.
 */
export class EventFifo {
  private ids: string[] = [];
  private expiries: number[] = [];
  private head = 0;

  get length(): number {
    return this.ids.length - this.head;
  }

  push(eventID: string, expiryMs: number): void {
    this.ids.push(eventID);
    this.expiries.push(expiryMs);
  }

  /** ID of the oldest item; the FIFO must not be empty. */
  peekID(): string {
    return this.ids[this.head] as string;
  }

  /** Expiry of the oldest item, or NO_EXPIRY when empty. */
  peekExpiryMs(): number {
    return this.head < this.ids.length ? (this.expiries[this.head] as number) : NO_EXPIRY;
  }

  /** Drops the oldest item and returns its ID; the FIFO must not be empty. */
  shift(): string {
    const id = this.ids[this.head] as string;
    this.head++;
    if (this.head === this.ids.length) {
      this.clear();
    } else if (this.head >= 1024 && this.head * 2 >= this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.expiries = this.expiries.slice(this.head);
      this.head = 0;
    }
    return id;
  }

  clear(): void {
    this.ids = [];
    this.expiries = [];
    this.head = 0;
  }

  forEach(visit: (eventID: string, expiryMs: number) => void): void {
    for (let i = this.head; i < this.ids.length; i++)
      visit(this.ids[i] as string, this.expiries[i] as number);
  }
}
