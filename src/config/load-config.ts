import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { IANAZone } from 'luxon';
import { ifaceAsDuration } from '../util/go-duration';
import { CONFIG_SCHEMA } from './schema';
import type { Config, DurationInput } from './schema';

/** Thrown when a config file is unreadable or invalid; `problems` lists every finding with its JSON pointer. */
export class ConfigError extends Error {
  override get name(): string {
    return 'ConfigError';
  }

  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[]) {
    super(`${message}:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// Compiled once per process: the schema never changes.
const validate = new Ajv({ strict: true, allowUnionTypes: true, useDefaults: true, allErrors: true }).compile(
  CONFIG_SCHEMA,
);

/** Validates a parsed config object (any subset of Config), fills defaults and deep-freezes the result. */
export function buildConfig(input: unknown): Config {
  const data: unknown = structuredClone(input ?? {});
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath === '' ? '/' : e.instancePath;
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        return `${where === '/' ? '' : where}/${extra}: unknown key`;
      }
      return `${where}: ${e.message ?? 'invalid'}`;
    });
    throw new ConfigError('invalid configuration', problems);
  }
  const config = data as unknown as Config;
  const problems = semanticProblems(config);
  if (problems.length > 0) throw new ConfigError('invalid configuration', problems);
  return deepFreeze(config);
}

/** Reads, validates and freezes a config file; a missing path means all defaults. */
export function loadConfig(path?: string): Config {
  if (path === undefined) return buildConfig({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}`, [(err as Error).message]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not JSON`, [(err as Error).message]);
  }
  return buildConfig(parsed);
}

/** Nanoseconds of a config duration (Go string, `""`, or integer ns). */
export function durationNs(v: DurationInput): number {
  return ifaceAsDuration(v);
}

/** Splits `host:port` (IPv6 hosts may be bracketed). */
export function splitHostPort(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? '0.0.0.0' : host, port: Number(addr.slice(i + 1)) };
}

function semanticProblems(c: Config): string[] {
  const problems: string[] = [];
  const durations: [string, DurationInput][] = [
    ['/listen/idle_timeout', c.listen.idle_timeout],
    ['/stats/store_interval', c.stats.store_interval],
    ['/stats/thresholds_timeout', c.stats.thresholds_timeout],
    ['/thresholds/store_interval', c.thresholds.store_interval],
    ['/series/sample_interval', c.series.sample_interval],
    ['/series/retention', c.series.retention],
  ];
  for (const [where, v] of durations) {
    try {
      durationNs(v);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  }
  if (!IANAZone.isValidZone(c.general.default_timezone)) {
    problems.push(`/general/default_timezone: unknown time zone ${c.general.default_timezone}`);
  }
  for (const [i, conn] of c.stats.thresholds_conns.entries()) {
    if (conn !== '*internal' && !/^.+:[0-9]{1,5}$/.test(conn)) {
      problems.push(`/stats/thresholds_conns/${i}: must be "*internal" or "host:port"`);
    }
  }
  for (const [where, addr] of [
    ['/listen/rpc_json', c.listen.rpc_json],
    ['/listen/http', c.listen.http],
  ] as const) {
    const { port } = splitHostPort(addr);
    if (port > 65535) problems.push(`${where}: port out of range`);
  }
  return problems;
}

function deepFreeze<T>(obj: T): T {
  if (obj !== null && typeof obj === 'object' && !Object.isFrozen(obj)) {
    for (const v of Object.values(obj)) deepFreeze(v);
    Object.freeze(obj);
  }
  return obj;
}
