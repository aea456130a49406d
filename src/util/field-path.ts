// SKELETON: signatures are the contract; the util helper replaces the bodies.
import { CGRError } from './cgr-error';

/** Returned by a field getter when the path does not resolve (CGRateS `NOT_FOUND`). */
export const MISSING: unique symbol = Symbol('MISSING');
export type Missing = typeof MISSING;

/** A root object shaped like CGRateS' MapStorage: `{"*req": Event, "*opts": APIOpts}`. */
export type FieldRoot = Readonly<Record<string, unknown>>;
export type FieldGetter = (root: FieldRoot) => unknown;

/** CGRateS `SplitPath(path, '.', -1)` on a path without `~`: no split inside `[...]`; a `#` ends splitting. */
export function splitPath(path: string): string[] {
  throw new CGRError(`unimplemented ${path}`);
}

/**
 * Compiles a dynamic path (`~*req.Account`, `~*opts.*eventType`, `~*req.A.B[0]`, `~*req.*sum#~*req.Usage`)
 * once into a getter. The getter returns MISSING when a segment is absent or an index is out of range,
 * and throws CGRError('WRONG_PATH') when it must descend through a value that is not a map or slice.
 */
export function compileFieldGetter(path: string): FieldGetter {
  throw new CGRError(`unimplemented ${path}`);
}
