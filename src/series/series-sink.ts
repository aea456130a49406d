import type { DailyRow, MinutePoint, SeriesId, TimedValue } from './minute-point';

/** `series.db_type` values. */
export const SinkType = {
  INTERNAL: '*internal',
  INFLUXDB: '*influxdb',
} as const;
export type SinkType = (typeof SinkType)[keyof typeof SinkType];

/** Receives every point of a scan; `timeMs` ascending within one series. */
export type PointVisitor = (id: SeriesId, timeMs: number, value: number) => void;

/**
 * Where 1-minute points and daily rows live. Sinks only store and return points: bucketing,
 * summaries and daily figures are computed in TypeScript by one shared implementation
 * (series-query.ts, daily-accumulator.ts), so every sink gives identical answers.
 */
export interface SeriesSink {
  readonly type: SinkType;
  /** Prepares storage (InfluxDB: database, retention policies, continuous queries). Never rejects for an unreachable server. */
  start(): Promise<void>;
  /** Accepts completed minute points. Never throws and never waits on I/O; the sink buffers. */
  write(points: readonly MinutePoint[]): void;
  /** Points of one series with `fromMs <= timeMs <= toMs`, ascending by time. */
  readSeries(id: SeriesId, fromMs: number, toMs: number): Promise<TimedValue[]>;
  /** Metric IDs that have stored points for the queue (empty when the queue has no history). */
  metricsOf(tenant: string, queueID: string): Promise<ReadonlySet<string>>;
  /** Streams every point of every series with `fromMs <= timeMs < toMs` (the daily job's input). */
  scanWindow(fromMs: number, toMs: number, visit: PointVisitor): Promise<void>;
  /** Stores daily rows; a row whose (series, day) is already stored is skipped. Returns the rows written. */
  writeDailyRows(rows: readonly DailyRow[]): Promise<number>;
  /** Stored rows of one series with `fromDayMs <= dayMs <= toDayMs`, ascending. */
  readDailyRows(id: SeriesId, fromDayMs: number, toDayMs: number): Promise<DailyRow[]>;
  /** Pushes buffered writes out now (one attempt). */
  flush(): Promise<void>;
  /** Final flush and release of resources. */
  stop(): Promise<void>;
}
