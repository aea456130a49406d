// Below this many dead entries compaction is not worth a pass over the array.
const COMPACT_MIN_DEAD = 32;

/**
 * A binary max-heap of numbers with lazy deletion by value: remove() of a value that is not on top
 * only records it, and the dead copy is dropped when it surfaces. Equal numbers are
 * interchangeable, so deleting "a copy of x" needs no handle. Push, remove and peek are O(log n)
 * amortised; when dead entries outnumber live ones the array is compacted in one O(n) pass (so a
 * FIFO that never removes the maximum, e.g. rising values, cannot grow it without bound).
 *
 * NaN is ignored on both push and remove: it has no place in an order (Go's `>` never picks it).
 */
export class LazyMaxHeap {
  private items: number[] = [];
  /** Value → copies deleted but still in `items`. */
  private readonly pending = new Map<number, number>();
  private dead = 0;

  /** Live entries. */
  get size(): number {
    return this.items.length - this.dead;
  }

  /** The largest live value, or -Infinity when there is none. */
  peek(): number {
    return this.items.length === 0 ? Number.NEGATIVE_INFINITY : (this.items[0] as number);
  }

  push(x: number): void {
    if (Number.isNaN(x)) return;
    this.items.push(x);
    this.siftUp(this.items.length - 1);
  }

  /** Removes one copy of `x`, which the caller guarantees was pushed and not yet removed. */
  remove(x: number): void {
    if (Number.isNaN(x)) return;
    if (this.items.length > 0 && this.items[0] === x) {
      this.popTop();
      this.dropDeadTops();
      return;
    }
    this.pending.set(x, (this.pending.get(x) ?? 0) + 1);
    this.dead++;
    if (this.dead > COMPACT_MIN_DEAD && this.dead * 2 > this.items.length) this.compact();
  }

  clear(): void {
    this.items = [];
    this.pending.clear();
    this.dead = 0;
  }

  private takePending(x: number): boolean {
    const n = this.pending.get(x);
    if (n === undefined) return false;
    if (n === 1) this.pending.delete(x);
    else this.pending.set(x, n - 1);
    this.dead--;
    return true;
  }

  private dropDeadTops(): void {
    while (this.items.length > 0 && this.takePending(this.items[0] as number)) this.popTop();
  }

  private compact(): void {
    const live: number[] = [];
    for (const x of this.items) if (!this.takePending(x)) live.push(x);
    this.items = live;
    for (let i = (live.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private popTop(): void {
    const items = this.items;
    const last = items.pop() as number;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const items = this.items;
    const x = items[i] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as number;
      if (p >= x) break;
      items[i] = p;
      i = parent;
    }
    items[i] = x;
  }

  private siftDown(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i] as number;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (items[right] as number) > (items[child] as number)) child = right;
      const c = items[child] as number;
      if (c <= x) break;
      items[i] = c;
      i = child;
    }
    items[i] = x;
  }
}
