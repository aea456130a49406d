/**
 * The configuration: one JSON file in CGRateS' cgrates.json shape (DESIGN.md §3). Every key is
 * optional; the schema fills defaults, refuses unknown keys, and the result is frozen.
 * Durations are Go strings (`"1s"`) or integer nanoseconds; `""` means 0 as in CGRateS.
 */

/** A duration as written in config: a Go duration string, `""`, or integer nanoseconds. */
export type DurationInput = string | number;

export interface GeneralConfig {
  /** Tenant used when a request leaves it empty. @default "cgrates.org" */
  readonly default_tenant: string;
  /** Decimals of every metric value. @default 5 */
  readonly rounding_decimals: number;
  /** IANA zone for zone-less time strings (AnswerTime, CSV times). @default "UTC" */
  readonly default_timezone: string;
}

export interface ListenConfig {
  /** Raw TCP JSON-RPC listener, `host:port`. @default "127.0.0.1:2012" */
  readonly rpc_json: string;
  /** HTTP listener, `host:port`. @default "127.0.0.1:2080" */
  readonly http: string;
  /** JSON-RPC path on the HTTP listener. @default "/jsonrpc" */
  readonly http_path: string;
  /** Shared secret; empty disables the check. @default "" */
  readonly api_key: string;
  /** Largest TCP frame or HTTP body. @default 1048576 */
  readonly max_request_bytes: number;
  /** Connections per listener. @default 10000 */
  readonly max_connections: number;
  /** Idle socket timeout. @default "5m" */
  readonly idle_timeout: DurationInput;
}

export interface LoggerConfig {
  /** pino level. @default "info" */
  readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export interface DataDbConfig {
  /** `*internal` (memory) or `*redis`. @default "*internal" */
  readonly db_type: '*internal' | '*redis';
  readonly db_host: string;
  readonly db_port: number;
  /** Redis database index, as a string like CGRateS. @default "0" */
  readonly db_name: string;
  readonly db_password: string;
  readonly tls: boolean;
  readonly cluster: boolean;
  /** Refuse to start while the database is unreachable (otherwise start and keep retrying). @default false */
  readonly required_at_start: boolean;
}

export interface StatsOptsConfig {
  readonly '*profileIDs': readonly string[];
  readonly '*profileIgnoreFilters': boolean;
}

export interface StatsConfig {
  readonly enabled: boolean;
  /** `-1` write-through, `0`/`""` never write processed queues, `>0` periodic. @default "1s" (deviation 5) */
  readonly store_interval: DurationInput;
  /** `"*internal"` or `"host:port"` of a remote ThresholdS (JSON-RPC over TCP). @default ["*internal"] */
  readonly thresholds_conns: readonly string[];
  /** Timeout of a call to a remote ThresholdS. @default "5s" */
  readonly thresholds_timeout: DurationInput;
  readonly opts: StatsOptsConfig;
}

export interface ThresholdsOptsConfig {
  readonly '*profileIDs': readonly string[];
  readonly '*profileIgnoreFilters': boolean;
}

export interface ThresholdsConfig {
  readonly enabled: boolean;
  /** `-1` write-through, `0`/`""` at shutdown only, `>0` periodic. @default "1s" */
  readonly store_interval: DurationInput;
  readonly opts: ThresholdsOptsConfig;
}

export interface InfluxConfig {
  readonly url: string;
  readonly database: string;
}

export interface SeriesConfig {
  readonly enabled: boolean;
  readonly db_type: '*internal' | '*influxdb';
  /** How often queue metrics are sampled. @default "10s" */
  readonly sample_interval: DurationInput;
  /** How long 1-minute points are kept by the internal sink. @default "24h" */
  readonly retention: DurationInput;
  readonly influxdb: InfluxConfig;
}

export interface Config {
  readonly general: GeneralConfig;
  readonly listen: ListenConfig;
  readonly logger: LoggerConfig;
  readonly data_db: DataDbConfig;
  readonly stats: StatsConfig;
  readonly thresholds: ThresholdsConfig;
  readonly series: SeriesConfig;
}

/** A user's config file: any subset of Config. */
export type ConfigInput = { readonly [K in keyof Config]?: Partial<Config[K]> };

const duration = { type: ['string', 'integer'] } as const;
const hostPort = { type: 'string', pattern: '^.*:[0-9]{1,5}$' } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

function section(
  properties: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(properties)) props[k] = { ...(v as object), default: defaults[k] };
  return { type: 'object', additionalProperties: false, default: {}, properties: props };
}

