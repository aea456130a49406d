/**
 * The slice of a pino logger the series code uses. A pino `Logger` satisfies it; tests pass a
 * recorder. Kept local so src/series does not depend on the root logger module.
 */
export interface SeriesLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Discards everything; the default when no logger is injected. */
export const silentLogger: SeriesLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
