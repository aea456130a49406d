import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*tcc', () => {
  it.each([
    ['spec §7 costs', [123.0, 12.1, 0], '135.1', 135.1],
    ['rounded to 5 decimals', [0.123456, 0.000004], '0.12346', 0.12346],
    ['zero', [0], '0', 0],
  ])('%s → %s', (_name, costs, str, value) => {
    const m = addAll(
      metric('*tcc'),
      costs.map((c, i) => [`e${i}`, { Cost: c }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(value);
  });

  it('rejects missing and negative costs', () => {
    const m = metric('*tcc');
    expect(errorOf(() => m.addEvent('e1', req({})))).toBe('NOT_FOUND:Cost');
    expect(errorOf(() => m.addEvent('e1', req({ Cost: -1 })))).toBe('NEGATIVE:Cost');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('removes repeated IDs by their per-ID average', () => {
    const m = addAll(metric('*tcc'), [
      ['e1', { Cost: 10 }],
      ['e1', { Cost: 20 }],
      ['e2', { Cost: 5 }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('35');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('20');
    m.remEvent('e2');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('restores from its JSON', () => {
    const m = addAll(metric('*tcc', 1), [['e1', { Cost: 1.5 }]]);
    m.addOneEvent(req({ Cost: 2 }));
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('3.5');
  });
});
