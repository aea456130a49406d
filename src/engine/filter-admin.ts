import { CGRError, ErrText, mandatoryMissing, notFound } from '../errors';
import { StoreKind } from '../store/data-store';
import type { Destinations } from './destinations';
import type { FilterProfile, FilterService } from './filter-service';
import { paginateIDs } from './paginate';
import type { PaginatorArgs } from './paginate';
import type { FilterRuleSpec } from './types';

/** Go `engine.Destination` on the wire. */
export interface DestinationJSON {
  readonly Id: string;
  readonly Prefixes: readonly string[];
}

export interface FilterAdminDeps {
  readonly filters: FilterService;
  readonly destinations: Destinations;
  readonly defaultTenant: string;
  readonly persist: (kind: StoreKind, tenant: string, id: string) => void;
}

function record(arg: unknown): Readonly<Record<string, unknown>> {
  return arg !== null && typeof arg === 'object' && !Array.isArray(arg)
    ? (arg as Record<string, unknown>)
    : {};
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The administration of filters and destinations (APIerSv1 Set/Get/Remove Filter and Destination):
 * argument defaults as CGRateS applies them, and persistence of every change. Matching itself is
 * FilterService's.
 */
export class FilterAdmin {
  private readonly deps: FilterAdminDeps;

  constructor(deps: FilterAdminDeps) {
    this.deps = deps;
  }

  setFilter(arg: unknown): void {
    const a = record(arg);
    const id = a['ID'];
    if (typeof id !== 'string' || id === '') throw mandatoryMissing(['ID']);
    const tenant = this.tenantOf(a['Tenant']);
    const rules = Array.isArray(a['Rules']) ? (a['Rules'] as unknown[]) : [];
    const profile: FilterProfile = {
      Tenant: tenant,
      ID: id,
      Rules: rules.map((r): FilterRuleSpec => {
        const rule = record(r);
        return {
          Type: typeof rule['Type'] === 'string' ? rule['Type'] : '',
          Element: typeof rule['Element'] === 'string' ? rule['Element'] : '',
          Values: Array.isArray(rule['Values']) ? stringList(rule['Values']) : null,
        };
      }),
      ActivationInterval: (a['ActivationInterval'] ?? null) as FilterProfile['ActivationInterval'],
    };
    this.deps.filters.setFilter(profile);
    this.deps.persist(StoreKind.FILTER, tenant, id);
  }

  getFilter(arg: unknown): FilterProfile {
    const { tenant, id } = this.tenantID(arg);
    const f = this.deps.filters.getFilter(tenant, id);
    if (f === undefined) throw notFound();
    return f;
  }

  /** GetFilterIDs: NOT_FOUND when the tenant has none; Search matches the `ftr_<tenant>:<id>` key. */
  filterIDs(arg: PaginatorArgs): string[] {
    const tenant = this.tenantOf(arg.Tenant);
    const ids = this.deps.filters.filterIDs(tenant);
    if (ids.length === 0) throw notFound();
    return paginateIDs(ids, `ftr_${tenant}:`, arg);
  }

  removeFilter(arg: unknown): void {
    const { tenant, id } = this.tenantID(arg);
    this.deps.filters.removeFilter(tenant, id);
    this.deps.persist(StoreKind.FILTER, tenant, id);
  }

  /** APIerSv1.SetDestination `{Id, Prefixes, Overwrite}`: EXISTS unless Overwrite. */
  setDestination(arg: unknown): void {
    const a = record(arg);
    const id = typeof a['Id'] === 'string' ? a['Id'] : '';
    const prefixes = stringList(a['Prefixes']);
    const missing = [...(id === '' ? ['Id'] : []), ...(prefixes.length === 0 ? ['Prefixes'] : [])];
    if (missing.length > 0) throw mandatoryMissing(missing);
    if (this.deps.destinations.get(id) !== undefined && a['Overwrite'] !== true)
      throw new CGRError(ErrText.EXISTS);
    this.deps.destinations.set({ ID: id, Prefixes: prefixes });
    this.deps.persist(StoreKind.DESTINATION, '', id);
  }

  /** APIerSv1.GetDestination: the argument is the bare destination ID. */
  getDestination(arg: unknown): DestinationJSON {
    if (typeof arg !== 'string' || arg === '') throw mandatoryMissing(['DestId']);
    const d = this.deps.destinations.get(arg);
    if (d === undefined) throw notFound();
    return { Id: d.ID, Prefixes: d.Prefixes };
  }

  /** APIerSv1.RemoveDestination `{DestinationIDs, Prefixes}`: whole destinations, or only the given prefixes. */
  removeDestination(arg: unknown): void {
    const a = record(arg);
    const ids = stringList(a['DestinationIDs']);
    const prefixes = new Set(stringList(a['Prefixes']));
    for (const id of ids) {
      const d = this.deps.destinations.get(id);
      if (d === undefined) throw notFound();
      const kept = d.Prefixes.filter((p) => !prefixes.has(p));
      if (prefixes.size === 0 || kept.length === 0) this.deps.destinations.remove(id);
      else this.deps.destinations.set({ ID: id, Prefixes: kept });
      this.deps.persist(StoreKind.DESTINATION, '', id);
    }
  }

  /** Current stored form of a filter or destination, or undefined when gone. */
  snapshot(kind: StoreKind, tenant: string, id: string): unknown {
    if (kind === StoreKind.FILTER) return this.deps.filters.getFilter(tenant, id);
    if (kind === StoreKind.DESTINATION) return this.deps.destinations.get(id);
    return undefined;
  }

  private tenantID(arg: unknown): { tenant: string; id: string } {
    const a = record(arg);
    const id = a['ID'];
    if (typeof id !== 'string' || id === '') throw mandatoryMissing(['ID']);
    return { tenant: this.tenantOf(a['Tenant']), id };
  }

  private tenantOf(t: unknown): string {
    return typeof t === 'string' && t !== '' ? t : this.deps.defaultTenant;
  }
}
