import type { FilterRuleSpec } from '../../../src/engine/types';
import { dp, evalRule } from './filter-test-env';

const rsr = (values: string[]): FilterRuleSpec => ({ Type: '*rsr', Element: '~*req.X', Values: values });
const notRsr = (values: string[]): FilterRuleSpec => ({
  Type: '*notrsr',
  Element: '~*req.X',
  Values: values,
});

describe('*rsr / *notrsr (utils/rsrfilters.go)', () => {
  it.each<[string[], unknown, boolean]>([
    [['~^1.*1$'], '1001', true],
    [['~^1.*1$'], '1002', false],
    [['^$'], '', true],
    [['^$'], 'x', false],
    [['^10'], '1001', true],
    [['^10'], '2001', false],
    [['01$'], '1001', true],
    [['^1001$'], '1001', true],
    [['^1001$'], '10011', false],
    [['>=10'], 10, true],
    [['>=10'], 9, false],
    [['<=10'], 10, true],
    [['<=10'], 11, false],
    [['>10'], 10, false],
    [['>10'], '11s', true],
    [['<10'], 9.5, true],
    [['>10'], 'abc', false],
    [['1002'], 'x1002y', true],
    [['1002'], '1003', false],
    [['!1002'], '1003', true],
    [['!1002'], '1002', false],
    [['!'], 'x', false],
    [[''], 'x', true],
    [[], 'x', true],
    [['1003', '1002'], '1002', true],
  ])('%j on %j → %p', (values, x, expected) => {
    expect(evalRule(rsr(values), dp({ X: x }))).toBe(expected);
    expect(evalRule(notRsr(values), dp({ X: x }))).toBe(!expected);
  });

  it.each<[string[], boolean]>([
    [['^$'], true],
    // The rules are concatenated without their `!`, so `!^$` also passes on a missing field (kept quirk).
    [['!^$'], true],
    [['^', '$'], true],
    [['1001'], false],
    [[], false],
  ])('a missing field with %j → %p', (values, expected) => {
    expect(evalRule(rsr(values), dp({}))).toBe(expected);
  });

  it('reads the element through its converters', () => {
    expect(evalRule({ Type: '*rsr', Element: '~*req.X{*len}', Values: ['^4$'] }, dp({ X: '1001' }))).toBe(
      true,
    );
  });
});
