/**
 * The engine side of the metric history: the engine implements SeriesSource and the sampler and
 * the Prometheus collector read every queue through it. Nothing in src/series reaches into the
 * engine otherwise.
 */

/** One queue as the sampler sees it at one instant. */
export interface QueueSample {
  readonly tenant: string;
  readonly queueID: string;
  readonly floatMetrics: Readonly<Record<string, number>>;
  /** monotonically increasing count of events processed by the queue since start */
  readonly eventsProcessed: number;
}

/** Implemented by the engine: visits every live queue synchronously (no awaits, no copies). */
export interface SeriesSource {
  forEachQueue(visit: (q: QueueSample) => void): void;
}
