import type { Logger } from '../../log';
import type { ActionContext } from './action-context';
import { cgrEventGoJSON } from './event-json';

/**
 * `*log` (engine/action.go `logAction`): one info line `LOG ExtraData: <json of the CGREvent>`.
 * CGRateS prints the account instead when one is resolved; there are no accounts here, so the event
 * is always printed and the account rides along as a structured field.
 */
export class LogAction {
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  run(ctx: ActionContext): void {
    const fields =
      ctx.account === undefined
        ? { threshold: ctx.thresholdID }
        : { threshold: ctx.thresholdID, account: ctx.account };
    this.logger.info(fields, `LOG ExtraData: ${cgrEventGoJSON(ctx.event)}`);
  }
}
