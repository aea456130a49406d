import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*ddc', () => {
  it.each([
    ['one destination', ['1002'], '1'],
    ['repeated destination', ['1001', '1002', '1001'], '2'],
    ['numbers read as decimal strings', [1002, '1002', 1003], '2'],
  ])('%s → %s', (_name, dests, str) => {
    const m = addAll(
      metric('*ddc'),
      dests.map((d, i) => [`e${i}`, { Destination: d }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
    expect(m.getValue(DECIMALS)).toBe(Number(str));
  });

  it('fails with NOT_FOUND:Destination and keeps its state', () => {
    const m = addAll(metric('*ddc'), [['e1', { Destination: '1001' }]]);
    const before = observe(m);
    expect(errorOf(() => m.addEvent('e2', req({ Account: '1001' })))).toBe('NOT_FOUND:Destination');
    expect(errorOf(() => m.addOneEvent(req({})))).toBe('NOT_FOUND:Destination');
    expect(observe(m)).toEqual(before);
  });

  it('compares MinItems with every add, duplicates included', () => {
    const m = metric('*ddc', 2);
    m.addEvent('e1', req({ Destination: '1001' }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Destination: '1001' }));
    expect(m.getStringValue(DECIMALS)).toBe('1');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('counts a repeated ID with the same value per value', () => {
    const m = addAll(metric('*ddc'), [
      ['e1', { Destination: '1002' }],
      ['e1', { Destination: '1002' }],
    ]);
    expect(m.toJSON()).toMatchObject({
      FieldValues: { 1002: { e1: {} } },
      Events: { e1: { 1002: 2 } },
      Count: 2,
    });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Events: { e1: { 1002: 1 } }, Count: 1 });
    expect(m.getStringValue(DECIMALS)).toBe('1');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ FieldValues: {}, Events: {}, Count: 0 });
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('removes one value of a repeated ID with several values (the smallest)', () => {
    const m = addAll(metric('*ddc'), [
      ['e1', { Destination: 'B' }],
      ['e1', { Destination: 'A' }],
      ['e2', { Destination: 'B' }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('2');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({
      FieldValues: { B: { e1: {}, e2: {} } },
      Events: { e1: { B: 1 } },
      Count: 2,
    });
    expect(m.getStringValue(DECIMALS)).toBe('1');
    m.remEvent('e1');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ FieldValues: { B: { e2: {} } }, Events: { e2: { B: 1 } }, Count: 1 });
  });

  it('keeps values seen in one-event mode as FieldValues keys without events', () => {
    const m = metric('*ddc');
    m.addOneEvent(req({ Destination: 'A' }));
    m.addOneEvent(req({ Destination: 'B' }));
    m.addOneEvent(req({ Destination: 'A' }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldValues":{"A":{},"B":{}},"Events":{},"MinItems":0,"Count":3}',
    );
    expect(observe(roundTrip(m))).toEqual(observe(m));
  });

  it('serialises with the CGRateS field names and order', () => {
    const m = addAll(metric('*ddc', 2), [['EVENT_1', { Destination: '1002' }]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldValues":{"1002":{"EVENT_1":{}}},"Events":{"EVENT_1":{"1002":1}},"MinItems":2,"Count":1}',
    );
  });

  it('restores from its JSON and keeps behaving the same', () => {
    const m = addAll(metric('*ddc', 1), [
      ['e1', { Destination: '1002' }],
      ['e1', { Destination: '1001' }],
      ['e2', { Destination: '1002' }],
      ['__proto__', { Destination: '__proto__' }],
    ]);
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) {
      x.remEvent('e1');
      x.remEvent('__proto__');
    }
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('1');
  });

  it('loads emptied {} entries CGRateS leaves behind and drops them', () => {
    const m = metric('*ddc');
    m.loadJSON({
      FilterIDs: [],
      FieldValues: { A: { e2: {} } },
      Events: { e1: {}, e2: { A: 1 } },
      MinItems: 0,
      Count: 1,
    });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Events: { e2: { A: 1 } }, Count: 1 });
    expect(m.getStringValue(DECIMALS)).toBe('1');
  });
});