/** Defaults of every key (DESIGN.md §3), in one place; the schema below is built from them. */
export const DEFAULT_CONFIG: Config = {
  general: { default_tenant: 'cgrates.org', rounding_decimals: 5, default_timezone: 'UTC' },
  listen: {
    rpc_json: '127.0.0.1:2012',
    http: '127.0.0.1:2080',
    http_path: '/jsonrpc',
    api_key: '',
    max_request_bytes: 1048576,
    max_connections: 10000,
    idle_timeout: '5m',
  },
  logger: { level: 'info' },
  data_db: {
    db_type: '*internal',
    db_host: '127.0.0.1',
    db_port: 6379,
    db_name: '0',
    db_password: '',
    tls: false,
    cluster: false,
    required_at_start: false,
  },
  stats: {
    enabled: true,
    store_interval: '1s',
    thresholds_conns: ['*internal'],
    thresholds_timeout: '5s',
    opts: { '*profileIDs': [], '*profileIgnoreFilters': false },
  },
  thresholds: {
    enabled: true,
    store_interval: '1s',
    opts: { '*profileIDs': [], '*profileIgnoreFilters': false },
  },
  series: {
    enabled: true,
    db_type: '*internal',
    sample_interval: '10s',
    retention: '24h',
    influxdb: { url: 'http://127.0.0.1:8086', database: 'statqueue' },
  },
};

const d = DEFAULT_CONFIG;

const optsSchema = (defaults: StatsOptsConfig): Record<string, unknown> =>
  section({ '*profileIDs': stringList, '*profileIgnoreFilters': { type: 'boolean' } }, { ...defaults });

/** The ajv JSON Schema (strict, defaults filled by ajv's useDefaults). */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    general: section(
      {
        default_tenant: { type: 'string', minLength: 1 },
        rounding_decimals: { type: 'integer', minimum: 0, maximum: 15 },
        default_timezone: { type: 'string', minLength: 1 },
      },
      { ...d.general },
    ),
    listen: section(
      {
        rpc_json: hostPort,
        http: hostPort,
        http_path: { type: 'string', pattern: '^/' },
        api_key: { type: 'string' },
        max_request_bytes: { type: 'integer', minimum: 1024 },
        max_connections: { type: 'integer', minimum: 1 },
        idle_timeout: duration,
      },
      { ...d.listen },
    ),
    logger: section(
      { level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] } },
      { ...d.logger },
    ),
    data_db: section(
      {
        db_type: { enum: ['*internal', '*redis'] },
        db_host: { type: 'string' },
        db_port: { type: 'integer', minimum: 1, maximum: 65535 },
        db_name: { type: 'string', pattern: '^[0-9]+$' },
        db_password: { type: 'string' },
        tls: { type: 'boolean' },
        cluster: { type: 'boolean' },
        required_at_start: { type: 'boolean' },
      },
      { ...d.data_db },
    ),
    stats: section(
      {
        enabled: { type: 'boolean' },
        store_interval: duration,
        thresholds_conns: stringList,
        thresholds_timeout: duration,
        opts: optsSchema(d.stats.opts),
      },
      { ...d.stats, opts: {} },
    ),
    thresholds: section(
      { enabled: { type: 'boolean' }, store_interval: duration, opts: optsSchema(d.thresholds.opts) },
      { ...d.thresholds, opts: {} },
    ),
    series: section(
      {
        enabled: { type: 'boolean' },
        db_type: { enum: ['*internal', '*influxdb'] },
        sample_interval: duration,
        retention: duration,
        influxdb: section(
          { url: { type: 'string' }, database: { type: 'string', minLength: 1 } },
          {
            ...d.series.influxdb,
          },
        ),
      },
      { ...d.series, influxdb: {} },
    ),
  },
} as const;
