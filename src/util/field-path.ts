import { CGRError } from './cgr-error';
import { goAtoi } from './go-strconv';

/** Returned by a field getter when the path does not resolve (CGRateS `NOT_FOUND`). */
export const MISSING: unique symbol = Symbol('MISSING');
export type Missing = typeof MISSING;

/** A root object shaped like CGRateS' MapStorage: `{"*req": Event, "*opts": APIOpts}`. */
export type FieldRoot = Readonly<Record<string, unknown>>;
export type FieldGetter = (root: FieldRoot) => unknown;

const C_DOT = 46;
const C_HASH = 35;
const C_OPEN = 91;
const C_CLOSE = 93;

/**
 * CGRateS `SplitPath(path, '.', -1)` on a path without `~`: no split inside `[...]`; a `#` ends
 * splitting, the rest of the path being the last segment (`*req.*sum#~*req.Usage` →
 * `["*req", "*sum#~*req.Usage"]`), which is how metric IDs holding dots are addressed.
 */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === C_OPEN) depth++;
    else if (c === C_CLOSE) {
      if (depth > 0) depth--;
    } else if (depth === 0) {
      if (c === C_HASH) break;
      if (c === C_DOT) {
        out.push(path.slice(start, i));
        start = i + 1;
      }
    }
  }
  out.push(path.slice(start));
  return out;
}

interface Segment {
  readonly key: string;
  /** The `[...]` selector (CGRateS GetPathIndexString), or null. */
  readonly idx: string | null;
  /** idx as a slice index, or the Go `strconv.Atoi` error to raise when idx meets a slice. */
  readonly idxNum: number | CGRError;
  /** The key also names something on Object.prototype, so a plain property read could lie. */
  readonly protoKey: boolean;
}

function toSegment(raw: string): Segment {
  // GetPathIndexString: first `[` up to a final `]`; anything else is a plain key.
  const open = raw.indexOf('[');
  let key = raw;
  let idx: string | null = null;
  if (open !== -1 && raw.charCodeAt(raw.length - 1) === C_CLOSE) {
    key = raw.slice(0, open);
    idx = raw.slice(open + 1, -1);
  }
  let idxNum: number | CGRError = -1;
  if (idx !== null) {
    try {
      idxNum = goAtoi(idx);
    } catch (e) {
      if (!(e instanceof CGRError)) throw e;
      idxNum = e;
    }
  }
  return { key, idx, idxNum, protoKey: key in Object.prototype || (idx !== null && idx in Object.prototype) };
}

function wrongPath(): CGRError {
  return new CGRError('WRONG_PATH');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(m: Record<string, unknown>, key: string, guarded: boolean): unknown {
  if (guarded && !Object.hasOwn(m, key)) return MISSING;
  const v = m[key];
  return v === undefined ? MISSING : v;
}

/** `Name[idx]`: a slice element (numeric idx), a map key, MISSING when absent or out of range. */
function select(v: unknown, seg: Segment): unknown {
  if (Array.isArray(v)) {
    const n = seg.idxNum;
    if (n instanceof CGRError) throw n;
    return n >= 0 && n < v.length ? (v[n] as unknown) : MISSING;
  }
  if (isMap(v)) return own(v, seg.idx as string, seg.protoKey);
  throw wrongPath();
}

/**
 * Compiles a dynamic path (`~*req.Account`, `~*opts.*eventType`, `~*req.A.B[0]`, `~*req.*sum#~*req.Usage`)
 * once into a getter. The getter returns MISSING when a segment is absent or an index is out of range,
 * and throws CGRError('WRONG_PATH') when it must descend through a value that is not a map or slice.
 *
 * Semantics of CGRateS MapStorage.FieldAsInterface: a key present with a JSON null yields null (not
 * MISSING); descending through null, a scalar or an unindexed slice is WRONG_PATH; a non-numeric
 * index on a slice throws Go's `strconv.Atoi: parsing "x": invalid syntax`. A missing or null root
 * yields MISSING. Only own properties are read, so `~*req.constructor` is MISSING, not a function.
 */
export function compileFieldGetter(path: string): FieldGetter {
  const segs = splitPath(path.startsWith('~') ? path.slice(1) : path).map(toSegment);
  const s0 = segs[0] as Segment;

  // The common `~*req.Account` shape: two plain reads and no loop.
  if (segs.length === 2) {
    const s1 = segs[1] as Segment;
    if (s0.idx === null && s1.idx === null && !s0.protoKey && !s1.protoKey) {
      const k0 = s0.key;
      const k1 = s1.key;
      return (root) => {
        if (root === null || root === undefined) return MISSING;
        const m = root[k0];
        if (m === undefined) return MISSING;
        if (!isMap(m)) throw wrongPath();
        const v = m[k1];
        return v === undefined ? MISSING : v;
      };
    }
  }

  const n = segs.length;
  return (root) => {
    if (root === null || root === undefined) return MISSING;
    let cur: unknown = root;
    for (let i = 0; i < n; i++) {
      const seg = segs[i] as Segment;
      if (!isMap(cur)) throw wrongPath();
      let v = own(cur, seg.key, seg.protoKey);
      if (v === MISSING) return MISSING;
      if (seg.idx !== null) {
        v = select(v, seg);
        if (v === MISSING) return MISSING;
      }
      cur = v;
    }
    return cur;
  };
}
