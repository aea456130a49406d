import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*lowest', () => {
  it.each([
    ['positive values', [4, 2, 3], '2'],
    ['negative values', [-5, -2, -9], '-9'],
    ['rounded (negatives are floored, a kept Go quirk)', [-1.234561], '-1.23457'],
    ['zero', [0, 1], '0'],
  ])('%s → %s', (_name, costs, str) => {
    const m = addAll(
      metric('*lowest#~*req.Cost'),
      costs.map((c, i) => [`e${i}`, { Cost: c }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
  });

  it('is N/A when empty or before MinItems, and fails with NOT_FOUND:<field>', () => {
    const m = metric('*lowest#~*req.Usage', 2);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(errorOf(() => m.addEvent('e1', req({ Cost: 1 })))).toBe('NOT_FOUND:~*req.Usage');
    m.addEvent('e1', req({ Usage: 7 }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Usage: 8 }));
    expect(m.getStringValue(DECIMALS)).toBe('7');
  });

  it('finds the next lowest on removal and overwrites repeated IDs', () => {
    const m = addAll(metric('*lowest#~*req.Cost'), [
      ['a', { Cost: 1 }],
      ['b', { Cost: 2 }],
      ['a', { Cost: 3 }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('2');
    expect(m.toJSON()).toMatchObject({ Count: 2, Events: { a: 3, b: 2 } });
    m.remEvent('b');
    expect(m.getStringValue(DECIMALS)).toBe('3');
  });

  it('tracks a sliding window of falling values', () => {
    const m = metric('*lowest#~*req.Cost');
    for (let i = 1; i <= 500; i++) {
      m.addEvent(`e${i}`, req({ Cost: -i }));
      if (i > 5) m.remEvent(`e${i - 5}`);
      expect(m.getFloat64Value(DECIMALS)).toBe(-i);
    }
  });

  it('serialises with the CGRateS field names and order and restores from it', () => {
    expect(JSON.stringify(metric('*lowest#~*req.Cost'))).toBe(
      '{"FilterIDs":[],"FieldName":"~*req.Cost","MinItems":0,"Lowest":1.7976931348623157e+308,"Count":0,"Events":{}}',
    );
    const m = addAll(metric('*lowest#~*req.Cost'), [
      ['e1', { Cost: 5 }],
      ['e2', { Cost: 6 }],
    ]);
    m.addOneEvent(req({ Cost: 5.5 }));
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldName":"~*req.Cost","MinItems":0,"Lowest":5,"Count":3,"Events":{"e1":5,"e2":6}}',
    );
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
  });
});
