import {
  escapeMeasurement,
  escapeTag,
  formatFloatField,
  isWritableTag,
  quoteIdent,
  quoteString,
} from '../../../src/series/line-protocol';
import { LineQueue } from '../../../src/series/line-queue';

describe('line protocol and InfluxQL quoting', () => {
  it.each([
    [escapeMeasurement, 'queue_stats.1min', 'queue_stats.1min'],
    [escapeMeasurement, 'a b,c=d', 'a\\ b\\,c=d'],
    [escapeTag, 'a b,c=d', 'a\\ b\\,c\\=d'],
    [escapeTag, '*sum#~*req.Usage', '*sum#~*req.Usage'],
    [quoteString, "it's a \\ path", "'it\\'s a \\\\ path'"],
    [quoteString, 'a\nb', "'a\\nb'"],
    [quoteIdent, 'queue_stats.1min', '"queue_stats.1min"'],
    [quoteIdent, 'say "hi"', '"say \\"hi\\""'],
  ])('%p(%j) = %j', (fn, input, out) => {
    expect(fn(input)).toBe(out);
  });

  it.each([
    ['Q1', true],
    ['', false],
    ['a\nb', false],
    ['a\rb', false],
    ['trailing\\', false],
    ['mid\\dle', true],
  ])('isWritableTag(%j) = %p', (s, ok) => {
    expect(isWritableTag(s)).toBe(ok);
  });

  it('prints floats that parse back bit-exact', () => {
    for (const v of [0.1 + 0.2, 1 / 3, 1e21, 5e-324, 300, -2.5]) expect(Number(formatFloatField(v))).toBe(v);
  });
});

describe('LineQueue', () => {
  it('is FIFO and acknowledges batches', () => {
    const q = new LineQueue(10);
    ['a', 'b', 'c'].forEach((l) => q.push(l));
    const b = q.peek(2);
    expect(b.lines).toEqual(['a', 'b']);
    q.ack(b.endSeq);
    expect(q.peek(10).lines).toEqual(['c']);
  });

  it('drops the oldest when full and never acks lines that replaced a dropped batch', () => {
    const q = new LineQueue(3);
    ['a', 'b', 'c'].forEach((l) => q.push(l));
    const batch = q.peek(2); // a, b in flight
    ['d', 'e'].forEach((l) => q.push(l)); // a, b dropped meanwhile
    expect(q.dropped).toBe(2);
    q.ack(batch.endSeq);
    expect(q.peek(10).lines).toEqual(['c', 'd', 'e']);
  });

  it('stays correct across compactions', () => {
    const q = new LineQueue(100_000);
    for (let i = 0; i < 5000; i++) q.push(String(i));
    for (let i = 0; i < 4990; i += 10) q.ack(q.peek(10).endSeq);
    expect(q.length).toBe(10);
    expect(q.peek(3).lines).toEqual(['4990', '4991', '4992']);
  });
});
