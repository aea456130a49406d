import type { FilterAdmin } from '../../engine/filter-admin';
import type { PaginatorArgs } from '../../engine/paginate';
import type { StatService } from '../../engine/stat-service';
import { apiError } from '../../errors';
import type { RpcHandler } from '../method-table';
import {
  filterArgs,
  paginatorArgs,
  removeDestinationArgs,
  setDestinationArgs,
  statQueueProfileArgs,
  tenantIDArgs,
} from './arg-types';

const OK = 'OK';

function paginator(arg: unknown): PaginatorArgs {
  const checked = paginatorArgs.check(arg);
  return checked !== null && typeof checked === 'object' ? checked : {};
}

/** CGRateS `utils.APIErrorHandler`: every APIerSv1 error other than NOT_FOUND becomes `SERVER_ERROR: …`. */
function api(fn: (arg: unknown) => unknown): RpcHandler {
  return (arg) => {
    try {
      return fn(arg);
    } catch (err) {
      throw apiError(err);
    }
  };
}

function done(fn: (arg: unknown) => void): (arg: unknown) => string {
  return (arg) => {
    fn(arg);
    return OK;
  };
}

/** `APIerSv1.*` for StatQueue profiles, filters and destinations (apier/v1/stats.go, filters.go, apier.go). */
export function apierV1Methods(stats: StatService, filters: FilterAdmin): [string, RpcHandler][] {
  return [
    ['APIerSv1.Ping', () => 'Pong'],
    ['APIerSv1.SetStatQueueProfile', api(done((arg) => stats.setProfile(statQueueProfileArgs.check(arg))))],
    ['APIerSv1.GetStatQueueProfile', api((arg) => stats.getProfile(tenantIDArgs.check(arg)))],
    ['APIerSv1.GetStatQueueProfileIDs', api((arg) => stats.profileIDs(paginator(arg)))],
    ['APIerSv1.RemoveStatQueueProfile', api(done((arg) => stats.removeProfile(tenantIDArgs.check(arg))))],
    ['APIerSv1.SetFilter', api(done((arg) => filters.setFilter(filterArgs.check(arg))))],
    ['APIerSv1.GetFilter', api((arg) => filters.getFilter(tenantIDArgs.check(arg)))],
    ['APIerSv1.GetFilterIDs', api((arg) => filters.filterIDs(paginator(arg)))],
    ['APIerSv1.RemoveFilter', api(done((arg) => filters.removeFilter(tenantIDArgs.check(arg))))],
    ['APIerSv1.SetDestination', api(done((arg) => filters.setDestination(setDestinationArgs.check(arg))))],
    ['APIerSv1.GetDestination', api((arg) => filters.getDestination(arg))],
    [
      'APIerSv1.RemoveDestination',
      api(done((arg) => filters.removeDestination(removeDestinationArgs.check(arg)))),
    ],
  ];
}
