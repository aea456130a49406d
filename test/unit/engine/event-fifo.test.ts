import fc from 'fast-check';
import { EventFifo, NO_EXPIRY } from '../../../src/engine/event-fifo';
import { grownCapacity } from '../../../src/util/grow-capacity';

type Item = [id: string, expiryMs: number, slot: number];

function contents(fifo: EventFifo): Item[] {
  const out: Item[] = [];
  fifo.forEach((id, expiryMs, slot) => out.push([id, expiryMs, slot]));
  return out;
}

describe('EventFifo', () => {
  it('keeps IDs, expiries and slots in arrival order across wrap-around and growth', () => {
    const fifo = new EventFifo(5);
    const model: Item[] = [];
    for (let i = 0; i < 50; i++) {
      const item: Item = [`e${i}`, i % 3 === 0 ? NO_EXPIRY : 1000 + i, i % 7];
      fifo.push(...item);
      model.push(item);
      if (i % 4 === 3) {
        expect(fifo.peekSlot()).toBe(model[0]?.[2]);
        expect(fifo.peekExpiryMs()).toBe(model[0]?.[1]);
        expect(fifo.shift()).toBe(model.shift()?.[0]);
      }
    }
    expect(fifo.length).toBe(model.length);
    expect(contents(fifo)).toEqual(model);
  });

  it('behaves like an array used as a queue (random pushes and shifts)', () => {
    const op = fc.oneof(
      fc.record({ push: fc.tuple(fc.string(), fc.oneof(fc.constant(NO_EXPIRY), fc.nat()), fc.nat()) }),
      fc.constant({ shift: true }),
    );
    fc.assert(
      fc.property(fc.nat(12), fc.array(op, { maxLength: 200 }), (expected, ops) => {
        const fifo = new EventFifo(expected);
        const model: Item[] = [];
        for (const o of ops) {
          if ('push' in o) {
            fifo.push(...o.push);
            model.push(o.push);
          } else if (model.length > 0) {
            const head = model.shift() as Item;
            expect(fifo.peekExpiryMs()).toBe(head[1]);
            expect(fifo.shift()).toBe(head[0]);
          }
        }
        expect(contents(fifo)).toEqual(model);
        expect(fifo.peekExpiryMs()).toBe(model[0]?.[1] ?? NO_EXPIRY);
      }),
    );
  });

  it('clear() empties it', () => {
    const fifo = new EventFifo();
    fifo.push('a', 5, 0);
    fifo.clear();
    expect(fifo.length).toBe(0);
    expect(fifo.peekExpiryMs()).toBe(NO_EXPIRY);
    expect(contents(fifo)).toEqual([]);
  });
});

describe('grownCapacity', () => {
  it('doubles, stopping exactly at the expected length when it passes it', () => {
    const steps = [8];
    while ((steps.at(-1) as number) < 300) steps.push(grownCapacity(steps.at(-1) as number, 100));
    expect(steps).toEqual([8, 16, 32, 64, 100, 200, 400]);
    expect(grownCapacity(8, 0)).toBe(16);
    expect(grownCapacity(0, 0)).toBe(1);
  });
});
