import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { HttpRoute } from './http-route';
import { QueueMetricGauge } from './queue-metric-gauge';
import { RpcDurationHistogram } from './rpc-duration-histogram';
import type { SeriesSource } from './series-source';

/** Path the engine mounts the exposition route on. */
export const METRICS_PATH = '/metrics';

/** Bucket bounds of the RPC duration histogram, seconds: sub-millisecond resolution for a 2 ms p99 target. */
export const RPC_DURATION_BUCKETS_S = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

/** Distinct `method` label values kept; beyond it new methods share one label to bound cardinality. */
export const MAX_METHOD_LABELS = 256;
/** The shared label used past MAX_METHOD_LABELS. */
export const OTHER_METHOD_LABEL = '(other)';

/** Engine figures read at scrape time (nothing is pushed on the hot path). */
export interface EngineCounters {
  /** Events processed since start; monotonically increasing (StatService.eventsProcessed). */
  eventsProcessed(): number;
  /** Whether the DataStore is reachable now (`*internal` is always up). */
  storeUp(): boolean;
}

/** What Prometheus is built from. */
export interface PrometheusDeps {
  /** The engine's queues, read at scrape time for `statqueue_metric`. */
  readonly source: SeriesSource;
  readonly engine: EngineCounters;
  /** Also export prom-client's process/runtime metrics (registered on this registry only). @default false */
  readonly defaultMetrics?: boolean;
}

/**
 * Prometheus exposition for one engine instance. Each instance owns its own prom-client Registry
 * (never the global default), so two engines in one process (tests, embedding) never share or
 * clash on metrics.
 *
 * - `statqueue_metric{tenant,queue,metric}` gauge: current float value of every queue metric,
 *   collected at scrape time from the SeriesSource (N/A metrics are absent);
 * - `statqueue_events_processed_total` counter, `statqueue_store_up` gauge: from EngineCounters at scrape time;
 * - `statqueue_rpc_request_duration_seconds{method}` histogram and `statqueue_rpc_errors_total{method}`
 *   counter: pushed by observeRpc / onRpcRequest once per answered request.
 */
export class Prometheus {
  readonly registry: Registry;
  /** `GET /metrics` in the Prometheus text format 0.0.4. */
  readonly route: HttpRoute;
  /** Dispatcher-shaped hook (`DispatcherDeps.onRequest`): duration in ms. */
  readonly onRpcRequest: (method: string, durationMs: number, failed: boolean) => void;
  private readonly duration: RpcDurationHistogram;
  private readonly errors: Counter<'method'>;
  private readonly methodLabels = new Set<string>();

  constructor(deps: PrometheusDeps) {
    const registry = new Registry();
    this.registry = registry;
    const { source, engine } = deps;

    new QueueMetricGauge({
      name: 'statqueue_metric',
      help: 'Current value of a StatS queue metric (N/A values are not exported)',
      source,
      registry,
    });
    const events: Counter = new Counter({
      name: 'statqueue_events_processed_total',
      help: 'Events processed by StatS since start',
      registers: [registry],
      collect: () => {
        events.reset();
        events.inc(engine.eventsProcessed());
      },
    });
    const storeUp: Gauge = new Gauge({
      name: 'statqueue_store_up',
      help: '1 when the data store is reachable, else 0',
      registers: [registry],
      collect: () => {
        storeUp.set(engine.storeUp() ? 1 : 0);
      },
    });
    this.duration = new RpcDurationHistogram({
      name: 'statqueue_rpc_request_duration_seconds',
      help: 'Time to answer one RPC request, by method',
      buckets: RPC_DURATION_BUCKETS_S,
      registry,
    });
    this.errors = new Counter({
      name: 'statqueue_rpc_errors_total',
      help: 'RPC requests answered with an error, by method',
      labelNames: ['method'] as const,
      registers: [registry],
    });
    if (deps.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'statqueue_' });

    this.onRpcRequest = (method, durationMs, failed) => this.observeRpc(method, durationMs / 1000, failed);
    this.route = async (req, res) => {
      const body = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
  }

  /**
   * Records one answered RPC request; called once per request, so it stays cheap (~30 ns: see
   * RpcDurationHistogram) and never throws.
   */
  observeRpc(method: string, seconds: number, failed: boolean): void {
    let label = method;
    if (!this.methodLabels.has(method)) {
      if (this.methodLabels.size >= MAX_METHOD_LABELS) label = OTHER_METHOD_LABEL;
      else this.methodLabels.add(method);
    }
    this.duration.record(label, seconds);
    if (failed) this.errors.inc({ method: label });
  }

  /** The exposition text (what GET /metrics returns). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
