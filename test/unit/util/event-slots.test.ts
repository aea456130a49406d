import { EventSlots, growFloat64, growUint32 } from '../../../src/util/event-slots';

describe('EventSlots', () => {
  it('binds a fresh slot per new ID and counts references per ID', () => {
    const slots = new EventSlots();
    const a = slots.acquire('a');
    const b = slots.acquire('b');
    expect(a).not.toBe(b);
    expect(slots.acquire('a')).toBe(a);
    expect(slots.refCount(a)).toBe(2);
    expect(slots.refCount(b)).toBe(1);
    expect(slots.slotOf('a')).toBe(a);
    expect(slots.slotOf('missing')).toBe(-1);
    expect(slots.size).toBe(2);
  });

  it('keeps a slot bound until its last reference is released', () => {
    const slots = new EventSlots();
    const a = slots.acquire('a');
    slots.retainSlot(a);
    slots.acquire('a');
    slots.release('a');
    slots.releaseSlot(a, 'a');
    expect(slots.slotOf('a')).toBe(a);
    expect(slots.refCount(a)).toBe(1);
    slots.release('a');
    expect(slots.slotOf('a')).toBe(-1);
    expect(slots.refCount(a)).toBe(0);
    expect(slots.size).toBe(0);
  });

  it('treats releasing an unknown ID as a no-op', () => {
    const slots = new EventSlots();
    slots.acquire('a');
    slots.release('b');
    expect(slots.size).toBe(1);
  });

  it('reuses freed slots, most recently freed first, before new ones', () => {
    const slots = new EventSlots();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => slots.acquire(id));
    slots.release('a');
    slots.release('c');
    expect(slots.acquire('d')).toBe(c);
    expect(slots.acquire('e')).toBe(a);
    expect(slots.acquire('f')).toBe(3);
    expect(slots.slotOf('b')).toBe(b);
    expect(slots.slotOf('d')).toBe(c);
  });

  it('grows its capacity by doubling and keeps every binding', () => {
    const slots = new EventSlots();
    const start = slots.capacity;
    const n = start * 4 + 1;
    for (let i = 0; i < n; i++) expect(slots.acquire(`id${i}`)).toBe(i);
    expect(slots.capacity).toBe(start * 8);
    for (let i = 0; i < n; i++) {
      expect(slots.slotOf(`id${i}`)).toBe(i);
      expect(slots.refCount(i)).toBe(1);
    }
  });

  it('stays within the peak number of live IDs under churn', () => {
    const slots = new EventSlots();
    for (let i = 0; i < 10_000; i++) {
      slots.acquire(`id${i}`);
      if (i >= 5) slots.release(`id${i - 5}`);
    }
    expect(slots.size).toBe(5);
    expect(slots.capacity).toBe(8);
  });

  it('visits bound IDs in binding order', () => {
    const slots = new EventSlots();
    for (const id of ['x', 'y', 'z']) slots.acquire(id);
    slots.release('y');
    slots.acquire('w');
    const seen: [string, number][] = [];
    slots.forEach((id, slot) => seen.push([id, slot]));
    expect(seen).toEqual([
      ['x', 0],
      ['z', 2],
      ['w', 1],
    ]);
  });

  it('clear() unbinds everything and starts over', () => {
    const slots = new EventSlots();
    for (let i = 0; i < 20; i++) slots.acquire(`id${i}`);
    slots.clear();
    expect(slots.size).toBe(0);
    expect(slots.slotOf('id3')).toBe(-1);
    expect(slots.capacity).toBe(8);
    expect(slots.acquire('new')).toBe(0);
  });
});

describe('column growth', () => {
  it('doubles until the slot fits and keeps the old values', () => {
    const f = growFloat64(Float64Array.of(1.5, -2), 9);
    expect(f.length).toBe(16);
    expect([...f.subarray(0, 3)]).toEqual([1.5, -2, 0]);
    const u = growUint32(new Uint32Array(0), 0);
    expect(u.length).toBe(8);
    expect(growUint32(u, 8).length).toBe(16);
  });
});
