import { isNotFound } from '../errors';
import type { CGREvent } from './cgr-event';
import type { StatUpdateSink } from './stat-service';
import type { ThresholdService } from './threshold-service';

/**
 * StatS → ThresholdS in the same process (`thresholds_conns: ["*internal"]`): the StatUpdate event
 * object is handed over as is, no serialisation. Synchronous unless a synchronous threshold's
 * actions do network I/O. As in CGRateS, NOT_FOUND (no threshold matched) is not a failure; any
 * other error makes StatS answer PARTIALLY_EXECUTED.
 */
export class InternalThresholdSink implements StatUpdateSink {
  private readonly thresholds: Pick<ThresholdService, 'processCGREvent'>;

  constructor(thresholds: Pick<ThresholdService, 'processCGREvent'>) {
    this.thresholds = thresholds;
  }

  send(ev: CGREvent): void | Promise<void> {
    let out: string[] | Promise<string[]>;
    try {
      out = this.thresholds.processCGREvent(ev);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    if (Array.isArray(out)) return undefined;
    return out.then(
      () => undefined,
      (err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      },
    );
  }
}
