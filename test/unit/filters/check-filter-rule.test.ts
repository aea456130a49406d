import { checkFilterRule } from '../../../filters';
import type { FilterRuleSpec } from '../../../src/engine/types';
import { errorOf } from './filter-test-env';

const rule = (Type: string, Element: string, Values: string[] | null): FilterRuleSpec => ({
  Type,
  Element,
  Values,
});

describe('checkFilterRule', () => {
  it.each([
    rule('*string', '~*req.Account', ['1001']),
    rule('*string', '1001', ['~*req.Account']),
    rule('*gt', '~*req.*sum#~*req.Usage', ['10']),
    rule('*exists', '~*req.Account', null),
    rule('*exists', '~*req.Account', []),
    rule('*notexists', '~*req.Account', ['']),
    rule('*string', '~*req.Cost{*multiply:1.5}', ['3']),
    rule('*nosuchtype', '~*req.A', ['(']),
  ])('accepts %j', (r) => {
    expect(errorOf(() => checkFilterRule('FLTR_1', r))).toBeUndefined();
  });

  it.each([
    rule('*string', '~*req..Account', ['1001']),
    rule('*string', '~*req.', ['1001']),
    rule('*string', '~*req. .Account', ['1001']),
    rule('*string', '~*req.Account', ['~*req..Subject']),
    rule('*exists', '~*req.A..B', null),
  ])('refuses an empty path segment in %j (two spaces, as CGRateS)', (r) => {
    expect(errorOf(() => checkFilterRule('FLTR_1', r))).toBe('Empty field path  for filter <FLTR_1>');
  });

  // Go operator precedence: `*empty || *notempty || *exists || (*notexists && val != "")`.
  it.each([
    ['*empty', ''],
    ['*empty', 'x'],
    ['*notempty', ''],
    ['*exists', ''],
    ['*exists', 'x'],
    ['*notexists', 'x'],
  ])('refuses a value on %s (%p)', (type, v) => {
    expect(errorOf(() => checkFilterRule('FLTR_1', rule(type, '~*req.A', [v])))).toBe(
      `value of filter <FLTR_1> is not empty <${v}>`,
    );
  });

  it('lets *notexists keep an empty value', () => {
    expect(errorOf(() => checkFilterRule('F', rule('*notexists', '~*req.A', ['', ''])))).toBeUndefined();
  });

  it('reports the inline ID for inline filters', () => {
    const id = '*exists:~*req.A:x';
    expect(errorOf(() => checkFilterRule(id, rule('*exists', '~*req.A', ['x'])))).toBe(
      `value of filter <${id}> is not empty <x>`,
    );
  });
});
