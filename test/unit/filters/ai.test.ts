import { compileRule, parseInlineFilter } from '../../../filters';
import type { FilterRuleSpec } from '../../../src/engine/types';
import { dp, errorOf, evalRule } from './filter-test-env';

describe('*ai / *notai', () => {
  const window = '*ai:~*req.AnswerTime:2014-07-29T15:00:00Z|2014-08-29T15:00:00Z';
  it.each<[string, unknown, boolean]>([
    [window, '2014-08-01T00:00:00Z', true],
    [window, '2014-09-01T00:00:00Z', false],
    [window, '2014-07-01T00:00:00Z', false],
    // Both bounds are strict.
    [window, '2014-07-29T15:00:00Z', false],
    [window, '2014-08-29T15:00:00Z', false],
    [window, undefined, false],
    ['*ai:~*req.AnswerTime:2014-07-29T15:00:00Z', '2014-07-29T15:00:01Z', true],
    ['*ai:~*req.AnswerTime:2014-07-29T15:00:00Z', '2014-07-29T15:00:00Z', false],
    // An empty start means "no start".
    ['*ai:~*req.AnswerTime:|2013-09-01T00:00:00Z', '2000-01-01T00:00:00Z', true],
    ['*ai:~*req.AnswerTime:|2013-09-01T00:00:00Z', '2014-01-01T00:00:00Z', false],
    // Zone-less field and unix seconds both parse.
    [window, '2014-08-01 10:00:00', true],
    [window, 1406851200, true],
    ['*notai:~*req.AnswerTime:2014-07-29T15:00:00Z|2014-08-29T15:00:00Z', '2014-09-01T00:00:00Z', true],
    ['*notai:~*req.AnswerTime:2014-07-29T15:00:00Z|2014-08-29T15:00:00Z', undefined, true],
  ])('%s on %j → %p', (rule, t, expected) => {
    expect(evalRule(rule, dp(t === undefined ? {} : { AnswerTime: t }))).toBe(expected);
  });

  it('reads dynamic bounds', () => {
    const ev = dp({ T: '2014-08-01T00:00:00Z', Start: '2014-07-01T00:00:00Z', End: '2014-09-01T00:00:00Z' });
    expect(evalRule('*ai:~*req.T:~*req.Start|~*req.End', ev)).toBe(true);
  });

  it('returns value errors instead of skipping them (unlike the other types)', () => {
    expect(errorOf(() => evalRule('*ai:~*req.T:~*req.Start', dp({ T: '2014-08-01T00:00:00Z' })))).toBe(
      'NOT_FOUND',
    );
    expect(errorOf(() => evalRule('*ai:~*req.T:notatime', dp({ T: '2014-08-01T00:00:00Z' })))).toBe(
      'Unsupported time format',
    );
    expect(errorOf(() => evalRule('*notai:~*req.T:2014-07-29T15:00:00Z', dp({ T: 'notatime' })))).toBe(
      'Unsupported time format',
    );
  });

  it.each<[FilterRuleSpec, string]>([
    [
      parseInlineFilter('*ai:~*req.T:2014-07-29T15:00:00Z|'),
      'empty RSRParser in rule: <2014-07-29T15:00:00Z|>',
    ],
    [{ Type: '*ai', Element: '~*req.T', Values: [''] }, 'empty RSRParser in rule: <>'],
    [{ Type: '*ai', Element: '~*req.T', Values: null }, 'Values is mandatory for Type: *ai'],
  ])('refuses at compile time what makes Go dereference nil: %j', (spec, msg) => {
    expect(errorOf(() => compileRule(spec))).toBe(msg);
  });
});
