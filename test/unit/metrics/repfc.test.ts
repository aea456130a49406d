import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*repfc', () => {
  it.each([
    ['*repfc', ['OK', 'ERR', 'ERR_CDRS', 'ok'], '3'],
    ['*repfc', ['OK'], 'N/A'],
    [
      '*repfc#ERR_CDRS',
      ['ERR_TERMINATE;ERR_CDRS', 'ERR_CDRS', 'ERR_CDRS_X', 'ERR', 'OK', 'X;ERR_CDRS;Y'],
      '3',
    ],
    ['*repfc#ERR', ['ERR_CDRS', 'ERR_TERMINATE;ERR_CDRS'], 'N/A'],
    ['*repfc#OK', ['OK', 'OK;ERR'], '2'],
    ['*repfc#A;B', ['A;B'], 'N/A'],
  ])('%s over %j → %s', (id, states, str) => {
    const m = addAll(
      metric(id),
      states.map((s, i) => [`e${i}`, { ReplyState: s }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
  });

  it('reads non-string ReplyStates as strings and fails without one', () => {
    const m = addAll(metric('*repfc'), [['e1', { ReplyState: 1 }]]);
    expect(m.getStringValue(DECIMALS)).toBe('1');
    expect(errorOf(() => m.addEvent('e2', req({})))).toBe('NOT_FOUND:ReplyState');
  });

  it('compares MinItems with failures only and forgets a repeated ID on one removal', () => {
    const m = addAll(metric('*repfc', 2), [
      ['e1', { ReplyState: 'ERR' }],
      ['e1', { ReplyState: 'ERR' }],
      ['e2', { ReplyState: 'OK' }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e3', req({ ReplyState: 'ERR' }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('serialises ErrorType between MinItems and Count and restores from it', () => {
    const m = addAll(metric('*repfc#ERR_CDRS'), [['e1', { ReplyState: 'ERR_CDRS' }]]);
    m.addOneEvent(req({ ReplyState: 'ERR_CDRS' }));
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"MinItems":0,"ErrorType":"ERR_CDRS","Count":2,"Events":{"e1":{}}}',
    );
    expect(metric('*repfc').toJSON()['ErrorType']).toBe('');
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) x.remEvent('e1');
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('1');
  });
});
