import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

const S = 1e9;

describe('*pdd', () => {
  it.each([
    ['one PDD', [12 * S], '12s', 12 * S],
    ['average', [1 * S, 2 * S], '1.5s', 1.5 * S],
    ['string durations', ['500ms', '1s'], '750ms', 750_000_000],
    ['microseconds', [500_000], '500µs', 500_000],
  ])('%s → %s', (_name, pdds, str, ns) => {
    const m = addAll(
      metric('*pdd'),
      pdds.map((p, i) => [`e${i}`, { PDD: p }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(ns);
    expect(m.isDuration).toBe(true);
  });

  it('reads only PDD: NOT_FOUND:PDD without it', () => {
    const m = metric('*pdd');
    expect(errorOf(() => m.addEvent('e1', req({ Usage: 10 * S })))).toBe('NOT_FOUND:PDD');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('handles repeated IDs, one-event mode and restores from JSON', () => {
    const m = addAll(metric('*pdd'), [
      ['e1', { PDD: 2 * S }],
      ['e1', { PDD: 4 * S }],
    ]);
    m.addOneEvent(req({ PDD: 6 * S }));
    expect(m.getStringValue(DECIMALS)).toBe('4s');
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"Sum":12000000000,"Count":3,' +
        '"Events":{"e1":{"Duration":3000000000,"CompressFactor":2}},"MinItems":0}',
    );
    const copy = roundTrip(m);
    copy.remEvent('e1');
    m.remEvent('e1');
    expect(observe(copy)).toEqual(observe(m));
    expect(m.getStringValue(DECIMALS)).toBe('4.5s');
  });
});
