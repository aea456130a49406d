/**
 * Core: ns per StatService.processEvent on an already-parsed event against ns per JSON.parse of
 * that event's request, in one process and the same run (DESIGN §6.2). The timed events hit full
 * queues, so each one adds and evicts an item in 2 queues of 6 metrics.
 */
import type { BenchParams } from './bench-params';
import { runCoreTask } from './run-core-task';
import { ratio, round3 } from './sample-stats';

export interface CoreResult {
  readonly profiles: number;
  readonly queueLength: number;
  readonly metricsPerQueue: number;
  readonly poolSize: number;
  readonly rounds: number;
  readonly requestBytes: number;
  readonly queuesFull: boolean;
  readonly processEventNs: number;
  readonly jsonParseNs: number;
  /** processEventNs / jsonParseNs. */
  readonly ratio: number | null;
  /** Matching alone (index candidates, filters, sort): StatService.queuesForEvent. */
  readonly matchNs: number;
  readonly eventsPerSec: number;
  readonly setupMs: number;
  readonly prefillMs: number;
}

export async function measureCore(p: BenchParams, execArgv: readonly string[] = []): Promise<CoreResult> {
  const r = await runCoreTask(
    {
      task: 'core',
      shape: { profiles: p.profiles, queueLength: p.queueLength, stored: false, metrics: p.metricsPerQueue },
      poolSize: p.core.poolSize,
      rounds: p.core.rounds,
      measureMatch: true,
      budgetMs: p.core.budgetMs,
    },
    execArgv,
  );
  const processNs = r.processEventNs ?? Number.NaN;
  const parseNs = r.jsonParseNs ?? Number.NaN;
  return {
    profiles: r.profiles,
    queueLength: r.queueLength,
    metricsPerQueue: p.metricsPerQueue,
    poolSize: p.core.poolSize,
    rounds: p.core.rounds,
    requestBytes: r.requestBytes ?? 0,
    queuesFull: r.queuesFull,
    processEventNs: round3(processNs),
    jsonParseNs: round3(parseNs),
    ratio: ratio(processNs, parseNs),
    matchNs: round3(r.matchNs ?? Number.NaN),
    eventsPerSec: Math.round(1e9 / processNs),
    setupMs: Math.round(r.setupMs),
    prefillMs: Math.round(r.prefillMs),
  };
}
