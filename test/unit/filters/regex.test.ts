import { compileRule, parseInlineFilter } from '../../../filters';
import { dp, errorOf, evalRule } from './filter-test-env';

describe('*regex / *notregex', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['*regex:~*req.Account:^10', { Account: '1001' }, true],
    ['*regex:~*req.Account:0{2}', { Account: '1001' }, true],
    ['*regex:~*req.Account:^2|^3', { Account: '1001' }, false],
    ['*regex:~*req.Account:^2|^1', { Account: '1001' }, true],
    ['*regex:~*req.Account:(?i)abc', { Account: 'xABCx' }, true],
    ['*regex:~*req.Account:(?P<n>\\d+)x', { Account: '12x' }, true],
    ['*regex:~*req.Account:\\A1\\z', { Account: '1' }, true],
    ['*regex:~*req.Account:\\A1\\z', { Account: '11' }, false],
    ['*regex:~*req.Account:\\d+', { Account: 1001 }, true],
    ['*regex:~*req.Account:.', {}, false],
    ['*notregex:~*req.Account:.', {}, true],
    ['*notregex:~*req.Account:^10', { Account: '1001' }, false],
  ])('%s on %j → %p', (rule, req, expected) => {
    expect(evalRule(rule, dp(req))).toBe(expected);
  });

  it('refuses a bad regex at compile time', () => {
    expect(errorOf(() => compileRule(parseInlineFilter('*regex:~*req.A:(')))).toMatch(
      /^error parsing regexp: .*: `\(`$/,
    );
  });

  it('evaluates the same compiled rule repeatedly (no lastIndex state)', () => {
    const rule = compileRule(parseInlineFilter('*regex:~*req.A:1'));
    for (let i = 0; i < 3; i++)
      expect(
        rule.pass(dp({ A: '1' }), 't', {
          nowMs: () => 0,
          timezone: 'UTC',
          destinationPrefixes: () => undefined,
        }),
      ).toBe(true);
  });
});
