import pino from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';

/** The project-wide logger type: a pino logger. Modules take one through their deps and derive `child({ component })`. */
export type Logger = PinoLogger;

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level name: `trace` … `fatal`, or `silent` (tests). */
  readonly level: string;
  /** Where JSON lines go; stdout (fd 1) when absent. Tests pass an in-memory stream to assert on logs. */
  readonly destination?: DestinationStream;
}

/**
 * Builds the root logger: structured JSON lines, written synchronously to stdout.
 *
 * No `pino.transport()`: worker-thread transports can hang on their READY handshake and keep Jest
 * from exiting (thread-stream#250). Synchronous writes are affordable because the hot path never logs
 * at info level (one line per problem, DESIGN §5), and they guarantee the last line before a crash
 * is not lost. Credentials that may end up in a logged object are redacted.
 */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const destination = opts.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: opts.level,
      redact: {
        paths: [
          'apiKey',
          '*.apiKey',
          'headers.authorization',
          '*.headers.authorization',
          '*["*apiKey"]',
          '*.*["*apiKey"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
