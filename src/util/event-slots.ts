import { grownCapacity } from './grow-capacity';
import { IdSlotTable, hashID } from './id-slot-table';
import { SlotRows } from './slot-rows';

const INITIAL_CAPACITY = 8;
/** `refs` value of the last slot of the free list (a free slot holds `-(next + 2)`). */
const FREE_LIST_END = -1;

/**
 * Small dense integers ("slots") for the event IDs a queue currently remembers, reference counted.
 * Per-event state that would otherwise cost one Map entry per ID per metric (plus a boxed number)
 * lives instead in the cells of {@link rows}, one row per slot, and the ID → slot index (an
 * {@link IdSlotTable}) is paid once per queue.
 *
 * A slot stays bound to its ID while its reference count is above zero (the queue holds one per
 * queued item carrying the ID, a metric one per ID it has an entry for); a slot whose count drops to
 * zero is unbound and reused, most recently freed first, so slots stay below the peak number of live
 * IDs, rows stay few, and the row an evicted event frees is the row the next event takes (still in
 * the CPU cache).
 */
export class EventSlots {
  /** Per-slot cells of this index's users; two columns are this index's own. */
  readonly rows: SlotRows;
  private readonly table = new IdSlotTable();
  /** Reference count of a bound slot (> 0), or the free-list link of a free slot (< 0). */
  private refCol: number;
  /** The hash of a bound slot's ID, so unbinding never reads the ID string. */
  private hashCol: number;
  /** Slots at or above this index were never handed out. */
  private used = 0;
  private freeHead = FREE_LIST_END;
  /** How many IDs are usually live at once (a queue's QueueLength), 0 when unknown: growth stops there. */
  private readonly expectedIDs: number;

  constructor(expectedIDs = 0) {
    this.expectedIDs = expectedIDs;
    this.rows = new SlotRows(INITIAL_CAPACITY);
    this.refCol = this.rows.addU32Column();
    this.hashCol = this.rows.addU32Column();
  }

  /** Number of rows, i.e. slots that can be handed out before the rows grow. */
  get capacity(): number {
    return this.rows.capacity;
  }

  /** Number of IDs bound to a slot. */
  get size(): number {
    return this.table.size;
  }

  /** The slot bound to `id`, or -1 when none is. */
  slotOf(id: string): number {
    return this.table.get(id, hashID(id));
  }

  /** Takes one reference to the slot of `id`, binding a free slot to it when it has none. */
  acquire(id: string): number {
    const hash = hashID(id);
    const bound = this.table.get(id, hash);
    if (bound !== -1) {
      this.retainSlot(bound);
      return bound;
    }
    let slot = this.freeHead;
    if (slot !== FREE_LIST_END) {
      this.freeHead = -this.refs(slot) - 2;
    } else {
      if (this.used === this.rows.capacity)
        this.rows.resize(grownCapacity(this.rows.capacity, this.expectedIDs));
      slot = this.used++;
    }
    this.setRefs(slot, 1);
    this.rows.i32[this.rows.u32At(slot, this.hashCol)] = hash;
    this.table.set(id, hash, slot);
    return slot;
  }

  /** Takes one more reference to a bound slot (no lookup: the caller already has the slot). */
  retainSlot(slot: number): void {
    this.setRefs(slot, this.refs(slot) + 1);
  }

  /** Gives back one reference to the slot of `id`; unknown IDs are a no-op. */
  release(id: string): void {
    const slot = this.slotOf(id);
    if (slot !== -1) this.releaseSlot(slot);
  }

  /** Gives back one reference to a bound slot; the last one frees the slot. */
  releaseSlot(slot: number): void {
    const left = this.refs(slot) - 1;
    if (left > 0) {
      this.setRefs(slot, left);
      return;
    }
    this.table.delete(slot, this.rows.i32[this.rows.u32At(slot, this.hashCol)] as number);
    this.setRefs(slot, -(this.freeHead + 2));
    this.freeHead = slot;
  }

  /** References held on a slot (0 when it is free). */
  refCount(slot: number): number {
    if (slot >= this.used) return 0;
    const r = this.refs(slot);
    return r > 0 ? r : 0;
  }

  /** Visits every bound ID with its slot, in slot order. */
  forEach(visit: (id: string, slot: number) => void): void {
    this.table.forEach(visit);
  }

  /** Every bound ID as a JSON string, indexed by its slot (undefined for free slots): for writers of JSON text. */
  quotedIDs(): (string | undefined)[] {
    const quoted = new Array<string | undefined>(this.rows.capacity);
    this.table.forEach((id, slot) => {
      quoted[slot] = JSON.stringify(id);
    });
    return quoted;
  }

  /** Unbinds everything, drops every user's columns and shrinks back to the initial capacity. */
  clear(): void {
    this.table.clear();
    this.rows.clear(INITIAL_CAPACITY);
    this.refCol = this.rows.addU32Column();
    this.hashCol = this.rows.addU32Column();
    this.used = 0;
    this.freeHead = FREE_LIST_END;
  }

  private refs(slot: number): number {
    return this.rows.i32[this.rows.u32At(slot, this.refCol)] as number;
  }

  private setRefs(slot: number, value: number): void {
    this.rows.i32[this.rows.u32At(slot, this.refCol)] = value;
  }
}
