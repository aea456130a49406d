import type { CGREvent } from '../engine/cgr-event';
import { META_INTERNAL } from '../engine/constants';
import { InternalThresholdSink } from '../engine/internal-threshold-sink';
import type { StatUpdateSink } from '../engine/stat-service';
import type { ThresholdService } from '../engine/threshold-service';
import { CGRError } from '../util/cgr-error';
import type { Logger } from '../log';
import { JsonRpcClient } from './json-rpc-client';
import type { JsonRpcClientOptions } from './json-rpc-client';
import { RemoteThresholdSink } from './remote-threshold-sink';
import type { RpcCaller } from './remote-threshold-sink';

/** A StatUpdateSink that owns connections: close it on shutdown. */
export interface ClosableStatUpdateSink extends StatUpdateSink {
  close(): Promise<void>;
}

export interface StatUpdateSinkDeps {
  /** The in-process ThresholdS, for `*internal`; absent when ThresholdS is disabled. */
  readonly thresholds?: Pick<ThresholdService, 'processCGREvent'>;
  readonly logger: Logger;
  /** `stats.thresholds_timeout` in ms: the reply timeout of a remote call. */
  readonly callTimeoutMs: number;
  /** Builds the client of one remote address (tests inject fakes). @default a {@link JsonRpcClient} */
  readonly createClient?: (address: string) => RpcCaller & { close(): Promise<void> };
  /** Extra options of the default clients (connect timeout, backoff, pending bound). */
  readonly clientOptions?: Omit<JsonRpcClientOptions, 'address' | 'callTimeoutMs'>;
}

/**
 * Builds the StatS → ThresholdS path from `stats.thresholds_conns`: `*internal` is the in-process
 * ThresholdService (no serialisation), anything else a `host:port` reached over a persistent
 * JSON-RPC client. With several conns every StatUpdate goes to each of them (CGRateS sends to one
 * pool; here each conn is a separate ThresholdS to notify), and a failure of any of them rejects.
 * Returns undefined for an empty list (StatS then builds no StatUpdate events at all).
 * Throws CGRError for `*internal` without a ThresholdService, or a malformed address.
 */
export function createStatUpdateSink(
  conns: readonly string[],
  deps: StatUpdateSinkDeps,
): ClosableStatUpdateSink | undefined {
  const unique = [...new Set(conns)];
  if (unique.length === 0) return undefined;
  const clients: { close(): Promise<void> }[] = [];
  const sinks: StatUpdateSink[] = [];
  try {
    for (const conn of unique) {
      if (conn === META_INTERNAL) {
        if (deps.thresholds === undefined)
          throw new CGRError('stats.thresholds_conns has *internal but thresholds are disabled');
        sinks.push(new InternalThresholdSink(deps.thresholds));
        continue;
      }
      const client =
        deps.createClient?.(conn) ??
        new JsonRpcClient({
          ...deps.clientOptions,
          address: conn,
          callTimeoutMs: deps.callTimeoutMs,
          logger: deps.logger,
        });
      clients.push(client);
      sinks.push(new RemoteThresholdSink(client, deps.logger));
    }
  } catch (err) {
    for (const c of clients) void c.close();
    throw err;
  }
  const close = async (): Promise<void> => {
    await Promise.all(clients.map((c) => c.close()));
  };
  const only = sinks[0] as StatUpdateSink;
  if (sinks.length === 1) return { send: (ev) => only.send(ev), close };
  return { send: (ev) => fanOut(sinks, ev), close };
}

/** Sends to every sink even when one throws; fails after all of them had their turn. */
function fanOut(sinks: readonly StatUpdateSink[], ev: CGREvent): void | Promise<void> {
  let syncError: unknown;
  let failed = false;
  let pending: Promise<void>[] | undefined;
  for (const sink of sinks) {
    try {
      const out = sink.send(ev);
      if (out !== undefined) (pending ??= []).push(out);
    } catch (err) {
      if (!failed) syncError = err;
      failed = true;
    }
  }
  if (pending === undefined) {
    if (failed) throw syncError;
    return undefined;
  }
  return Promise.allSettled(pending).then((results) => {
    if (failed) throw syncError;
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  });
}
