import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*highest', () => {
  it.each([
    ['positive values', [1, 5, 3], '5'],
    ['negative values (CGRateS would say 0)', [-5, -2, -9], '-2'],
    ['mixed signs', [-5, 0.5], '0.5'],
    ['rounded to 5 decimals', [1.234567], '1.23457'],
    ['strings as floats', ['2.5', '1m'], '60000000000'],
  ])('%s → %s', (_name, costs, str) => {
    const m = addAll(
      metric('*highest#~*req.Cost'),
      costs.map((c, i) => [`e${i}`, { Cost: c }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
  });

  it('is N/A with no events and before MinItems (DESIGN deviation 3)', () => {
    const m = metric('*highest#~*req.Cost', 2);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e1', req({ Cost: -3 }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Cost: -4 }));
    expect(m.getStringValue(DECIMALS)).toBe('-3');
  });

  it('fails with NOT_FOUND:<field>', () => {
    const m = metric('*highest#~*req.Cost');
    expect(errorOf(() => m.addEvent('e1', req({})))).toBe('NOT_FOUND:~*req.Cost');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('finds the next highest when the highest is removed', () => {
    const m = addAll(metric('*highest#~*req.Cost'), [
      ['a', { Cost: 1 }],
      ['b', { Cost: 5 }],
      ['c', { Cost: 3 }],
      ['d', { Cost: 5 }],
    ]);
    m.remEvent('b');
    expect(m.getStringValue(DECIMALS)).toBe('5');
    m.remEvent('d');
    expect(m.getStringValue(DECIMALS)).toBe('3');
    m.remEvent('a');
    m.remEvent('nope');
    expect(m.getStringValue(DECIMALS)).toBe('3');
    m.remEvent('c');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('overwrites a repeated ID and counts IDs, not events', () => {
    const m = addAll(metric('*highest#~*req.Cost'), [
      ['e1', { Cost: 10 }],
      ['e1', { Cost: 5 }],
    ]);
    // CGRateS would keep a stale 10 here; the stored values only hold 5.
    expect(m.getStringValue(DECIMALS)).toBe('5');
    expect(m.toJSON()).toMatchObject({ Count: 1, Events: { e1: 5 } });
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Count: 0 });
  });

  it('averages a constant parameter', () => {
    const m = addAll(metric('*highest#7'), [['e1', {}]]);
    expect(m.getStringValue(DECIMALS)).toBe('7');
  });

  it('tracks a sliding window of rising values without growing without bound', () => {
    const m = metric('*highest#~*req.Cost');
    for (let i = 0; i < 2000; i++) {
      m.addEvent(`e${i}`, req({ Cost: i }));
      if (i >= 10) m.remEvent(`e${i - 10}`);
      expect(m.getFloat64Value(DECIMALS)).toBe(i);
    }
    for (let i = 1990; i < 1999; i++) {
      m.remEvent(`e${i}`);
      expect(m.getFloat64Value(DECIMALS)).toBe(1999);
    }
    m.remEvent('e1999');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('keeps the highest of one-event mode across a restore', () => {
    const m = metric('*highest#~*req.Cost');
    for (const c of [3, 9, 2]) m.addOneEvent(req({ Cost: c }));
    expect(m.getStringValue(DECIMALS)).toBe('9');
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldName":"~*req.Cost","MinItems":0,"Highest":9,"Count":3,"Events":{}}',
    );
    expect(observe(roundTrip(m))).toEqual(observe(m));
  });

  it('serialises with the CGRateS field names and order and restores from it', () => {
    expect(JSON.stringify(metric('*highest#~*req.Cost', 1))).toBe(
      '{"FilterIDs":[],"FieldName":"~*req.Cost","MinItems":1,"Highest":-1.7976931348623157e+308,"Count":0,"Events":{}}',
    );
    const m = addAll(metric('*highest#~*req.Cost', 1), [
      ['e1', { Cost: 5 }],
      ['e2', { Cost: -1.5 }],
    ]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldName":"~*req.Cost","MinItems":1,"Highest":5,"Count":2,"Events":{"e1":5,"e2":-1.5}}',
    );
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) x.remEvent('e1');
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('-1.5');
  });
});
