/** `statqueue --help`: every command, the console commands with the RPC method each calls. */
import { CONSOLE_COMMANDS } from './console-commands';
import { DEFAULT_RPC_ADDRESS, DEFAULT_TIMEOUT } from './rpc-target';

export function mainUsage(): string {
  const width = Math.max(...CONSOLE_COMMANDS.map((c) => c.name.length));
  const consoleRows = CONSOLE_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.method}`);
  return `usage: statqueue [--rpc HOST:PORT] [--timeout DURATION] <command> [arguments]

commands:
  serve [--config FILE]          run the engine
  load --folder DIR [...]        read a CGRateS tariff-plan folder here and apply it to an engine over RPC
  call METHOD ['<json>' | -]     call any JSON-RPC method with a raw JSON argument

cgr-console commands (arguments as Key=value with JSON values, e.g. 'ID="Stats1" QueueLength=100'):
${consoleRows.join('\n')}

global options (also accepted after the command):
  --rpc HOST:PORT      the engine's JSON-RPC TCP listener (default ${DEFAULT_RPC_ADDRESS})
  --timeout DURATION   how long to wait for a reply (default ${DEFAULT_TIMEOUT})

Replies are printed as indented JSON; errors go to stderr with exit code 1 (2 for a wrong command
line). 'statqueue <command> --help' shows a command's arguments.
`;
}
