const INITIAL_CAPACITY = 8;
/** `refs` value of the last slot of the free list (a free slot holds `-(next + 2)`). */
const FREE_LIST_END = -1;

/**
 * Small dense integers ("slots") for the event IDs a queue currently remembers, reference counted.
 * Per-event state that would otherwise cost one Map entry per ID per metric (plus a boxed number)
 * lives instead in typed columns indexed by slot, and the ID → slot Map is paid once per queue.
 *
 * A slot stays bound to its ID while its reference count is above zero (the queue holds one per
 * queued item carrying the ID, a metric one per ID it has an entry for); a slot whose count drops to
 * zero is unbound and reused, most recently freed first, so slots stay below the peak number of live
 * IDs and columns indexed by them stay short.
 */
export class EventSlots {
  private readonly slotByID = new Map<string, number>();
  /** Reference count of a bound slot (> 0), or the free-list link of a free slot (< 0). */
  private refs = new Int32Array(INITIAL_CAPACITY);
  /** Slots at or above this index were never handed out. */
  private used = 0;
  private freeHead = FREE_LIST_END;

  /** Number of slots the columns of a user must be able to index (grows by doubling). */
  get capacity(): number {
    return this.refs.length;
  }

  /** Number of IDs bound to a slot. */
  get size(): number {
    return this.slotByID.size;
  }

  /** The slot bound to `id`, or -1 when none is. */
  slotOf(id: string): number {
    return this.slotByID.get(id) ?? -1;
  }

  /** Takes one reference to the slot of `id`, binding a free slot to it when it has none. */
  acquire(id: string): number {
    const bound = this.slotByID.get(id);
    if (bound !== undefined) {
      this.refs[bound] = (this.refs[bound] as number) + 1;
      return bound;
    }
    let slot = this.freeHead;
    if (slot !== FREE_LIST_END) {
      this.freeHead = -(this.refs[slot] as number) - 2;
    } else {
      if (this.used === this.refs.length) this.grow();
      slot = this.used++;
    }
    this.refs[slot] = 1;
    this.slotByID.set(id, slot);
    return slot;
  }

  /** Takes one more reference to a bound slot (no lookup: the caller already has the slot). */
  retainSlot(slot: number): void {
    this.refs[slot] = (this.refs[slot] as number) + 1;
  }

  /** Gives back one reference to the slot of `id`; unknown IDs are a no-op. */
  release(id: string): void {
    const slot = this.slotByID.get(id);
    if (slot !== undefined) this.releaseSlot(slot, id);
  }

  /** Gives back one reference to a bound slot whose ID is `id`; the last one frees the slot. */
  releaseSlot(slot: number, id: string): void {
    const left = (this.refs[slot] as number) - 1;
    if (left > 0) {
      this.refs[slot] = left;
      return;
    }
    this.slotByID.delete(id);
    this.refs[slot] = -(this.freeHead + 2);
    this.freeHead = slot;
  }

  /** References held on a slot (0 when it is free). */
  refCount(slot: number): number {
    const r = this.refs[slot] ?? 0;
    return r > 0 ? r : 0;
  }

  /** Visits every bound ID with its slot, in the order the IDs were bound. */
  forEach(visit: (id: string, slot: number) => void): void {
    for (const [id, slot] of this.slotByID) visit(id, slot);
  }

  /** Unbinds everything and shrinks back to the initial capacity. */
  clear(): void {
    this.slotByID.clear();
    this.refs = new Int32Array(INITIAL_CAPACITY);
    this.used = 0;
    this.freeHead = FREE_LIST_END;
  }

  private grow(): void {
    const next = new Int32Array(this.refs.length * 2);
    next.set(this.refs);
    this.refs = next;
  }
}

/** A copy of `column` with room for index `slot` (doubling, so growth is amortised O(1)). */
export function growFloat64(column: Float64Array, slot: number): Float64Array {
  const next = new Float64Array(grownLength(column.length, slot));
  next.set(column);
  return next;
}

/** A copy of `column` with room for index `slot` (doubling, so growth is amortised O(1)). */
export function growUint32(column: Uint32Array, slot: number): Uint32Array {
  const next = new Uint32Array(grownLength(column.length, slot));
  next.set(column);
  return next;
}

function grownLength(length: number, slot: number): number {
  let n = Math.max(length, INITIAL_CAPACITY);
  while (n <= slot) n *= 2;
  return n;
}
