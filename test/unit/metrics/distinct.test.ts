import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*distinct', () => {
  it.each([
    [
      'strings',
      '*distinct#~*req.Account',
      [{ Account: '1001' }, { Account: '1002' }, { Account: '1001' }],
      '2',
    ],
    [
      'JSON numbers as decimal strings',
      '*distinct#~*req.Usage',
      [{ Usage: 10_000_000_000 }, { Usage: '10000000000' }],
      '1',
    ],
    ['nested field', '*distinct#~*req.A.B', [{ A: { B: 'x' } }, { A: { B: 'y' } }], '2'],
  ])('%s: %s → %s', (_name, id, events, str) => {
    const m = addAll(
      metric(id),
      events.map((ev, i) => [`e${i}`, ev] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
  });

  it.each([
    ['*distinct#Account', 'invalid format for field <Account>'],
    ['*distinct#~*opts.X', 'invalid format for field <~*opts.X>'],
    ['*distinct', 'invalid format for field <>'],
  ])('accepts %s but fails every event with %j', (id, text) => {
    const m = metric(id);
    expect(errorOf(() => m.addEvent('e1', req({ Account: '1001' })))).toBe(text);
    expect(errorOf(() => m.addOneEvent(req({ Account: '1001' })))).toBe(text);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('fails with NOT_FOUND:<field>', () => {
    expect(errorOf(() => metric('*distinct#~*req.Account').addEvent('e1', req({})))).toBe(
      'NOT_FOUND:~*req.Account',
    );
  });

  it('follows the *ddc rules for MinItems, repeated IDs and removal', () => {
    const m = metric('*distinct#~*req.Account', 2);
    m.addEvent('e1', req({ Account: 'a' }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e1', req({ Account: 'b' }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(m.toJSON()).toMatchObject({ FieldValues: { b: { e1: {} } }, Events: { e1: { b: 1 } }, Count: 1 });
  });

  it('serialises FieldName between MinItems and Count and restores from it', () => {
    const m = addAll(metric('*distinct#~*req.Account', 2), [['EVENT_1', { Account: '1001' }]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"FieldValues":{"1001":{"EVENT_1":{}}},"Events":{"EVENT_1":{"1001":1}},' +
        '"MinItems":2,"FieldName":"~*req.Account","Count":1}',
    );
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    copy.addEvent('EVENT_2', req({ Account: '1002' }));
    expect(copy.getStringValue(DECIMALS)).toBe('2');
  });
});
