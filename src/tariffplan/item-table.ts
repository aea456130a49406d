/**
 * Items of one kind keyed by `tenant:ID` (or bare ID), in order of first appearance, with a
 * "tainted" mark for items that have a broken row. Maps keep multi-row merges O(1) per row.
 */

/** Whether the plan defines an item: cleanly, with errors, or not at all. */
export type ItemStatus = 'ok' | 'tainted' | 'absent';

export class ItemTable<T> {
  private readonly items = new Map<string, T>();
  private readonly tainted = new Set<string>();

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  set(key: string, item: T): void {
    this.items.set(key, item);
  }

  /** Marks an item as broken: it stays out of the plan, and references to it are errors. */
  taint(key: string): void {
    this.tainted.add(key);
  }

  isTainted(key: string): boolean {
    return this.tainted.has(key);
  }

  status(key: string): ItemStatus {
    if (this.tainted.has(key)) return 'tainted';
    return this.items.has(key) ? 'ok' : 'absent';
  }

  /** Clean items, in first-appearance order. */
  cleanItems(): T[] {
    const out: T[] = [];
    for (const [key, item] of this.items) if (!this.tainted.has(key)) out.push(item);
    return out;
  }

  /** Keys of tainted items, in the order they were marked. */
  taintedKeys(): string[] {
    return [...this.tainted];
  }
}

/** CGRateS `TenantID.TenantID()`: `tenant:id`. */
export function tenantKey(tenant: string, id: string): string {
  return `${tenant}:${id}`;
}
