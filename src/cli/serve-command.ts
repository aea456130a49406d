/** `statqueue serve [--config FILE]`: runs the engine until SIGTERM/SIGINT. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config';
import { createLogger } from '../log';
import { startStatQueue } from '../main';
import { ExitCode } from './usage-error';

export const SERVE_USAGE = `usage: statqueue serve [--config FILE]

Runs the engine (defaults: JSON-RPC over TCP 127.0.0.1:2012 and HTTP 127.0.0.1:2080/jsonrpc,
in-memory store) until SIGTERM or SIGINT, then shuts down gracefully.
`;

/** Runs `statqueue serve ...`; resolves with the exit code once the engine has stopped. */
export async function runServeCommand(argv: readonly string[]): Promise<ExitCode> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string', short: 'c' },
      config_path: { type: 'string' },
    },
    allowPositionals: false,
  });
  if (values.help === true) {
    process.stdout.write(SERVE_USAGE);
    return ExitCode.OK;
  }
  let config;
  try {
    config = loadConfig(values.config ?? values.config_path);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return ExitCode.USAGE;
    }
    throw err;
  }
  const logger = createLogger({ level: config.logger.level });
  const engine = await startStatQueue(config, { logger });
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      engine.close().then(resolve, (err: unknown) => {
        logger.error({ error: String(err) }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return ExitCode.OK;
}
