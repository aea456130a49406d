import type { EventDP } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { MISSING, compileFieldGetter, splitPath } from '../src/util/field-path';
import { EVENT_ROOTS } from './filter-type';

/** Reads one dynamic path from an event: the raw value, or MISSING (CGRateS `NOT_FOUND`). */
export type PathReader = (ev: EventDP) => unknown;

const alwaysMissing: PathReader = () => MISSING;

/**
 * Compiles a `~` path once with FilterS' dynamicDP rules (engine/dynamicdp.go): event roots
 * (`~*req.`, `~*opts.`, ...) read the event; a one-segment path outside them fails with
 * `invalid fieldname <[X]>`; the RPC-backed roots (`~*stats.`, `~*accounts.`, `~*resources.`, ...)
 * have no connection here and resolve as missing.
 * The reader may throw CGRError (`WRONG_PATH` when descending through a non-map value).
 */
export function compilePathReader(path: string): PathReader {
  const segments = splitPath(path.slice(1));
  const root = segments[0];
  if (root !== undefined && EVENT_ROOTS.has(root)) return compileFieldGetter(path);
  if (segments.length < 2) {
    const msg = `invalid fieldname <[${segments.join(' ')}]>`;
    return () => {
      throw new CGRError(msg);
    };
  }
  return alwaysMissing;
}

/**
 * One compiled reader per distinct path, shared by every rule compiled with the same cache: the
 * compiled getters are most of a rule's memory, and profiles repeat a handful of paths.
 */
export class PathReaderCache {
  private readonly readers = new Map<string, PathReader>();

  get(path: string): PathReader {
    let r = this.readers.get(path);
    if (r === undefined) {
      r = compilePathReader(path);
      this.readers.set(path, r);
    }
    return r;
  }
}
