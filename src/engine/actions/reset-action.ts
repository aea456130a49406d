import { CGRError } from '../../util/cgr-error';
import { tenantIDParam } from './tenant-id-param';

/** Resets one entity by tenant and ID; throws CGRError (NOT_FOUND) when there is none. */
export type ResetFn = (tenant: string, id: string) => void;

/**
 * `*reset_stat_queue` and `*reset_threshold`: ExtraParameters `tenant:ID`. CGRateS makes the call
 * over `schedulers.stats_conns` / `thresholds_conns`; here the services live in the same process,
 * so the reset is a direct, synchronous call.
 */
export class ResetAction {
  private readonly reset: ResetFn | undefined;
  private readonly subsystem: string;
  private readonly defaultTenant: string;

  constructor(reset: ResetFn | undefined, subsystem: string, defaultTenant: string) {
    this.reset = reset;
    this.subsystem = subsystem;
    this.defaultTenant = defaultTenant;
  }

  run(extraParameters: string): void {
    if (this.reset === undefined) throw new CGRError(`NOT_CONNECTED: ${this.subsystem}`);
    const { tenant, id } = tenantIDParam(extraParameters, this.defaultTenant);
    this.reset(tenant, id);
  }
}
