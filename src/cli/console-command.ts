/**
 * Runs one cgr-console command: `statqueue stats_metrics 'ID="Stats1"'` parses the Key=value
 * arguments, calls the command's RPC method and prints the reply as indented JSON.
 */
import { parseArgs } from 'node:util';
import { ConsoleArgsError, parseConsoleArgs } from './console-args';
import type { ConsoleCommand } from './console-commands';
import { RPC_TARGET_OPTIONS, rpcTargetFrom, runRpcCall } from './rpc-target';
import { ExitCode, UsageError } from './usage-error';

/** `statqueue <command> --help`: what it calls, its fields with their types, an example. */
export function consoleCommandHelp(cmd: ConsoleCommand): string {
  const nameWidth = Math.max(...cmd.fields.map((f) => f.name.length));
  const typeWidth = Math.max(...cmd.fields.map((f) => f.type.length));
  const rows = cmd.fields.map((f) => {
    const line = `  ${f.name.padEnd(nameWidth)}  ${f.type.padEnd(typeWidth)}  ${f.note ?? ''}`;
    return line.trimEnd();
  });
  const stamp = cmd.stampTime ? '\nAs cgr-console does, Time defaults to the current time.\n' : '';
  return (
    `usage: statqueue ${cmd.name} [Key=value ...] [--rpc HOST:PORT] [--timeout DURATION]\n\n` +
    `${cmd.summary}.\n` +
    `Calls ${cmd.method}; argument fields (${cmd.argType}):\n\n` +
    `${rows.join('\n')}\n${stamp}\n` +
    'Values are JSON literals: "strings" in double quotes, numbers and true/false bare, [lists], {objects}.\n' +
    'Field names are matched case-insensitively. Quote the arguments for the shell, e.g.\n\n' +
    `  statqueue ${cmd.name} '${cmd.example}'\n`
  );
}

/**
 * Builds the RPC argument from the user's fields: names are matched case-insensitively (as Go's
 * decoder does) and rewritten to the struct's spelling; a name the struct does not have is refused
 * here, where cgr-console would silently drop it.
 */
export function consoleCommandArg(
  cmd: ConsoleCommand,
  given: Readonly<Record<string, unknown>>,
  nowIso: string,
): Record<string, unknown> {
  const canonical = new Map(cmd.fields.map((f) => [f.name.toLowerCase(), f.name]));
  const arg = new Map<string, unknown>();
  for (const [key, value] of Object.entries(given)) {
    const name = canonical.get(key.toLowerCase());
    if (name === undefined) {
      throw new UsageError(
        `${cmd.name}: unknown field ${key} (fields: ${cmd.fields.map((f) => f.name).join(', ')})`,
      );
    }
    if (arg.has(name)) throw new UsageError(`${cmd.name}: ${name} given twice`);
    arg.set(name, value);
  }
  if (cmd.stampTime && !arg.has('Time')) arg.set('Time', nowIso);
  return Object.fromEntries(arg);
}

/** `statqueue <console command> [Key=value ...]`; returns the exit code. */
export async function runConsoleCommand(cmd: ConsoleCommand, argv: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { help: { type: 'boolean', short: 'h' }, ...RPC_TARGET_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(consoleCommandHelp(cmd));
    return ExitCode.OK;
  }
  const target = rpcTargetFrom(values);
  let given: Record<string, unknown>;
  try {
    // cgr-console joins its arguments with spaces before parsing, so both `'ID="a" Tenant="b"'`
    // and `'ID="a"' 'Tenant="b"'` work.
    given = parseConsoleArgs(positionals.join(' '));
  } catch (err) {
    if (err instanceof ConsoleArgsError) throw new UsageError(`${cmd.name}: ${err.message}`);
    throw err;
  }
  const arg = consoleCommandArg(cmd, given, new Date().toISOString());
  return runRpcCall(target, cmd.method, arg);
}
