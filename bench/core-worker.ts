/**
 * In-process measurements, each in a fresh child process so one run's heap and JIT state never
 * leak into the next: `core` (processEvent vs JSON.parse), `throughput` (the scale points) and
 * `memory` (bytes per queued item; needs --expose-gc).
 */
import { performance } from 'node:perf_hooks';
import { childArg, monotonicUs, runChild, toParent, toParentFlushed } from './bench-child';
import { InProcessEngine, checkDeadline } from './in-process-engine';
import { median } from './sample-stats';
import type { WorkloadShape } from './workload';

export interface CoreTask {
  readonly task: 'core' | 'throughput' | 'memory';
  readonly shape: WorkloadShape;
  /** Distinct pre-parsed events cycled through by the timed loops. */
  readonly poolSize: number;
  /** Timed rounds (one warm-up round more is run and dropped). */
  readonly rounds: number;
  /** Also time StatService.queuesForEvent; off when profiling processEvent alone. */
  readonly measureMatch: boolean;
  readonly budgetMs: number;
}

export interface CoreTaskResult {
  readonly profiles: number;
  readonly queueLength: number;
  readonly setupMs: number;
  readonly prefillEvents: number;
  readonly prefillMs: number;
  readonly queues: number;
  readonly items: number;
  readonly queuesFull: boolean;
  /** Median ns per StatService.processEvent on a pre-parsed event. */
  readonly processEventNs: number | null;
  /** Median ns per JSON.parse of the same event's request text. */
  readonly jsonParseNs: number | null;
  /** Median ns per StatService.queuesForEvent (matching alone: the index and the filters). */
  readonly matchNs: number | null;
  readonly requestBytes: number | null;
  readonly heapBeforeBytes: number | null;
  readonly heapAfterBytes: number | null;
  readonly bytesPerItem: number | null;
  /** The timed rounds on the monotonic clock CPU profiles use (µs), to cut a profile to them. */
  readonly timedFromUs: number;
  readonly timedToUs: number;
}

interface ParsedRequest {
  readonly id: number;
  readonly params: Record<string, unknown>[];
}

function gcTwice(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory task needs node --expose-gc');
  // Twice: the first pass may leave work for weak references and finalizers.
  gc();
  gc();
}

function runCore(t: CoreTask): CoreTaskResult {
  const deadline = Date.now() + t.budgetMs;
  const engine = new InProcessEngine(t.shape);
  const t0 = performance.now();
  engine.loadProfiles(deadline);
  const setupMs = performance.now() - t0;
  const t1 = performance.now();
  const prefill = engine.prefill('pf', deadline);
  const prefillMs = performance.now() - t1;
  const fill = engine.queueFill();

  // The timed events continue the stream after the pre-fill, so they spread over every profile.
  const texts: string[] = [];
  const args: Record<string, unknown>[] = [];
  for (let k = 0; k < t.poolSize; k++) {
    const text = engine.factory.requestJson(prefill + k, `pool${k}`, k);
    texts.push(text);
    args.push((JSON.parse(text) as ParsedRequest).params[0] as Record<string, unknown>);
  }
  const stats = engine.stats;
  const parseNs: number[] = [];
  const processNs: number[] = [];
  const matchNs: number[] = [];
  let sink = 0;
  const measureParse = t.task === 'core';
  let timedFromUs = 0;
  for (let r = 0; r <= t.rounds; r++) {
    checkDeadline(deadline, 'timing rounds');
    // Fresh IDs every round: a repeated ID would take CGRateS' compress-factor path instead.
    const ids = Array.from({ length: t.poolSize }, (_, k) => `r${r}e${k}`);
    if (r === 1) timedFromUs = monotonicUs();
    if (measureParse) {
      const a = performance.now();
      for (let k = 0; k < t.poolSize; k++) sink += (JSON.parse(texts[k] as string) as ParsedRequest).id;
      if (r > 0) parseNs.push(((performance.now() - a) * 1e6) / t.poolSize);
    }
    const b = performance.now();
    for (let k = 0; k < t.poolSize; k++) {
      const arg = args[k] as Record<string, unknown>;
      arg['ID'] = ids[k];
      sink += (stats.processEvent(arg) as string[]).length;
    }
    if (r > 0) processNs.push(((performance.now() - b) * 1e6) / t.poolSize);
    if (t.measureMatch) {
      const c = performance.now();
      for (let k = 0; k < t.poolSize; k++) sink += stats.queuesForEvent(args[k]).length;
      if (r > 0) matchNs.push(((performance.now() - c) * 1e6) / t.poolSize);
    }
  }
  const timedToUs = monotonicUs();
  if (sink === 0) throw new Error('no event matched: the workload is broken');
  const after = engine.queueFill();
  return {
    profiles: t.shape.profiles,
    queueLength: t.shape.queueLength,
    setupMs,
    prefillEvents: prefill,
    prefillMs,
    queues: fill.queues,
    items: fill.items,
    queuesFull: fill.minItems === t.shape.queueLength && after.minItems === t.shape.queueLength,
    processEventNs: median(processNs),
    jsonParseNs: measureParse ? median(parseNs) : null,
    matchNs: t.measureMatch ? median(matchNs) : null,
    requestBytes: measureParse ? (texts[0] as string).length : null,
    heapBeforeBytes: null,
    heapAfterBytes: null,
    bytesPerItem: null,
    timedFromUs,
    timedToUs,
  };
}

/**
 * Heap plus ArrayBuffer backing stores: the metrics' typed columns live outside the JS heap, so
 * heapUsed alone would miss most of their cost.
 */
function retainedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function runMemory(t: CoreTask): CoreTaskResult {
  const deadline = Date.now() + t.budgetMs;
  const engine = new InProcessEngine(t.shape);
  const t0 = performance.now();
  engine.loadProfiles(deadline);
  const setupMs = performance.now() - t0;
  gcTwice();
  const before = retainedBytes();
  const t1 = performance.now();
  const prefill = engine.prefill('m', deadline);
  const prefillMs = performance.now() - t1;
  gcTwice();
  const after = retainedBytes();
  const fill = engine.queueFill();
  return {
    profiles: t.shape.profiles,
    queueLength: t.shape.queueLength,
    setupMs,
    prefillEvents: prefill,
    prefillMs,
    queues: fill.queues,
    items: fill.items,
    queuesFull: fill.minItems === t.shape.queueLength,
    processEventNs: null,
    jsonParseNs: null,
    matchNs: null,
    requestBytes: null,
    heapBeforeBytes: before,
    heapAfterBytes: after,
    bytesPerItem: fill.items > 0 ? (after - before) / fill.items : null,
    timedFromUs: 0,
    timedToUs: 0,
  };
}

runChild(async () => {
  const t = childArg<CoreTask>();
  toParent({ type: 'ready' });
  const result = t.task === 'memory' ? runMemory(t) : runCore(t);
  await toParentFlushed({ type: 'result', result });
  process.exit(0);
});
