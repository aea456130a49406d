import type { CGREvent } from '../engine/cgr-event';
import type { StatUpdateSink } from '../engine/stat-service';
import { isNotFound } from '../errors';
import type { Logger } from '../log';
import { OnceKeys } from '../util/once-keys';
import { RpcTransportError } from './json-rpc-client';
import { errorMessage } from '../engine/actions/error-message';

/** The one call the sink makes; a {@link JsonRpcClient} in production. */
export interface RpcCaller {
  readonly address: string;
  call(method: string, arg: unknown): Promise<unknown>;
}

const PROCESS_EVENT = 'ThresholdSv1.ProcessEvent';

/**
 * StatS → a remote ThresholdS (`thresholds_conns: ["host:port"]`): each StatUpdate event is one
 * pipelined `ThresholdSv1.ProcessEvent` call. NOT_FOUND (no threshold matched) is not a failure;
 * any other error reply, a timeout or a lost connection rejects, so StatS answers
 * PARTIALLY_EXECUTED, while its own in-memory processing (already done) is never slowed: the client
 * fails fast while the peer is down. An outage is logged once when it starts and once when it ends.
 */
export class RemoteThresholdSink implements StatUpdateSink {
  private readonly client: RpcCaller;
  private readonly logger: Logger;
  private readonly remoteErrorsLogged = new OnceKeys(1000);
  private down = false;

  constructor(client: RpcCaller, logger: Logger) {
    this.client = client;
    this.logger = logger.child({ component: 'stats-thresholds', address: client.address });
  }

  send(ev: CGREvent): Promise<void> {
    return this.client.call(PROCESS_EVENT, ev).then(
      () => this.reachable(),
      (err: unknown) => {
        if (err instanceof RpcTransportError) {
          if (!this.down) {
            this.down = true;
            this.logger.warn(
              { error: `${err.message}: ${err.detail}` },
              'remote ThresholdS unreachable: StatUpdate events are not delivered (PARTIALLY_EXECUTED) until it is back',
            );
          }
          throw err;
        }
        this.reachable();
        if (isNotFound(err)) return;
        const msg = errorMessage(err);
        if (this.remoteErrorsLogged.first(msg))
          this.logger.warn(
            { error: msg },
            'remote ThresholdS answered an error (logged once per error text)',
          );
        throw err;
      },
    );
  }

  private reachable(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info('remote ThresholdS reachable again: StatUpdate delivery restored');
  }
}
