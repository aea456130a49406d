/** HTTP statuses the queue_stats endpoint answers errors with. */
export const QueryErrorStatus = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type QueryErrorStatus = (typeof QueryErrorStatus)[keyof typeof QueryErrorStatus];

/** What kind of problem a SeriesQueryError is, so the RPC side can pick its CGRateS text. */
export const QueryErrorKind = {
  MISSING: 'missing',
  INVALID: 'invalid',
  NOT_FOUND: 'not-found',
  NOT_ACCEPTABLE: 'not-acceptable',
  DISABLED: 'disabled',
  BACKEND: 'backend',
} as const;
export type QueryErrorKind = (typeof QueryErrorKind)[keyof typeof QueryErrorKind];

/**
 * A series query that cannot be answered. `message` is the user-facing text (Traffic Ops' exact
 * texts where TO has one); the HTTP route sends it as `{"alerts":[{"text","level":"error"}]}` with
 * `status`, the RPC turns it into a CGRError.
 */
export class SeriesQueryError extends Error {
  readonly status: QueryErrorStatus;
  readonly kind: QueryErrorKind;
  /** For MISSING: the missing parameter names, in the order they are checked. */
  readonly missing: readonly string[];

  override get name(): string {
    return 'SeriesQueryError';
  }

  constructor(
    kind: QueryErrorKind,
    status: QueryErrorStatus,
    message: string,
    missing: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
    this.kind = kind;
    this.status = status;
    this.missing = missing;
  }

  static invalid(text: string): SeriesQueryError {
    return new SeriesQueryError(QueryErrorKind.INVALID, QueryErrorStatus.BAD_REQUEST, text);
  }
}
