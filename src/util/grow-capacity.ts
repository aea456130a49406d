/**
 * Doubling growth for per-queue columns that stops exactly at `expected`, a known usual maximum (a
 * queue's QueueLength; 0 when none): a sparse queue stays small, a full one holds no spare rows.
 */
export function grownCapacity(current: number, expected: number): number {
  const doubled = Math.max(current * 2, 1);
  return expected > current && expected < doubled ? expected : doubled;
}
