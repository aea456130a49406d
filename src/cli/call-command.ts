/**
 * `statqueue call METHOD ['<json>' | -]`: any JSON-RPC method with a raw JSON argument, for the
 * methods that have no console command (StatSv1.GetQueueFloatMetrics, CoreSv1.Status...).
 */
import { parseArgs } from 'node:util';
import { RPC_TARGET_OPTIONS, rpcTargetFrom, runRpcCall } from './rpc-target';
import { ExitCode, UsageError } from './usage-error';

export const CALL_USAGE = `usage: statqueue call METHOD ['<json>' | -] [--rpc HOST:PORT] [--timeout DURATION]

Calls METHOD (Service.Method) with the JSON value as params[0] ({} when omitted; - reads it from
stdin) and prints the result as indented JSON. Errors go to stderr with exit code 1.

  statqueue call StatSv1.GetQueueFloatMetrics '{"Tenant":"cgrates.org","ID":"Stats1"}'
  echo '{"ID":"Stats1"}' | statqueue call StatSv1.GetStatQueue -
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonArg(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`call: the argument ${source} is not JSON: ${(err as Error).message}`);
  }
}

/** Runs `statqueue call ...`; returns the exit code. */
export async function runCallCommand(argv: readonly string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { help: { type: 'boolean', short: 'h' }, ...RPC_TARGET_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(CALL_USAGE);
    return ExitCode.OK;
  }
  const [method, json, ...extra] = positionals;
  if (method === undefined) throw new UsageError('call: missing METHOD');
  if (extra.length > 0)
    throw new UsageError(`call: one JSON argument expected, got ${positionals.length - 1}`);
  const target = rpcTargetFrom(values);
  let arg: unknown = {};
  if (json === '-') arg = parseJsonArg(await readStdin(), 'on stdin');
  else if (json !== undefined) arg = parseJsonArg(json, json);
  return runRpcCall(target, method, arg);
}
