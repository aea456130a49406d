import { dp, evalRule, testEnv } from './filter-test-env';

describe('*destinations / *notdestinations', () => {
  const env = testEnv({
    destinations: { DST_DE_MOBILE: ['+49151', '+49160'], DST_FS: ['10'], DST_EMPTY: [''] },
  });
  it.each<[string, unknown, boolean]>([
    ['*destinations:~*req.Destination:DST_DE_MOBILE', '+4915112345', true],
    ['*destinations:~*req.Destination:DST_DE_MOBILE', '+4916012345', true],
    ['*destinations:~*req.Destination:DST_DE_MOBILE', '+4917012345', false],
    ['*destinations:~*req.Destination:DST_FS|DST_DE_MOBILE', '1001', true],
    ['*destinations:~*req.Destination:DST_UNKNOWN|DST_FS', '1001', true],
    ['*destinations:~*req.Destination:DST_UNKNOWN', '1001', false],
    ['*destinations:~*req.Destination:DST_EMPTY', '1001', false],
    ['*destinations:~*req.Destination:DST_FS', 1001, true],
    ['*destinations:~*req.Destination:DST_FS', undefined, false],
    ['*notdestinations:~*req.Destination:DST_FS', undefined, true],
    ['*notdestinations:~*req.Destination:DST_FS', '1001', false],
    ['*notdestinations:~*req.Destination:DST_FS', '2001', true],
    ['*destinations:~*req.Destination:~*req.DstID', '1001', false],
  ])('%s on %j → %p', (rule, d, expected) => {
    expect(evalRule(rule, dp(d === undefined ? {} : { Destination: d }), env)).toBe(expected);
  });

  it('resolves dynamic destination IDs', () => {
    expect(
      evalRule(
        '*destinations:~*req.Destination:~*req.DstID',
        dp({ Destination: '1001', DstID: 'DST_FS' }),
        env,
      ),
    ).toBe(true);
  });
});
