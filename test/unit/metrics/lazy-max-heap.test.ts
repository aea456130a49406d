import fc from 'fast-check';
import { LazyMaxHeap } from '../../../metrics/lazy-max-heap';

describe('LazyMaxHeap', () => {
  it('is empty at first and after clear()', () => {
    const heap = new LazyMaxHeap();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBe(Number.NEGATIVE_INFINITY);
    heap.push(3);
    heap.clear();
    expect(heap.peek()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('ignores NaN', () => {
    const heap = new LazyMaxHeap();
    heap.push(Number.NaN);
    heap.remove(Number.NaN);
    expect(heap.size).toBe(0);
  });

  it('always peeks the maximum of the live values (against a sorted multiset)', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: -20, max: 20 }) }),
      fc.record({ remove: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new LazyMaxHeap();
        const live: number[] = [];
        for (const o of ops) {
          if ('push' in o) {
            heap.push(o.push);
            live.push(o.push);
          } else if (live.length > 0) {
            const [x] = live.splice(o.remove % live.length, 1);
            heap.remove(x as number);
          }
          expect(heap.size).toBe(live.length);
          expect(heap.peek()).toBe(live.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...live));
        }
      }),
    );
  });

  it('compacts dead entries that never reach the top', () => {
    const heap = new LazyMaxHeap();
    for (let i = 0; i < 10_000; i++) {
      heap.push(i);
      if (i >= 3) heap.remove(i - 3);
    }
    expect(heap.size).toBe(3);
    expect(heap.peek()).toBe(9999);
    // The backing array holds live entries plus at most as many dead ones (plus a small slack).
    expect((heap as unknown as { items: number[] }).items.length).toBeLessThanOrEqual(2 * 3 + 2 * 33);
  });
});
