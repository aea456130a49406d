/**
 * A model of the queue + metric state, in two layouts, to price the metric layout alone (no
 * matching, no field reads, no JSON): the current one, where each of the 6 metrics of a queue
 * keeps a Map from event ID to its contribution, and the proposed one, where the queue owns one
 * ID → slot index over a ring and each metric is a numeric column indexed by slot. The access
 * pattern is the bench's: full queues, each event evicts and adds one item in 2 queues.
 *
 * This is bench code, not engine code: it exists so that the expected gain of the proposed layout
 * is a measurement and not a guess.
 */
import { PerformanceObserver, constants as perfConstants, performance } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';

export interface LayoutFigures {
  readonly queues: number;
  readonly itemsPerQueue: number;
  readonly metrics: number;
  /** ns per event (2 queues updated) with a Map per metric. */
  readonly mapPerMetricNs: number;
  /** ns per event with a queue-owned slot index and numeric columns. */
  readonly slotColumnsNs: number;
  /** Heap bytes per item (needs --expose-gc; NaN without it). */
  readonly mapPerMetricBytesPerItem: number;
  readonly slotColumnsBytesPerItem: number;
  /** Minor GC (scavenge) pauses during the timed events: what the layout costs the tail latency. */
  readonly mapPerMetricScavenges: ScavengeFigures;
  readonly slotColumnsScavenges: ScavengeFigures;
}

export interface ScavengeFigures {
  readonly count: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** Scavenge time per 1,000 events. */
  readonly msPer1kEvents: number;
}

/** One queue's state in either layout. */
interface QueueModel {
  add(id: string, values: Float64Array): void;
}

/** Today's shape: FIFO of IDs, and per metric a Map ID → value plus a running sum. */
class MapPerMetricQueue implements QueueModel {
  private ids: string[] = [];
  private head = 0;
  private readonly stats: Map<string, number>[];
  private readonly factors: Map<string, number>[];
  private readonly sums: Float64Array;
  private readonly capacity: number;

  constructor(capacity: number, metrics: number) {
    this.capacity = capacity;
    this.stats = Array.from({ length: metrics }, () => new Map<string, number>());
    this.factors = Array.from({ length: metrics }, () => new Map<string, number>());
    this.sums = new Float64Array(metrics);
  }

  add(id: string, values: Float64Array): void {
    if (this.ids.length - this.head === this.capacity) {
      const old = this.ids[this.head++] as string;
      if (this.head >= 1024 && this.head * 2 >= this.ids.length) {
        this.ids = this.ids.slice(this.head);
        this.head = 0;
      }
      for (let m = 0; m < this.stats.length; m++) {
        const stats = this.stats[m] as Map<string, number>;
        const stat = stats.get(old);
        if (stat === undefined) continue;
        (this.factors[m] as Map<string, number>).get(old);
        this.sums[m] = (this.sums[m] as number) - stat;
        stats.delete(old);
      }
    }
    this.ids.push(id);
    for (let m = 0; m < this.stats.length; m++) {
      const stats = this.stats[m] as Map<string, number>;
      const x = values[m] as number;
      if (stats.get(id) === undefined) stats.set(id, x);
      this.sums[m] = (this.sums[m] as number) + x;
    }
  }
}

/** The proposal: a ring of slots, one ID → slot Map per queue, one Float64Array for all metrics. */
class SlotColumnsQueue implements QueueModel {
  private readonly ids: (string | undefined)[];
  private readonly slotOf = new Map<string, number>();
  private readonly cols: Float64Array;
  private readonly sums: Float64Array;
  private readonly metrics: number;
  private readonly capacity: number;
  private head = 0;
  private size = 0;

  constructor(capacity: number, metrics: number) {
    this.capacity = capacity;
    this.metrics = metrics;
    this.ids = new Array<string | undefined>(capacity).fill(undefined);
    this.cols = new Float64Array(capacity * metrics);
    this.sums = new Float64Array(metrics);
  }

