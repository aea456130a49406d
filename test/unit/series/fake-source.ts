import type { QueueSample, SeriesSource } from '../../../src/series/series-source';

interface MutableQueue {
  tenant: string;
  queueID: string;
  floatMetrics: Record<string, number>;
  eventsProcessed: number;
}

/** A SeriesSource over queues the test edits directly. */
export class FakeSource implements SeriesSource {
  readonly queues: MutableQueue[] = [];

  add(
    tenant: string,
    queueID: string,
    floatMetrics: Record<string, number> = {},
    eventsProcessed = 0,
  ): MutableQueue {
    const q = { tenant, queueID, floatMetrics, eventsProcessed };
    this.queues.push(q);
    return q;
  }

  remove(tenant: string, queueID: string): void {
    const i = this.queues.findIndex((q) => q.tenant === tenant && q.queueID === queueID);
    if (i >= 0) this.queues.splice(i, 1);
  }

  forEachQueue(visit: (q: QueueSample) => void): void {
    for (const q of this.queues) visit(q);
  }
}
