import { MINUTE_MS, TPS_METRIC_ID, type MinutePoint } from './minute-point';
import type { QueueSample, SeriesSource } from './series-source';

/** Value StatS reports for a metric that has no value yet (N/A); never sampled. */
const NA_VALUE = -1;

interface MetricAcc {
  readonly id: string;
  sum: number;
  count: number;
  /** Minute in which the queue last listed this metric (N/A included). */
  listedMinuteMs: number;
}

/**
 * Everything the rollup keeps about one queue. All float metrics of a queue are sampled at the same
 * instants, so they share one open minute; the per-metric part is a small Map keyed by the
 * engine's metric ID strings. Sampling visits every queue synchronously, so its constant factor is
 * event-loop latency: lookups go tenant → queue → metric through the engine's own (long-lived)
 * ID strings, whose hashes V8 caches, instead of building a composite key per queue or metric.
 */
interface QueueState {
  readonly tenant: string;
  readonly queueID: string;
  /** Minute the accumulators in `metrics` belong to; NaN when none is open. */
  valueMinuteMs: number;
  readonly metrics: Map<string, MetricAcc>;
  /**
   * The accumulators in the order the queue's metrics were last visited: a queue lists its metrics
   * in the same order every time, so position i almost always holds metric i and the Map lookup is
   * skipped (an inline cache; a miss just falls back to the Map).
   */
  readonly slots: MetricAcc[];
  /** Last eventsProcessed seen. */
  counter: number;
  /** Sample number at which the queue was last visited. */
  seenAt: number;
  /** Minute the open event count belongs to; NaN when none is open. */
  eventMinuteMs: number;
  eventCount: number;
}

function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * Turns periodic samples of every queue into 1-minute points, the way Traffic Stats' `*_1min`
 * continuous queries turn raw polls into rollups:
 *
 * - a float metric's point is the mean of the samples taken during the minute (N/A = -1 and
 *   non-finite values are skipped; a minute with no valid sample has no point);
 * - the `*tps` point is the number of events processed during the minute divided by 60, so
 *   `value × 60` is exactly the minute's event count and totals add up. The events between two
 *   samples are credited to the minute holding the midpoint of the two sample times, which keeps a
 *   tick that fires a few ms late from shifting a whole interval into the next minute;
 * - a minute is emitted by the first sample taken after it ends (or by drain()).
 *
 * The sampler's first sample only sets counter baselines. A queue that appears later (created
 * since, or back after missing a sample) counts from 0; a counter that goes down (queue re-created)
 * restarts from its new value instead of producing a negative rate.
 */
export class MinuteRollup {
  private readonly tenants = new Map<string, Map<string, QueueState>>();
  private queueCount = 0;
  private lastSampleMs: number | undefined;
  private tick = 0;

