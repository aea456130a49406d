// SKELETON: signatures are the contract; the util helper replaces the bodies.

/** Go `strconv.FormatFloat(x, 'f', -1, 64)`: shortest round-trip decimal, never exponent form. */
export function formatFloatF(x: number): string {
  throw new Error(`unimplemented ${x}`);
}

/** Go `fmt` `%v` of a float64 (shortest `%g`, exponent when exp < -4 or >= 21): used by `*asr`. */
export function formatFloatV(x: number): string {
  throw new Error(`unimplemented ${x}`);
}

/** CGRateS `utils.Round(x, decimals, "*middle")` (negative x is floored: a kept Go quirk). */
export function roundMiddle(x: number, decimals: number): number {
  throw new Error(`unimplemented ${x} ${decimals}`);
}

/** CGRateS `RoundStatDuration(ns, decimals)`: Go `Duration.Round(10^(9-decimals))`, halves away from zero. */
export function roundStatDuration(ns: number, decimals: number): number {
  throw new Error(`unimplemented ${ns} ${decimals}`);
}
