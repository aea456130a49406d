import { EventSlots } from '../../../src/util/event-slots';
import { SlotRows } from '../../../src/util/slot-rows';

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
    slots.releaseSlot(a);
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

  it('visits bound IDs in slot order', () => {
    const slots = new EventSlots();
    for (const id of ['x', 'y', 'z']) slots.acquire(id);
    slots.release('y');
    slots.acquire('w');
    const seen: [string, number][] = [];
    slots.forEach((id, slot) => seen.push([id, slot]));
    expect(seen).toEqual([
      ['x', 0],
      ['w', 1],
      ['z', 2],
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

describe('EventSlots rows', () => {
  it('keeps every cell of a bound slot when the rows grow', () => {
    const slots = new EventSlots();
    const col = slots.rows.addF64Column();
    const ids = Array.from({ length: 40 }, (_, i) => `id${i}`);
    for (const id of ids) {
      const slot = slots.acquire(id);
      slots.rows.f64[slots.rows.f64At(slot, col)] = slot * 1.5;
    }
    expect(slots.capacity).toBe(64);
    for (const id of ids) {
      const slot = slots.slotOf(id);
      expect(slots.rows.f64[slots.rows.f64At(slot, col)]).toBe(slot * 1.5);
      expect(slots.refCount(slot)).toBe(1);
    }
  });

  it('clear() drops every column but its own reference counts', () => {
    const slots = new EventSlots();
    slots.rows.addF64Column();
    slots.acquire('a');
    slots.clear();
    expect(slots.rows.addF64Column()).toBe(0);
    expect(slots.refCount(slots.acquire('b'))).toBe(1);
  });
});

describe('SlotRows', () => {
  it('lays float and count cells of one slot side by side and keeps them across new columns', () => {
    const rows = new SlotRows(4);
    const f = rows.addF64Column();
    const u = rows.addU32Column();
    for (let s = 0; s < 4; s++) {
      rows.f64[rows.f64At(s, f)] = s + 0.25;
      rows.u32[rows.u32At(s, u)] = 10 + s;
    }
    const f2 = rows.addF64Column();
    const u2 = rows.addU32Column();
    expect([f2, u2]).toEqual([1, 1]);
    for (let s = 0; s < 4; s++) {
      expect(rows.f64[rows.f64At(s, f)]).toBe(s + 0.25);
      expect(rows.u32[rows.u32At(s, u)]).toBe(10 + s);
      expect(rows.f64[rows.f64At(s, f2)]).toBe(0);
      expect(rows.u32[rows.u32At(s, u2)]).toBe(0);
    }
    // two floats and two counts: 24 bytes per row
    expect(rows.f64.byteLength).toBe(4 * 24);
    // a row's cells are contiguous: the next row starts after this row's counts
    expect(rows.u32At(0, u2) * 4 + 4).toBeLessThanOrEqual(rows.f64At(1, f) * 8);
  });

  it('reuses a removed column, zeroed, before widening the rows', () => {
    const rows = new SlotRows(2);
    const a = rows.addF64Column();
    const b = rows.addU32Column();
    rows.f64[rows.f64At(1, a)] = 7;
    rows.u32[rows.u32At(1, b)] = 9;
    const width = rows.f64.byteLength;
    rows.removeF64Column(a);
    rows.removeU32Column(b);
    expect(rows.addF64Column()).toBe(a);
    expect(rows.addU32Column()).toBe(b);
    expect(rows.f64.byteLength).toBe(width);
    expect(rows.f64[rows.f64At(1, a)]).toBe(0);
    expect(rows.u32[rows.u32At(1, b)]).toBe(0);
  });

  it('resize() keeps the cells of the rows it keeps', () => {
    const rows = new SlotRows(2);
    const a = rows.addU32Column();
    rows.i32[rows.u32At(1, a)] = -3;
    rows.resize(8);
    expect(rows.capacity).toBe(8);
    expect(rows.i32[rows.u32At(1, a)]).toBe(-3);
    expect(rows.i32[rows.u32At(7, a)]).toBe(0);
  });
});
