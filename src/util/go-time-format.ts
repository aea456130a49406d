// Formatting of epoch-millisecond instants the way Go's time.Time prints them, always in UTC.
// Kept apart from go-time.ts (the parser) so error formatting can use it without an import cycle.

interface UtcParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Sub-second part in nanoseconds (only microsecond digits are meaningful, see below). */
  readonly nanos: number;
}

function utcParts(ms: number): UtcParts {
  // A double holding ~1.7e12 ms resolves about 0.25 µs, so digits below the microsecond are noise:
  // round the fraction to whole microseconds before printing.
  let whole = Math.floor(ms);
  let us = Math.round((ms - whole) * 1000);
  if (us === 1000) {
    whole += 1;
    us = 0;
  }
  const dt = new Date(whole);
  const msPart = whole - Math.floor(whole / 1000) * 1000;
  return {
    year: dt.getUTCFullYear(),
    month: dt.getUTCMonth() + 1,
    day: dt.getUTCDate(),
    hour: dt.getUTCHours(),
    minute: dt.getUTCMinutes(),
    second: dt.getUTCSeconds(),
    nanos: (msPart * 1000 + us) * 1000,
  };
}

function pad2(n: number): string {
  return n < 10 ? '0' + String(n) : String(n);
}

/** Go's `appendInt(b, year, 4)`: at least four digits, sign in front of the padding. */
function year4(y: number): string {
  const a = Math.abs(y);
  const s = a < 1000 ? String(a).padStart(4, '0') : String(a);
  return y < 0 ? '-' + s : s;
}

/** `.999999999` of Go layouts: the fraction without trailing zeros, nothing when zero. */
function frac9(nanos: number): string {
  if (nanos === 0) return '';
  const s = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return '.' + s;
}

function dateTime(p: UtcParts, sep: string): string {
  return (
    `${year4(p.year)}-${pad2(p.month)}-${pad2(p.day)}${sep}` +
    `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`
  );
}

/**
 * Go `t.UTC().Format(time.RFC3339Nano)` of epoch ms: `2025-01-01T10:00:03.123Z`,
 * `2014-07-29T15:00:00Z`; Go's zero time gives `0001-01-01T00:00:00Z`. Sub-millisecond fractions
 * are printed to the microsecond (a double cannot carry nanoseconds at today's epoch).
 */
export function formatRFC3339Nano(ms: number): string {
  const p = utcParts(ms);
  return dateTime(p, 'T') + frac9(p.nanos) + 'Z';
}

/** Go `t.UTC().Format(time.RFC3339)` of epoch ms: whole seconds (fraction dropped), `Z` zone. */
export function formatRFC3339(ms: number): string {
  return dateTime(utcParts(ms), 'T') + 'Z';
}

/** Go `t.UTC().String()` (`2006-01-02 15:04:05.999999999 -0700 MST`), e.g. `2014-07-14 14:25:00 +0000 UTC`. */
export function formatGoTimeString(ms: number): string {
  const p = utcParts(ms);
  return dateTime(p, ' ') + frac9(p.nanos) + ' +0000 UTC';
}
