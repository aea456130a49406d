/**
 * Wire: StatSv1.ProcessEvent throughput over TCP (pipelined) and HTTP (keep-alive, one request
 * per connection at a time) against the same load on a minimal JSON-RPC echo server: the share of
 * the protocol's own limit that StatQueue keeps (DESIGN §6.1).
 */
import { BenchChild } from './bench-child';
import type { BenchParams } from './bench-params';
import type { EngineSession, EngineSetup } from './engine-session';
import type { LoadOptions } from './load-generator';
import { runLoad } from './run-load';
import type { LoadSummary } from './run-load';
import { ratio } from './sample-stats';

export interface WirePair {
  readonly echoRps: number;
  readonly statqueueRps: number;
  /** statqueueRps / echoRps. */
  readonly ratio: number | null;
  readonly echo: LoadSummary;
  readonly statqueue: LoadSummary;
}

export interface WireResult {
  readonly setup: EngineSetup;
  readonly tcp: WirePair;
  readonly http: WirePair;
  /** Queue fill after the runs: still full, so every measured event evicted one item per queue. */
  readonly queuesFullAfter: boolean;
}

const ECHO_LIFETIME_MS = 10 * 60_000;

function loadOptions(p: BenchParams, transport: 'tcp' | 'http', port: number, runTag: string): LoadOptions {
  return {
    mode: 'closed',
    transport,
    port,
    httpPath: '/jsonrpc',
    connections: transport === 'tcp' ? p.wire.tcpConnections : p.wire.httpConnections,
    window: transport === 'tcp' ? p.wire.tcpWindow : 1,
    warmupMs: p.wire.warmupMs,
    durationMs: p.wire.durationMs,
    rate: 0,
    count: 0,
    profiles: p.profiles,
    runTag,
  };
}

function pair(echo: LoadSummary, statqueue: LoadSummary): WirePair {
  return {
    echoRps: echo.rps,
    statqueueRps: statqueue.rps,
    ratio: ratio(statqueue.rps, echo.rps),
    echo,
    statqueue,
  };
}

/** Runs the echo server's side of the comparison in its own child process. */
export async function measureEcho(p: BenchParams): Promise<{ tcp: LoadSummary; http: LoadSummary }> {
  const { child, ready } = await BenchChild.start('echo-server', {}, { lifetimeMs: ECHO_LIFETIME_MS });
  try {
    const tcp = await runLoad(loadOptions(p, 'tcp', Number(ready['tcpPort']), 'et'), child);
    const http = await runLoad(loadOptions(p, 'http', Number(ready['httpPort']), 'eh'), child);
    return { tcp, http };
  } finally {
    await child.stop();
  }
}

/** Runs the same loads against a prepared StatQueue and pairs them with the echo figures. */
export async function measureWire(
  p: BenchParams,
  engine: EngineSession,
  echo: { tcp: LoadSummary; http: LoadSummary },
): Promise<WireResult> {
  const tcp = await runLoad(loadOptions(p, 'tcp', engine.tcpPort, 'wt'), engine.child);
  const http = await runLoad(loadOptions(p, 'http', engine.httpPort, 'wh'), engine.child);
  const after = await engine.queueStats();
  return {
    setup: engine.setup,
    tcp: pair(echo.tcp, tcp),
    http: pair(echo.http, http),
    queuesFullAfter:
      after.minItems === engine.shape.queueLength && after.maxItems === engine.shape.queueLength,
  };
}
