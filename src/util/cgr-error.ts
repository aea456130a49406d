/**
 * An error whose message is the exact CGRateS wire text (`NOT_FOUND`, `NOT_FOUND:Usage`,
 * `NEGATIVE:Cost`, `unsupported metric type <*x>`, `incomparable: <a> with <b>`...).
 *
 * It lives in util/ so that metrics/ and filters/ (which may import only util and the engine
 * contract) can raise wire-exact errors; src/errors.ts builds the domain helpers on top of it and
 * only src/rpc turns it into a reply.
 */
export class CGRError extends Error {
  override get name(): string {
    return 'CGRError';
  }

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
