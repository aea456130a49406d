/**
 * Remembers which keys were already seen, up to a bound, so a recurring problem is logged once
 * instead of once per event. Past the bound everything counts as seen (logs stay quiet).
 */
export class OnceKeys {
  private readonly seen = new Set<string>();
  private readonly maxKeys: number;

  constructor(maxKeys = 10_000) {
    this.maxKeys = maxKeys;
  }

  /** True the first time a key is offered. */
  first(key: string): boolean {
    if (this.seen.has(key) || this.seen.size >= this.maxKeys) return false;
    this.seen.add(key);
    return true;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}
