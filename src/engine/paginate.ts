/** `PaginatorWithTenant`: `{Tenant, Search, Limit, Offset}` of the Get*ProfileIDs methods. */
export interface PaginatorArgs {
  readonly Tenant?: unknown;
  readonly Search?: unknown;
  readonly Limit?: unknown;
  readonly Offset?: unknown;
}

function positiveInt(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

/**
 * CGRateS' ID listing: `Search` is a substring of the full store key (`<keyPrefix><id>`), then
 * `Offset` items are skipped and at most `Limit` taken (values ≤ 0 mean unset). IDs come out sorted
 * so pages are stable. An offset past the end yields `[]` (Go answers null, which Go clients reject).
 */
export function paginateIDs(ids: readonly string[], keyPrefix: string, args: PaginatorArgs): string[] {
  const search = typeof args.Search === 'string' ? args.Search : '';
  const found = (search === '' ? [...ids] : ids.filter((id) => `${keyPrefix}${id}`.includes(search))).sort();
  const offset = positiveInt(args.Offset);
  const limit = positiveInt(args.Limit);
  if (offset === 0 && limit === 0) return found;
  return found.slice(offset, limit === 0 ? undefined : offset + limit);
}
