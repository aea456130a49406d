/** Smallest table (in entries) a {@link IdSlotTable} starts with. */
const MIN_ENTRIES = 16;
/** The FNV-1a 32-bit offset basis and prime. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 code units, as an int32 (what {@link IdSlotTable} expects). */
export function hashID(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return h | 0;
}

/**
 * ID → slot for one queue: open addressing with linear probing over one Int32Array of
 * `[hash, slot + 1]` pairs (0 = empty), plus the IDs by slot. Unlike a Map it deletes by slot and
 * hash without touching the ID string, keeps a queue's whole index in two arrays, and probes
 * compare stored hashes before any string; deletion shifts the probe run back, so there are no
 * tombstones to rebuild. The table is kept at most half full.
 */
export class IdSlotTable {
  private entries = new Int32Array(MIN_ENTRIES * 2);
  private mask = MIN_ENTRIES - 1;
  private ids: (string | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot bound to `id` (whose hash is `hash`), or -1. */
  get(id: string, hash: number): number {
    const e = this.entries;
    for (let i = home(hash, this.mask); ; i = (i + 1) & this.mask) {
      const s1 = e[2 * i + 1] as number;
      if (s1 === 0) return -1;
      if (e[2 * i] === hash && this.ids[s1 - 1] === id) return s1 - 1;
    }
  }

  /** Binds a slot to an ID that has none. */
  set(id: string, hash: number, slot: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    this.ids[slot] = id;
    this.place(hash, slot);
    this.count++;
  }

  /** Unbinds a bound slot, given its ID's hash. */
  delete(slot: number, hash: number): void {
    const e = this.entries;
    const mask = this.mask;
    let i = home(hash, mask);
    while (e[2 * i + 1] !== slot + 1) i = (i + 1) & mask;
    // Backward-shift deletion: move up every later entry of the run that may live at the hole.
    for (let j = (i + 1) & mask; e[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const k = home(e[2 * j] as number, mask);
      const reachable = i <= j ? k <= i || k > j : k <= i && k > j;
      if (reachable) {
        e[2 * i] = e[2 * j] as number;
        e[2 * i + 1] = e[2 * j + 1] as number;
        i = j;
      }
    }
    e[2 * i] = 0;
    e[2 * i + 1] = 0;
    this.ids[slot] = undefined;
    this.count--;
  }

  /** The ID bound to a slot, or undefined. */
  idOf(slot: number): string | undefined {
    return this.ids[slot];
  }

  /** Visits every bound ID with its slot, in slot order. */
  forEach(visit: (id: string, slot: number) => void): void {
    const ids = this.ids;
    for (let slot = 0; slot < ids.length; slot++) {
      const id = ids[slot];
      if (id !== undefined) visit(id, slot);
    }
  }

  clear(): void {
    this.entries = new Int32Array(MIN_ENTRIES * 2);
    this.mask = MIN_ENTRIES - 1;
    this.ids = [];
    this.count = 0;
  }

  private place(hash: number, slot: number): void {
    const e = this.entries;
    let i = home(hash, this.mask);
    while (e[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    e[2 * i] = hash;
    e[2 * i + 1] = slot + 1;
  }

  private rehash(size: number): void {
    const old = this.entries;
    this.entries = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const s1 = old[i + 1] as number;
      if (s1 !== 0) this.place(old[i] as number, s1 - 1);
    }
  }
}

/** The preferred position of a hash (its high bits folded in: FNV's low bits alone mix less). */
function home(hash: number, mask: number): number {
  return (hash ^ (hash >>> 16)) & mask;
}
