#!/usr/bin/env node
/** `statqueue`: routes the command line to one command module under src/cli/. */
import { runCallCommand } from './cli/call-command';
import { runConsoleCommand } from './cli/console-command';
import { findConsoleCommand } from './cli/console-commands';
import { runLoadCommand } from './cli/load-command';
import { runServeCommand } from './cli/serve-command';
import { splitCommandLine } from './cli/split-command-line';
import { mainUsage } from './cli/main-usage';
import { ExitCode, UsageError } from './cli/usage-error';

async function run(argv: readonly string[]): Promise<ExitCode> {
  const { command, args } = splitCommandLine(argv);
  switch (command) {
    case 'serve':
      return runServeCommand(args);
    case 'load':
      return runLoadCommand(args);
    case 'call':
      return runCallCommand(args);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(mainUsage());
      return ExitCode.OK;
    case undefined:
      process.stderr.write(mainUsage());
      return ExitCode.USAGE;
    default: {
      const consoleCommand = findConsoleCommand(command);
      if (consoleCommand !== undefined) return runConsoleCommand(consoleCommand, args);
      throw new UsageError(`unknown command: ${command}`);
    }
  }
}

/** node:util parseArgs reports a bad command line with a TypeError carrying an ERR_PARSE_ARGS_* code. */
function isParseArgsError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(
        `statqueue: ${err.message}\nrun 'statqueue --help' or 'statqueue <command> --help'\n`,
      );
      process.exitCode = ExitCode.USAGE;
      return;
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = ExitCode.FAILED;
  },
);
