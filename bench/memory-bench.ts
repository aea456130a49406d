/**
 * Memory: heap bytes per queued item (DESIGN §6.4), measured after forced GCs in a child run with
 * --expose-gc: (heap with every queue full - heap with the same queues empty) / items. Run twice:
 * with 6 metrics per queue, and with none, which isolates what the FIFO and the event IDs cost
 * from what the metrics add.
 */
import type { BenchParams } from './bench-params';
import { runCoreTask } from './run-core-task';
import { round3 } from './sample-stats';

export interface MemoryResult {
  readonly queues: number;
  readonly itemsPerQueue: number;
  readonly metricsPerQueue: number;
  readonly items: number;
  readonly queuesFull: boolean;
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
  readonly bytesPerItem: number;
  /** Same queues with no metrics: the FIFO slots plus the event ID strings. */
  readonly fifoOnlyBytesPerItem: number;
  /** bytesPerItem - fifoOnlyBytesPerItem: what the 6 metrics keep per item. */
  readonly metricsBytesPerItem: number;
}

async function heapPerItem(
  p: BenchParams,
  metrics: number,
): Promise<{
  items: number;
  full: boolean;
  before: number;
  after: number;
  perItem: number;
}> {
  const r = await runCoreTask(
    {
      task: 'memory',
      // One profile per queue; the workload pairs them, so queues = profiles.
      shape: { profiles: p.memory.queues, queueLength: p.memory.itemsPerQueue, stored: false, metrics },
      poolSize: 0,
      rounds: 0,
      measureMatch: false,
      budgetMs: p.memory.budgetMs,
    },
    ['--expose-gc'],
  );
  return {
    items: r.items,
    full: r.queuesFull,
    before: r.heapBeforeBytes ?? Number.NaN,
    after: r.heapAfterBytes ?? Number.NaN,
    perItem: r.bytesPerItem ?? Number.NaN,
  };
}

export async function measureMemory(p: BenchParams): Promise<MemoryResult> {
  const six = await heapPerItem(p, p.metricsPerQueue);
  const none = await heapPerItem(p, 0);
  return {
    queues: p.memory.queues,
    itemsPerQueue: p.memory.itemsPerQueue,
    metricsPerQueue: p.metricsPerQueue,
    items: six.items,
    queuesFull: six.full && none.full,
    heapBeforeBytes: six.before,
    heapAfterBytes: six.after,
    bytesPerItem: round3(six.perItem),
    fifoOnlyBytesPerItem: round3(none.perItem),
    metricsBytesPerItem: round3(six.perItem - none.perItem),
  };
}
