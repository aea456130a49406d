/**
 * Scale: in-process processEvent throughput with few and with many loaded profiles, the per-event
 * work held constant (2 matching queues of 6 metrics, full queues), so only the profile count
 * varies (DESIGN §6.3). Each point runs in its own process.
 */
import type { BenchParams } from './bench-params';
import { runCoreTask } from './run-core-task';
import { ratio, round3 } from './sample-stats';

export interface ScalePoint {
  readonly profiles: number;
  readonly processEventNs: number;
  /** Matching alone: flat across profile counts when the index does its job. */
  readonly matchNs: number;
  readonly eventsPerSec: number;
  readonly queuesFull: boolean;
  readonly setupMs: number;
  readonly prefillMs: number;
}

export interface ScaleResult {
  readonly queueLength: number;
  readonly metricsPerQueue: number;
  readonly small: ScalePoint;
  readonly large: ScalePoint;
  /** large.eventsPerSec / small.eventsPerSec. */
  readonly ratio: number | null;
}

async function point(p: BenchParams, profiles: number): Promise<ScalePoint> {
  const r = await runCoreTask({
    task: 'throughput',
    shape: { profiles, queueLength: p.scale.queueLength, stored: false, metrics: p.metricsPerQueue },
    poolSize: p.scale.poolSize,
    rounds: p.scale.rounds,
    measureMatch: true,
    budgetMs: p.scale.budgetMs,
  });
  const ns = r.processEventNs ?? Number.NaN;
  return {
    profiles,
    processEventNs: round3(ns),
    matchNs: round3(r.matchNs ?? Number.NaN),
    eventsPerSec: Math.round(1e9 / ns),
    queuesFull: r.queuesFull,
    setupMs: Math.round(r.setupMs),
    prefillMs: Math.round(r.prefillMs),
  };
}

export async function measureScale(p: BenchParams): Promise<ScaleResult> {
  const small = await point(p, p.scale.smallProfiles);
  const large = await point(p, p.scale.largeProfiles);
  return {
    queueLength: p.scale.queueLength,
    metricsPerQueue: p.metricsPerQueue,
    small,
    large,
    ratio: ratio(large.eventsPerSec, small.eventsPerSec),
  };
}
