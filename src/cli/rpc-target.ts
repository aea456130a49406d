/**
 * The engine a CLI command talks to (`--rpc HOST:PORT`, `--timeout DURATION`) and the one-call
 * round trip the console commands share: call, print the reply as indented JSON, map failures to
 * an exit code.
 */
import { JsonRpcClient, RpcTransportError, parseHostPort } from '../rpc/json-rpc-client';
import { parseGoDuration } from '../util/go-duration';
import { ExitCode, UsageError } from './usage-error';

/** cgr-console's default `-server`: the engine's default `listen.rpc_json`. */
export const DEFAULT_RPC_ADDRESS = '127.0.0.1:2012';
/** Generous, because load_tp_from_folder of a big folder answers only when the load is done. */
export const DEFAULT_TIMEOUT = '30s';
const NS_PER_MS = 1e6;

/** The `parseArgs` options every command that talks to an engine accepts. */
export const RPC_TARGET_OPTIONS = {
  rpc: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Where and how patiently to call. */
export interface RpcTarget {
  /** `host:port` of the engine's JSON-RPC TCP listener. */
  readonly address: string;
  /** Per-call reply timeout, also used as the connect timeout. */
  readonly timeoutMs: number;
  /** True when the user gave `--rpc` (a dry-run load only asks an engine it was pointed at). */
  readonly explicit: boolean;
}

/** Validates `--rpc` and `--timeout`; throws UsageError naming the option. */
export function rpcTargetFrom(values: {
  readonly rpc?: string | undefined;
  readonly timeout?: string | undefined;
}): RpcTarget {
  const address = values.rpc ?? DEFAULT_RPC_ADDRESS;
  try {
    parseHostPort(address);
  } catch (err) {
    throw new UsageError(`--rpc: ${(err as Error).message}`);
  }
  const timeout = values.timeout ?? DEFAULT_TIMEOUT;
  let timeoutNs: number;
  try {
    timeoutNs = parseGoDuration(timeout);
  } catch (err) {
    throw new UsageError(`--timeout: ${(err as Error).message} (use a duration such as 5s or 500ms)`);
  }
  if (!(timeoutNs > 0)) throw new UsageError(`--timeout: must be positive, got ${timeout}`);
  return {
    address,
    timeoutMs: Math.max(1, Math.round(timeoutNs / NS_PER_MS)),
    explicit: values.rpc !== undefined,
  };
}

/** Options of {@link openRpcClient}. */
export interface OpenRpcClientOptions {
  /** Calls that may wait for replies at once (the load command's window). */
  readonly maxPending?: number;
}

/** A pipelined JSON-RPC client to `target`; the caller closes it. */
export function openRpcClient(target: RpcTarget, opts: OpenRpcClientOptions = {}): JsonRpcClient {
  return new JsonRpcClient({
    address: target.address,
    callTimeoutMs: target.timeoutMs,
    connectTimeoutMs: target.timeoutMs,
    ...(opts.maxPending === undefined ? {} : { maxPending: opts.maxPending }),
  });
}

/**
 * The text to show for a failed call: the engine's error string exactly as it sent it (so scripts
 * can compare it with CGRateS' texts), or the transport failure with its cause.
 */
export function describeRpcError(err: unknown): string {
  if (err instanceof RpcTransportError) return `${err.message}: ${err.detail}`;
  return err instanceof Error ? err.message : String(err);
}

/** Writes `value` as JSON indented by two spaces, plus a newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value ?? null, null, 2)}\n`);
}

/**
 * Calls `method` with `arg` as `params[0]` on `target`, prints the result (stdout) or the error
 * string (stderr), and returns the exit code.
 */
export async function runRpcCall(target: RpcTarget, method: string, arg: unknown): Promise<ExitCode> {
  const client = openRpcClient(target);
  try {
    printJson(await client.call(method, arg));
    return ExitCode.OK;
  } catch (err) {
    process.stderr.write(`${describeRpcError(err)}\n`);
    return ExitCode.FAILED;
  } finally {
    await client.close();
  }
}
