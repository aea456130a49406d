/**
 * Metric history: sampling, sinks (*internal, *influxdb), Traffic-Stats-style series queries,
 * daily summaries and the Prometheus exposition. The engine wires SeriesService and Prometheus.
 */
export type { QueueSample, SeriesSource } from './series-source';
export type { HttpRoute } from './http-route';
export type { SeriesLogger } from './series-logger';
export { TimerScheduler, type ScheduledTask, type Scheduler, type TaskErrorHandler } from './scheduler';
export { ManualScheduler } from './manual-scheduler';
export {
  SeriesService,
  SeriesRpcMethod,
  DAILY_CHECK_INTERVAL_MS,
  DAILY_SUMMARY_DELAY_MS,
  type SeriesServiceDeps,
} from './series-service';
export {
  DEFAULT_SERIES_CONFIG,
  resolveSeriesSettings,
  type SeriesConfigInput,
  type SeriesSettings,
} from './series-config';
export { QUEUE_STATS_PATH, createQueueStatsRoute, type QueueStatsBackend } from './queue-stats-route';
export {
  MAX_SUMMARY_DAYS,
  type DailySummaryEntry,
  type GetDailySummaryArgs,
  type GetQueueSeriesArgs,
} from './series-rpc-args';
export {
  MAX_BUCKETS,
  type SeriesBody,
  type SeriesQuery,
  type SeriesResponseBody,
  type SeriesSummary,
} from './series-query';
export { SinkType, type SeriesSink } from './series-sink';
export { InternalSink, INTERNAL_MAX_SERIES, INTERNAL_MEMORY_BUDGET_BYTES } from './internal-sink';
export { InfluxSink } from './influx-sink';
export { TPS_METRIC_ID, type MinutePoint, type SeriesId } from './minute-point';
export { METRICS_PATH, Prometheus, type EngineCounters, type PrometheusDeps } from './prometheus';
