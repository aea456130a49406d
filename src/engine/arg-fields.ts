import { CGRError } from '../util/cgr-error';

/**
 * Readers for the members of a profile argument (already shape-checked by the RPC layer, or read
 * from the store or a CSV): an absent member takes Go's zero value, a present one must have the
 * right type.
 */

export function stringListField(v: unknown, field: string): readonly string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new CGRError(`${field} must be a list of strings`);
  }
  return v as string[];
}

export function intField(v: unknown, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new CGRError(`${field} must be an integer`);
  return v;
}

export function numField(v: unknown, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CGRError(`${field} must be a number`);
  return v;
}

export function boolField(v: unknown, field: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new CGRError(`${field} must be a boolean`);
  return v;
}
