/**
 * InfluxDB 1.x line protocol and InfluxQL quoting. Only what the influx sink writes and asks.
 */

/** Measurement names escape commas and spaces. */
export function escapeMeasurement(s: string): string {
  return s.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag keys, tag values and field keys escape commas, equals signs and spaces. */
export function escapeTag(s: string): string {
  return s.replace(/[,= ]/g, (c) => `\\${c}`);
}

/**
 * Line protocol cannot carry a newline, and 1.x has no escape for a backslash, so a tag value
 * ending in one would swallow the next separator. Such IDs are not written (the caller warns).
 */
export function isWritableTag(s: string): boolean {
  return s !== '' && !/[\r\n]/.test(s) && !s.endsWith('\\');
}

/**
 * A float field value: JS prints the shortest decimal that round-trips, and Go's ParseFloat reads
 * it back bit-exact, so both sinks hold the same float64. Without an `i` suffix `300` is a float.
 */
export function formatFloatField(v: number): string {
  return String(v);
}

/** InfluxQL single-quoted string literal. */
export function quoteString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** InfluxQL double-quoted identifier. */
export function quoteIdent(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
