/**
 * Resolves the FilterIDs a profile row names: inline filters are validated on the spot, stored
 * filter IDs must be defined by the plan (cleanly) or already exist in the engine. This is
 * CGRateS `dm.checkFilters`, moved from Set time to load time so the report points at the row.
 */
import { brokenFilterReference } from '../errors';
import type { LoadContext } from './load-context';
import { tenantKey } from './item-table';
import type { ItemTable } from './item-table';

/** Prefix that makes a FilterID an inline filter (`*string:~*req.Account:1001`). */
const INLINE_PREFIX = '*';

export class FilterReferences {
  private readonly filters: ItemTable<unknown>;
  private readonly ctx: LoadContext;
  private readonly existing: ((tenant: string, id: string) => boolean) | undefined;
  private readonly existingMemo = new Map<string, boolean>();

  constructor(
    filters: ItemTable<unknown>,
    ctx: LoadContext,
    existing: ((tenant: string, id: string) => boolean) | undefined,
  ) {
    this.filters = filters;
    this.ctx = ctx;
    this.existing = existing;
  }

  /** The problem with referencing `filterID` from item `tenant:itemID`, or null when it resolves. */
  problem(tenant: string, itemID: string, filterID: string): string | null {
    if (filterID.startsWith(INLINE_PREFIX)) return this.ctx.checker.inlineFilterProblem(filterID);
    const key = tenantKey(tenant, filterID);
    switch (this.filters.status(key)) {
      case 'ok':
        return null;
      case 'tainted':
        return `filter <${filterID}> is referenced but failed to load (see its errors)`;
      case 'absent':
        return this.existsInEngine(tenant, filterID, key)
          ? null
          : brokenFilterReference(filterID, tenant, itemID).message;
    }
  }

  private existsInEngine(tenant: string, filterID: string, key: string): boolean {
    if (this.existing === undefined) return false;
    let found = this.existingMemo.get(key);
    if (found === undefined) {
      found = this.existing(tenant, filterID);
      this.existingMemo.set(key, found);
    }
    return found;
  }
}
