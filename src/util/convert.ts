// SKELETON: signatures are the contract; the util helper replaces the bodies.
import { CGRError } from './cgr-error';

/** CGRateS `IfaceAsString`: string as is, number → Go 'f' shortest, bool → "true"/"false", null/undefined → "", other → JSON. */
export function ifaceAsString(v: unknown): string {
  throw new CGRError(`unimplemented ${String(v)}`);
}

/**
 * CGRateS `IfaceAsFloat64`: numbers as is; strings ending in s/m/h parse as Go durations (ns); other
 * strings parse as floats; anything else (or an unparsable string) throws CGRError with the Go text.
 */
export function ifaceAsFloat64(v: unknown): number {
  throw new CGRError(`unimplemented ${String(v)}`);
}

/** CGRateS `IfaceAsTime`: strings via parseTimeDetectLayout; numbers throw `cannot convert field: <v> to time.Time`. */
export function ifaceAsTime(v: unknown, timezone: string, nowMs: number): number {
  throw new CGRError(`unimplemented ${String(v)} ${timezone} ${nowMs}`);
}

/** CGRateS `IfaceAsBool`: bool as is; strings via Go strconv.ParseBool (error text included); numbers > 0 are true. */
export function ifaceAsBool(v: unknown): boolean {
  throw new CGRError(`unimplemented ${String(v)}`);
}

/** A value parsed the way CGRateS `StringToInterface` + `GetBasicType` does (durations become int ns). */
export type GoValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'time'; readonly value: number };

/** CGRateS `StringToInterface`: "" → string; int64; bool; float64; time (parseTimeDetectLayout); duration (→ int ns); else string. */
export function stringToInterface(s: string, timezone: string, nowMs: number): GoValue {
  throw new CGRError(`unimplemented ${s} ${timezone} ${nowMs}`);
}