  add(id: string, values: Float64Array): void {
    const k = this.metrics;
    if (this.size === this.capacity) {
      const slot = this.head;
      this.slotOf.delete(this.ids[slot] as string);
      for (let m = 0; m < k; m++)
        this.sums[m] = (this.sums[m] as number) - (this.cols[slot * k + m] as number);
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    // A repeated ID would fold into its slot (compress factor); the bench's IDs are all new.
    if (this.slotOf.get(id) !== undefined) return;
    const slot = (this.head + this.size) % this.capacity;
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    for (let m = 0; m < k; m++) {
      const x = values[m] as number;
      this.cols[slot * k + m] = x;
      this.sums[m] = (this.sums[m] as number) + x;
    }
    this.size++;
  }
}

/** Heap plus ArrayBuffer backing stores: typed columns live outside the JS heap. */
function retainedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function gc(): boolean {
  const f = (globalThis as { gc?: () => void }).gc;
  if (f === undefined) return false;
  f();
  f();
  return true;
}

const GC_ENTRY_DELIVERY_MS = 200;

interface Run {
  readonly ns: number;
  readonly bytesPerItem: number;
  readonly scavenges: ScavengeFigures;
}

/** Scavenge pauses seen while `work` runs (entries arrive asynchronously, hence the extra turn). */
async function scavengesDuring(
  work: () => number,
  events: number,
): Promise<{ ns: number; scavenges: ScavengeFigures }> {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) pauses.push(e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const ns = work();
  // GC entries reach observers a few event-loop turns later; give them time to arrive.
  await new Promise((resolve) => setTimeout(resolve, GC_ENTRY_DELIVERY_MS));
  observer.disconnect();
  const total = pauses.reduce((a, b) => a + b, 0);
  return {
    ns,
    scavenges: {
      count: pauses.length,
      meanMs: pauses.length === 0 ? 0 : total / pauses.length,
      maxMs: pauses.reduce((a, b) => Math.max(a, b), 0),
      msPer1kEvents: (total * 1000) / events,
    },
  };
}

async function measure(
  make: () => QueueModel,
  queues: number,
  items: number,
  metrics: number,
  events: number,
): Promise<Run> {
  const values = new Float64Array(metrics).map((_, m) => 1 + m * 0.5);
  const hasGc = gc();
  const before = retainedBytes();
  const qs = Array.from({ length: queues }, make);
  // Fill: queue pair (a, b) per event, as the workload's accounts and prefixes spread them.
  const half = queues >> 1;
  const fill = half * items;
  for (let seq = 0; seq < fill; seq++) {
    const id = `f${seq}`;
    (qs[seq % half] as QueueModel).add(id, values);
    (qs[half + ((seq + Math.floor(seq / half)) % half)] as QueueModel).add(id, values);
  }
  gc();
  const bytesPerItem = hasGc ? (retainedBytes() - before) / (queues * items) : Number.NaN;
  const ids = Array.from({ length: events }, (_, k) => `t${k}`);
  const timed = await scavengesDuring(() => {
    const t0 = performance.now();
    for (let k = 0; k < events; k++) {
      const seq = fill + k;
      const id = ids[k] as string;
      (qs[seq % half] as QueueModel).add(id, values);
      (qs[half + ((seq + Math.floor(seq / half)) % half)] as QueueModel).add(id, values);
    }
    return ((performance.now() - t0) * 1e6) / events;
  }, events);
  return { ns: timed.ns, bytesPerItem, scavenges: timed.scavenges };
}

/** Prices both layouts on the same access pattern; run with --expose-gc for the byte figures. */
export async function measureMetricLayout(
  queues: number,
  items: number,
  metrics: number,
  events: number,
): Promise<LayoutFigures> {
  // Alternate and keep the better of two runs each, so JIT warm-up and one noisy moment count less.
  const a1 = await measure(() => new MapPerMetricQueue(items, metrics), queues, items, metrics, events);
  const b1 = await measure(() => new SlotColumnsQueue(items, metrics), queues, items, metrics, events);
  const a2 = await measure(() => new MapPerMetricQueue(items, metrics), queues, items, metrics, events);
  const b2 = await measure(() => new SlotColumnsQueue(items, metrics), queues, items, metrics, events);
  return {
    queues,
    itemsPerQueue: items,
    metrics,
    mapPerMetricNs: Math.min(a1.ns, a2.ns),
    slotColumnsNs: Math.min(b1.ns, b2.ns),
    mapPerMetricBytesPerItem: a2.bytesPerItem,
    slotColumnsBytesPerItem: b2.bytesPerItem,
    mapPerMetricScavenges: a2.scavenges,
    slotColumnsScavenges: b2.scavenges,
  };
}
