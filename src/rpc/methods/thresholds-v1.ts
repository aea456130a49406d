import type { ThresholdService } from '../../engine/threshold-service';
import type { RpcHandler } from '../method-table';
import { cgrEventArgs, tenantArgs, tenantIDArgs } from './arg-types';

const PONG = 'Pong';
const OK = 'OK';

/** `ThresholdSv1.*` (apier/v1/thresholds.go). Errors pass through as the engine raised them, as in CGRateS. */
export function thresholdsV1Methods(thresholds: ThresholdService): [string, RpcHandler][] {
  return [
    ['ThresholdSv1.Ping', () => PONG],
    ['ThresholdSv1.ProcessEvent', (arg) => thresholds.processEvent(cgrEventArgs.check(arg))],
    ['ThresholdSv1.GetThresholdsForEvent', (arg) => thresholds.thresholdsForEvent(cgrEventArgs.check(arg))],
    ['ThresholdSv1.GetThreshold', (arg) => thresholds.getThreshold(tenantIDArgs.check(arg))],
    [
      'ThresholdSv1.GetThresholdIDs',
      (arg) => thresholds.thresholdIDs(field(tenantArgs.check(arg), 'Tenant')),
    ],
    [
      'ThresholdSv1.ResetThreshold',
      (arg) => {
        thresholds.resetThreshold(tenantIDArgs.check(arg));
        return OK;
      },
    ],
  ];
}

function field(arg: unknown, name: string): unknown {
  return arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
}
