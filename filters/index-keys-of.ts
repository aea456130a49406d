import type { FilterRuleSpec } from '../src/engine/types';
import { FilterType, INDEXABLE_TYPES, UNINDEXED_PATH_PREFIXES } from './filter-type';
import type { PathReaderCache } from './path-reader';
import { compileRsrParser } from './rsr-parser';
import type { RsrParser } from './rsr-parser';

/** The four indexable rule types. */
export type IndexType = '*string' | '*prefix' | '*suffix' | '*exists';

/**
 * What an index may key one rule on: the rule can only pass for an event whose value at `path`
 * (read with compilePathReader, as a string with IfaceAsString) is one of `keys` (`*string`),
 * starts with one (`*prefix`), ends with one (`*suffix`), or, for `*exists`, is present at all.
 */
export interface IndexKeys {
  readonly type: IndexType;
  /** The dynamic path with its `~`, e.g. `~*req.Account`. */
  readonly path: string;
  /** The constant side of the rule; empty for `*exists` (and for a rule with no values, which never passes). */
  readonly keys: readonly string[];
}

function skipped(s: string): boolean {
  return UNINDEXED_PATH_PREFIXES.some((p) => s.startsWith(p));
}

function tryCompile(s: string, readers: PathReaderCache | undefined): RsrParser | null {
  try {
    return compileRsrParser(s, readers);
  } catch {
    return null;
  }
}

/**
 * The index keys of a rule, or null when no index can represent it without hiding a match.
 * Mirrors engine/libindex.go: only the exact types `*string *prefix *suffix *exists` (never `*not...`
 * or `*ni...`), exactly one of element/value dynamic, `~*accounts ~*stats ~*resources
 * ~*libphonenumber ~*asm` skipped. Stricter than CGRateS so that the index never changes results:
 * every value must be keyable (values are OR'd), paths with converters, search/replace or `<...>`
 * are refused (a plain key cannot represent them), a constant element with dynamic values is
 * accepted for `*string` only and only when all values name the same path (for `*prefix`/`*suffix`
 * the roles of key and event value would swap).
 */
export function indexKeysOf(rule: FilterRuleSpec, readers?: PathReaderCache): IndexKeys | null {
  const type = rule.Type;
  if (!INDEXABLE_TYPES.has(type) || skipped(rule.Element)) return null;
  const element = tryCompile(rule.Element, readers);
  if (element === null) return null;
  const indexType = type as IndexType;
  if (type === FilterType.EXISTS) {
    return element.plainPath === undefined ? null : { type: indexType, path: element.plainPath, keys: [] };
  }
  const values = rule.Values ?? [];
  if (element.plainPath !== undefined) {
    const keys: string[] = [];
    for (const v of values) {
      const p = tryCompile(v, readers);
      if (p?.plainConstant === undefined) return null;
      keys.push(p.plainConstant);
    }
    return { type: indexType, path: element.plainPath, keys };
  }
  if (element.plainConstant === undefined || type !== FilterType.STRING || values.length === 0) return null;
  let path: string | undefined;
  for (const v of values) {
    if (skipped(v)) return null;
    const p = tryCompile(v, readers);
    if (p?.plainPath === undefined || (path !== undefined && p.plainPath !== path)) return null;
    path = p.plainPath;
  }
  return path === undefined ? null : { type: indexType, path, keys: [element.plainConstant] };
}

/** The CGRateS spelling of the keys (`*string:*req.Account:1001`, `*exists:*req.Account`), for display. */
export function indexKeyStrings(k: IndexKeys): string[] {
  const fld = k.path.slice(1);
  if (k.type === FilterType.EXISTS) return [`${k.type}:${fld}`];
  return k.keys.map((key) => `${k.type}:${fld}:${key}`);
}