  /** Samples every queue of `source` at `nowMs`; returns the minute points this sample completed. */
  sample(source: SeriesSource, nowMs: number): MinutePoint[] {
    const out: MinutePoint[] = [];
    const tick = ++this.tick;
    const valueMinute = minuteOf(nowMs);
    const previous = this.lastSampleMs;
    const eventMinute = previous === undefined ? Number.NaN : minuteOf((previous + nowMs) / 2);

    source.forEachQueue((q: QueueSample) => {
      let byID = this.tenants.get(q.tenant);
      if (byID === undefined) {
        byID = new Map();
        this.tenants.set(q.tenant, byID);
      }
      let st = byID.get(q.queueID);
      let fresh = false;
      if (st === undefined) {
        st = {
          tenant: q.tenant,
          queueID: q.queueID,
          valueMinuteMs: Number.NaN,
          metrics: new Map(),
          slots: [],
          counter: 0,
          seenAt: tick,
          eventMinuteMs: Number.NaN,
          eventCount: 0,
        };
        byID.set(q.queueID, st);
        this.queueCount++;
        fresh = true;
      } else if (st.seenAt !== tick - 1) {
        fresh = true;
      }
      st.seenAt = tick;

      if (st.valueMinuteMs !== valueMinute) {
        if (st.valueMinuteMs < valueMinute) this.closeValues(st, out);
        if (!(st.valueMinuteMs > valueMinute)) st.valueMinuteMs = valueMinute;
      }
      // A clock step backwards leaves valueMinuteMs ahead: those late samples are dropped rather
      // than reopening a minute that was already emitted.
      if (st.valueMinuteMs === valueMinute) {
        const { metrics, slots } = st;
        const values = q.floatMetrics;
        let i = 0;
        for (const id in values) {
          let acc = slots[i];
          if (acc === undefined || acc.id !== id) {
            let found = metrics.get(id);
            if (found === undefined) {
              found = { id, sum: 0, count: 0, listedMinuteMs: valueMinute };
              metrics.set(id, found);
            }
            slots[i] = found;
            acc = found;
          }
          i++;
          acc.listedMinuteMs = valueMinute;
          const v = values[id];
          if (v === undefined || v === NA_VALUE || !Number.isFinite(v)) continue;
          acc.sum += v;
          acc.count++;
        }
      }

      const count = q.eventsProcessed;
      if (!Number.isNaN(eventMinute)) {
        const delta = fresh ? count : count >= st.counter ? count - st.counter : count;
        if (st.eventMinuteMs !== eventMinute && !Number.isNaN(st.eventMinuteMs)) {
          if (st.eventMinuteMs < eventMinute) this.closeEvents(st, out);
        }
        if (Number.isNaN(st.eventMinuteMs)) {
          st.eventMinuteMs = eventMinute;
          st.eventCount = 0;
        }
        if (st.eventMinuteMs === eventMinute) st.eventCount += delta;
        if (st.eventMinuteMs + MINUTE_MS <= nowMs) this.closeEvents(st, out);
      }
      st.counter = count;
    });

    for (const [tenant, byID] of this.tenants) {
      for (const [queueID, st] of byID) {
        if (st.seenAt === tick) continue;
        // Gone from the engine: emit what ended, forget the queue once nothing is open.
        if (st.valueMinuteMs + MINUTE_MS <= nowMs) this.closeValues(st, out);
        if (st.eventMinuteMs + MINUTE_MS <= nowMs) this.closeEvents(st, out);
        if (Number.isNaN(st.valueMinuteMs) && Number.isNaN(st.eventMinuteMs)) {
          byID.delete(queueID);
          this.queueCount--;
        }
      }
      if (byID.size === 0) this.tenants.delete(tenant);
    }
    this.lastSampleMs = nowMs;
    return out;
  }

  /** Closes every open minute, complete or not (graceful shutdown), and forgets all queues. */
  drain(): MinutePoint[] {
    const out: MinutePoint[] = [];
    for (const byID of this.tenants.values()) {
      for (const st of byID.values()) {
        this.closeValues(st, out);
        this.closeEvents(st, out);
      }
    }
    this.tenants.clear();
    this.queueCount = 0;
    this.lastSampleMs = undefined;
    return out;
  }

  /** Number of queues tracked (a memory figure for tests and docs). */
  get trackedQueues(): number {
    return this.queueCount;
  }

  private closeValues(st: QueueState, out: MinutePoint[]): void {
    if (Number.isNaN(st.valueMinuteMs)) return;
    let dropped = false;
    for (const [metricID, acc] of st.metrics) {
      if (acc.count === 0) {
        // Not listed during the minute: the metric left the queue; drop its accumulator. (Listed but
        // N/A all minute: keep it, there is just no point.)
        if (acc.listedMinuteMs !== st.valueMinuteMs) {
          st.metrics.delete(metricID);
          dropped = true;
        }
        continue;
      }
      out.push({
        tenant: st.tenant,
        queueID: st.queueID,
        metricID,
        timeMs: st.valueMinuteMs,
        value: acc.sum / acc.count,
      });
      acc.sum = 0;
      acc.count = 0;
    }
    if (dropped) st.slots.length = 0;
    st.valueMinuteMs = Number.NaN;
  }

  private closeEvents(st: QueueState, out: MinutePoint[]): void {
    if (Number.isNaN(st.eventMinuteMs)) return;
    out.push({
      tenant: st.tenant,
      queueID: st.queueID,
      metricID: TPS_METRIC_ID,
      timeMs: st.eventMinuteMs,
      value: st.eventCount / 60,
    });
    st.eventMinuteMs = Number.NaN;
    st.eventCount = 0;
  }
}
