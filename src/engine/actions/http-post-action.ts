import type { Logger } from '../../log';
import { CGRError } from '../../util/cgr-error';
import type { ActionContext, ActionIO } from './action-context';
import { cgrEventGoJSON } from './event-json';
import { errorMessage } from './error-message';

/**
 * `*http_post`: POSTs the event JSON (as `*log` prints it) to the URL in ExtraParameters. Timeout
 * and bounded retries belong to the injected ActionIO, so a hanging webhook costs at most
 * attempts × timeout and never holds the event loop. A failing URL is reported once when it starts
 * failing and once when it answers again, not once per event.
 */
export class HttpPostAction {
  private readonly io: ActionIO | undefined;
  private readonly logger: Logger;
  private readonly failingURLs = new Set<string>();

  constructor(io: ActionIO | undefined, logger: Logger) {
    this.io = io;
    this.logger = logger;
  }

  run(url: string, ctx: ActionContext): Promise<void> {
    if (url === '') return Promise.reject(new CGRError('*http_post: empty URL in ExtraParameters'));
    if (this.io === undefined)
      return Promise.reject(new CGRError('*http_post: no HTTP transport configured'));
    return this.io.httpPost(url, cgrEventGoJSON(ctx.event)).then(
      () => {
        if (this.failingURLs.delete(url)) this.logger.info({ url }, '*http_post target recovered');
      },
      (err: unknown) => {
        const reason = errorMessage(err);
        if (!this.failingURLs.has(url)) {
          this.failingURLs.add(url);
          this.logger.warn({ url, error: reason }, '*http_post target failing (reported once per outage)');
        }
        throw new CGRError(`*http_post to ${url}: ${reason}`);
      },
    );
  }
}
