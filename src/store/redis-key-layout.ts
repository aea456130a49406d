import type { StoreKind } from './data-store';
import { RecordFormatError } from './store-errors';

/** Key prefix used when `keyPrefix` is not given. */
export const DEFAULT_KEY_PREFIX = 'statqueue';

/** A key split back into its parts. */
export interface ParsedRecordKey {
  readonly tenant: string;
  readonly id: string;
}

const TENANT_ESCAPE_RE = /[%:]/g;
const TENANT_UNESCAPE_RE = /%3A|%25/g;
const GLOB_SPECIAL_RE = /[*?[\]\\]/g;

/**
 * Where each record lives in Redis:
 *
 * ```
 * <prefix>:{<kind>}:<tenant>:<id>        e.g.  statqueue:{stat_queue}:cgrates.org:Stats1
 * ```
 *
 * - `{<kind>}` is a Redis Cluster hash tag: every record of one kind hashes to the same slot, so a
 *   pipeline or MGET restricted to one kind never spans nodes, and `loadAll(kind)` reads one node.
 *   The cost is that a kind is not sharded across a cluster (see docs/operations.md).
 * - `<tenant>` has `%` and `:` percent-escaped (`%25`, `%3A`) so the first `:` after it ends it
 *   unambiguously; `<id>` is the verbatim rest of the key, so IDs may hold any character.
 *   Actions and destinations are global in CGRateS: their tenant is `""` (`statqueue:{actions}::ACT_1`).
 * - The prefix may not contain `{` or `}` (it would move the hash tag) and is glob-escaped in SCAN.
 */
export class RedisKeyLayout {
  readonly prefix: string;

  constructor(prefix: string = DEFAULT_KEY_PREFIX) {
    if (prefix === '') throw new TypeError('redis key prefix must not be empty');
    if (/[{}]/.test(prefix))
      throw new TypeError(`redis key prefix ${JSON.stringify(prefix)} must not contain "{" or "}"`);
    this.prefix = prefix;
  }

  /** The Redis Cluster hash tag shared by every key of `kind`. */
  hashTag(kind: StoreKind): string {
    return `{${kind}}`;
  }

  /** The key of one record. */
  recordKey(kind: StoreKind, tenant: string, id: string): string {
    return `${this.prefix}:{${kind}}:${escapeTenant(tenant)}:${id}`;
  }

  /** A SCAN MATCH pattern selecting exactly the records of `kind` under this prefix. */
  scanPattern(kind: StoreKind): string {
    return `${this.prefix.replace(GLOB_SPECIAL_RE, '\\$&')}:{${kind}}:*`;
  }

  /**
   * Splits a key of `kind` back into tenant and id.
   *
   * @throws RecordFormatError when the key does not belong to `kind` under this prefix.
   */
  parseKey(kind: StoreKind, key: string): ParsedRecordKey {
    const head = `${this.prefix}:{${kind}}:`;
    const sep = key.indexOf(':', head.length);
    if (!key.startsWith(head) || sep < 0) {
      throw new RecordFormatError(
        `${key}: not a ${kind} record key under prefix ${JSON.stringify(this.prefix)}`,
      );
    }
    return { tenant: unescapeTenant(key.slice(head.length, sep)), id: key.slice(sep + 1) };
  }
}

function escapeTenant(tenant: string): string {
  // Most tenants ("cgrates.org") hold neither character: skip the regex replace for them.
  if (!tenant.includes(':') && !tenant.includes('%')) return tenant;
  return tenant.replace(TENANT_ESCAPE_RE, (c) => (c === ':' ? '%3A' : '%25'));
}

function unescapeTenant(escaped: string): string {
  if (!escaped.includes('%')) return escaped;
  return escaped.replace(TENANT_UNESCAPE_RE, (s) => (s === '%3A' ? ':' : '%'));
}
