/**
 * Order-keeping de-duplicated lists for the multi-row merges. Real lists hold a handful of IDs, so a
 * linear scan is cheaper than a Set per list (100,000 profiles × 3 Sets each was most of the
 * loader's garbage); a list that grows past SCAN_LIMIT gets a Set index, so a pathological profile
 * with thousands of IDs still merges in linear time.
 */

const SCAN_LIMIT = 16;

/** One per load: holds the Set indexes of the few lists that outgrow a linear scan. */
export class UniqueLists {
  private readonly indexes = new WeakMap<string[], Set<string>>();

  /** Appends `item` to `list` unless it is already there (first appearance wins). */
  add(list: string[], item: string): void {
    if (list.length < SCAN_LIMIT) {
      if (!list.includes(item)) list.push(item);
      return;
    }
    let index = this.indexes.get(list);
    if (index === undefined) {
      index = new Set(list);
      this.indexes.set(list, index);
    }
    if (index.has(item)) return;
    index.add(item);
    list.push(item);
  }

  /** add() for every item, in order. */
  addAll(list: string[], items: readonly string[]): void {
    for (const item of items) this.add(list, item);
  }
}
