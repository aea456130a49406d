import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*repsc', () => {
  it.each([
    ['all OK', ['OK', 'OK'], '2'],
    ['only exact OK counts', ['OK', 'ok', 'OK;ERR', 'ERR'], '1'],
    ['no success is N/A', ['ERR'], 'N/A'],
  ])('%s → %s', (_name, states, str) => {
    const m = addAll(
      metric('*repsc'),
      states.map((s, i) => [`e${i}`, { ReplyState: s }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
  });

  it('compares MinItems with successes only', () => {
    const m = addAll(metric('*repsc', 2), [
      ['e1', { ReplyState: 'OK' }],
      ['e2', { ReplyState: 'ERR' }],
      ['e3', { ReplyState: 'ERR' }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e4', req({ ReplyState: 'OK' }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    expect(m.getFloat64Value(DECIMALS)).toBe(2);
  });

  it('fails with NOT_FOUND:ReplyState', () => {
    expect(errorOf(() => metric('*repsc').addEvent('e1', req({ Cost: 1 })))).toBe('NOT_FOUND:ReplyState');
  });

  it('counts a repeated ID once and forgets it on one removal', () => {
    const m = addAll(metric('*repsc'), [
      ['e1', { ReplyState: 'OK' }],
      ['e1', { ReplyState: 'OK' }],
      ['e2', { ReplyState: 'OK' }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('2');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('1');
    m.remEvent('e1');
    m.remEvent('e2');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('counts every success in one-event mode', () => {
    const m = metric('*repsc');
    for (const s of ['OK', 'OK', 'ERR']) m.addOneEvent(req({ ReplyState: s }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    expect(m.toJSON()).toMatchObject({ Count: 2, Events: {} });
  });

  it('serialises with the CGRateS field names and order and restores from it', () => {
    const m = addAll(metric('*repsc', 1), [['e1', { ReplyState: 'OK' }]]);
    expect(JSON.stringify(m)).toBe('{"FilterIDs":[],"MinItems":1,"Count":1,"Events":{"e1":{}}}');
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    copy.remEvent('e1');
    expect(copy.getStringValue(DECIMALS)).toBe('N/A');
  });
});
