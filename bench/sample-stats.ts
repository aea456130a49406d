/** Latency percentiles of one run, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile of sorted samples (`q` in [0, 1]); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Summarises latency samples (ms); the input is sorted in place. */
export function summarizeLatency(samples: Float64Array): LatencySummary {
  samples.sort();
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] as number;
  return {
    count: samples.length,
    p50Ms: round3(percentile(samples, 0.5)),
    p90Ms: round3(percentile(samples, 0.9)),
    p99Ms: round3(percentile(samples, 0.99)),
    p999Ms: round3(percentile(samples, 0.999)),
    maxMs: round3(samples.length === 0 ? Number.NaN : (samples[samples.length - 1] as number)),
    meanMs: round3(samples.length === 0 ? Number.NaN : sum / samples.length),
  };
}

/** Median of a few repeated measurements (robust to one disturbed round). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** a / b rounded to 3 decimals; null when either side is missing or b is 0. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return round3(a / b);
}
