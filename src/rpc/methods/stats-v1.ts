import type { StatService } from '../../engine/stat-service';
import { apiError } from '../../errors';
import type { RpcHandler } from '../method-table';
import { cgrEventArgs, tenantArgs, tenantIDArgs } from './arg-types';

const PONG = 'Pong';
const OK = 'OK';

/** `StatSv1.*` (apier/v1/stats.go). Errors pass through as the engine raised them, except where CGRateS wraps. */
export function statsV1Methods(stats: StatService): [string, RpcHandler][] {
  const metricsErr = (err: unknown): never => {
    throw apiError(err);
  };
  return [
    ['StatSv1.Ping', () => PONG],
    ['StatSv1.ProcessEvent', (arg) => stats.processEvent(cgrEventArgs.check(arg))],
    ['StatSv1.GetStatQueuesForEvent', (arg) => stats.queuesForEvent(cgrEventArgs.check(arg))],
    ['StatSv1.GetStatQueue', (arg) => stats.getQueue(tenantIDArgs.check(arg))],
    [
      'StatSv1.GetQueueStringMetrics',
      (arg) => {
        try {
          return stats.stringMetrics(tenantIDArgs.check(arg));
        } catch (err) {
          return metricsErr(err);
        }
      },
    ],
    [
      'StatSv1.GetQueueFloatMetrics',
      (arg) => {
        try {
          return stats.floatMetrics(tenantIDArgs.check(arg));
        } catch (err) {
          return metricsErr(err);
        }
      },
    ],
    ['StatSv1.GetQueueIDs', (arg) => stats.queueIDs(field(tenantArgs.check(arg), 'Tenant'))],
    [
      'StatSv1.ResetStatQueue',
      (arg) => {
        stats.resetQueue(tenantIDArgs.check(arg));
        return OK;
      },
    ],
  ];
}

function field(arg: unknown, name: string): unknown {
  return arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
}
