import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

const S = 1e9;

describe('*tcd', () => {
  it.each([
    ['spec §7 usages', [135 * S, 45 * S, 0], '3m0s', 180 * S],
    ['Go duration strings', ['1m', '30s'], '1m30s', 90 * S],
    ['sub-second', [478_430_000], '478.43ms', 478_430_000],
    ['rounded to 10µs at 5 decimals', [1_500_004], '1.5ms', 1_500_000],
    ['zero usage', [0], '0s', 0],
  ])('%s → %s', (_name, usages, str, ns) => {
    const m = addAll(
      metric('*tcd'),
      usages.map((u, i) => [`e${i}`, { Usage: u }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(ns);
    expect(m.getValue(DECIMALS)).toBe(ns);
  });

  it('fails with NOT_FOUND:Usage', () => {
    expect(errorOf(() => metric('*tcd').addEvent('e1', req({ AnswerTime: 'x' })))).toBe('NOT_FOUND:Usage');
  });

  it('is N/A with no events even when MinItems is 0', () => {
    expect(metric('*tcd').getStringValue(DECIMALS)).toBe('N/A');
  });

  it('subtracts the per-ID average on removal of a repeated ID', () => {
    const m = addAll(metric('*tcd'), [
      ['e1', { Usage: 60 * S }],
      ['e1', { Usage: 120 * S }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('3m0s');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('1m30s');
    expect(m.toJSON()).toMatchObject({ Events: { e1: { Duration: 90 * S, CompressFactor: 1 } } });
  });

  it('restores from its JSON', () => {
    const m = addAll(metric('*tcd', 2), [
      ['e1', { Usage: 60 * S }],
      ['e2', { Usage: 1 }],
    ]);
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    copy.remEvent('e2');
    m.remEvent('e2');
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('N/A');
  });
});
