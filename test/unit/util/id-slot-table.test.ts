import fc from 'fast-check';
import { IdSlotTable, hashID } from '../../../src/util/id-slot-table';

describe('hashID', () => {
  it('is FNV-1a 32-bit over UTF-16 code units, as an int32', () => {
    expect(hashID('')).toBe(0x811c9dc5 | 0);
    expect(hashID('a')).toBe(0xe40c292c | 0);
    expect(hashID('foobar')).toBe(0xbf9cf968 | 0);
  });
});

describe('IdSlotTable', () => {
  // A hash with very few values forces long probe runs, wrap-around and shifts on delete.
  const hashes: [string, (id: string) => number][] = [
    ['FNV-1a', hashID],
    ['colliding', (id) => id.length % 3],
    ['wrapping', () => -1],
  ];

  it.each(hashes)('behaves like a Map under random binds and unbinds (%s hash)', (_name, hash) => {
    const op = fc.oneof(fc.record({ bind: fc.string({ maxLength: 3 }) }), fc.record({ unbind: fc.nat(40) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new IdSlotTable();
        const model = new Map<string, number>();
        let nextSlot = 0;
        const free: number[] = [];
        for (const o of ops) {
          if ('bind' in o) {
            if (model.has(o.bind)) continue;
            const slot = free.pop() ?? nextSlot++;
            table.set(o.bind, hash(o.bind), slot);
            model.set(o.bind, slot);
          } else {
            const entries = [...model];
            const victim = entries[o.unbind % Math.max(entries.length, 1)];
            if (victim === undefined) continue;
            table.delete(victim[1], hash(victim[0]));
            model.delete(victim[0]);
            free.push(victim[1]);
          }
          expect(table.size).toBe(model.size);
        }
        for (const [id, slot] of model) {
          expect(table.get(id, hash(id))).toBe(slot);
          expect(table.idOf(slot)).toBe(id);
        }
        for (const id of ['', 'a', 'zz', 'qqq', 'not bound']) {
          if (!model.has(id)) expect(table.get(id, hash(id))).toBe(-1);
        }
        const seen: [string, number][] = [];
        table.forEach((id, slot) => seen.push([id, slot]));
        expect(seen).toEqual([...model].sort((a, b) => a[1] - b[1]));
      }),
    );
  });

  it('clear() forgets everything', () => {
    const table = new IdSlotTable();
    for (let i = 0; i < 100; i++) table.set(`id${i}`, hashID(`id${i}`), i);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get('id5', hashID('id5'))).toBe(-1);
  });
});
