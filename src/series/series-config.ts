import { ifaceAsDuration } from '../util/go-duration';
import { SinkType } from './series-sink';

/**
 * The `series` config section as the config loader hands it over (DESIGN.md §3). Durations are
 * Go duration strings (`"10s"`) or integer nanoseconds; `""` means 0.
 */
export interface SeriesConfigInput {
  readonly enabled?: boolean;
  readonly db_type?: string;
  readonly sample_interval?: string | number;
  readonly retention?: string | number;
  readonly influxdb?: { readonly url?: string; readonly database?: string };
}

/** Defaults of the section, the same values as DEFAULT_CONFIG.series. */
export const DEFAULT_SERIES_CONFIG = {
  enabled: true,
  db_type: SinkType.INTERNAL,
  sample_interval: '10s',
  retention: '24h',
  influxdb: { url: 'http://127.0.0.1:8086', database: 'statqueue' },
} as const;

/** The section after defaults, with durations in ms. */
export interface SeriesSettings {
  readonly enabled: boolean;
  readonly dbType: SinkType;
  /** Period of the sampler; between 1 s and 1 min so every minute gets at least one sample. */
  readonly sampleIntervalMs: number;
  /** How long 1-minute points are kept; at least one minute, whole minutes. */
  readonly retentionMs: number;
  readonly influxUrl: string;
  readonly influxDatabase: string;
}

const NS_PER_MS = 1_000_000;
const MIN_SAMPLE_MS = 1_000;
const MAX_SAMPLE_MS = 60_000;
const MIN_RETENTION_MS = 60_000;

function durationMs(key: string, v: string | number): number {
  try {
    return ifaceAsDuration(v) / NS_PER_MS;
  } catch (err) {
    throw new Error(`series.${key}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Applies defaults and checks ranges; throws an Error naming the key on a bad value. */
export function resolveSeriesSettings(cfg: SeriesConfigInput = {}): SeriesSettings {
  const dbType = cfg.db_type ?? DEFAULT_SERIES_CONFIG.db_type;
  if (dbType !== SinkType.INTERNAL && dbType !== SinkType.INFLUXDB)
    throw new Error(`series.db_type: must be "*internal" or "*influxdb", got ${JSON.stringify(dbType)}`);
  const sampleIntervalMs = durationMs(
    'sample_interval',
    cfg.sample_interval ?? DEFAULT_SERIES_CONFIG.sample_interval,
  );
  if (!(sampleIntervalMs >= MIN_SAMPLE_MS && sampleIntervalMs <= MAX_SAMPLE_MS))
    throw new Error(`series.sample_interval: must be between 1s and 1m, got ${sampleIntervalMs} ms`);
  const rawRetentionMs = durationMs('retention', cfg.retention ?? DEFAULT_SERIES_CONFIG.retention);
  if (!(rawRetentionMs >= MIN_RETENTION_MS))
    throw new Error(`series.retention: must be at least 1m, got ${rawRetentionMs} ms`);
  const influxUrl = cfg.influxdb?.url ?? DEFAULT_SERIES_CONFIG.influxdb.url;
  const influxDatabase = cfg.influxdb?.database ?? DEFAULT_SERIES_CONFIG.influxdb.database;
  if (dbType === SinkType.INFLUXDB) {
    if (!URL.canParse(influxUrl) || !/^https?:$/.test(new URL(influxUrl).protocol))
      throw new Error(`series.influxdb.url: must be an http(s) URL, got ${JSON.stringify(influxUrl)}`);
    if (influxDatabase === '') throw new Error('series.influxdb.database: must not be empty');
  }
  return {
    enabled: cfg.enabled ?? DEFAULT_SERIES_CONFIG.enabled,
    dbType,
    sampleIntervalMs,
    retentionMs: Math.ceil(rawRetentionMs / MIN_RETENTION_MS) * MIN_RETENTION_MS,
    influxUrl,
    influxDatabase,
  };
}
