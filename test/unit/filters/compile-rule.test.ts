import {
  FILTER_REGISTRY,
  compileRule,
  isKnownFilterType,
  isOutsideServiceType,
  parseInlineFilter,
} from '../../../filters';
import type { FilterRuleSpec } from '../../../src/engine/types';
import { dp, errorOf, evalRule } from './filter-test-env';

describe('compileRule', () => {
  // One generic wrapper: for every negatable type, *not<type> is the exact opposite on a sample.
  const samples: Record<string, [FilterRuleSpec, Record<string, unknown>]> = {
    '*string': [{ Type: '', Element: '~*req.A', Values: ['1'] }, { A: '1' }],
    '*contains': [{ Type: '', Element: '~*req.A', Values: ['b'] }, { A: 'abc' }],
    '*prefix': [{ Type: '', Element: '~*req.A', Values: ['a'] }, { A: 'abc' }],
    '*suffix': [{ Type: '', Element: '~*req.A', Values: ['c'] }, { A: 'abc' }],
    '*empty': [{ Type: '', Element: '~*req.A', Values: null }, { A: '' }],
    '*exists': [{ Type: '', Element: '~*req.A', Values: null }, { A: 'x' }],
    '*regex': [{ Type: '', Element: '~*req.A', Values: ['^a'] }, { A: 'abc' }],
    '*rsr': [{ Type: '', Element: '~*req.A', Values: ['^a'] }, { A: 'abc' }],
    '*eq': [{ Type: '', Element: '~*req.A', Values: ['1'] }, { A: 1 }],
    '*ipnet': [{ Type: '', Element: '~*req.A', Values: ['10.0.0.0/8'] }, { A: '10.1.1.1' }],
    '*ai': [
      { Type: '', Element: '~*req.A', Values: ['2014-01-01T00:00:00Z'] },
      { A: '2015-01-01T00:00:00Z' },
    ],
    '*destinations': [{ Type: '', Element: '~*req.A', Values: ['D'] }, { A: '1' }],
  };

  it.each(Object.keys(samples))('negates %s with the shared *not wrapper', (type) => {
    const [spec, req] = samples[type] as [FilterRuleSpec, Record<string, unknown>];
    const env = { nowMs: () => 0, timezone: 'UTC', destinationPrefixes: () => ['1'] };
    const base = evalRule({ ...spec, Type: type }, dp(req), env);
    expect(base).toBe(true);
    expect(evalRule({ ...spec, Type: `*not${type.slice(1)}` }, dp(req), env)).toBe(false);
    expect(evalRule({ ...spec, Type: `*not${type.slice(1)}` }, dp({}), env)).toBe(
      !evalRule({ ...spec, Type: type }, dp({}), env),
    );
  });

  it('registers every built-in type explicitly', () => {
    expect([...FILTER_REGISTRY.keys()].sort()).toEqual(
      [
        '*ai',
        '*contains',
        '*destinations',
        '*empty',
        '*eq',
        '*exists',
        '*gt',
        '*gte',
        '*ipnet',
        '*lt',
        '*lte',
        '*niexists',
        '*niprefix',
        '*nistring',
        '*nisuffix',
        '*prefix',
        '*regex',
        '*rsr',
        '*string',
        '*suffix',
        '*timings',
      ].sort(),
    );
  });

  it.each([
    '*string',
    '*notstring',
    '*nistring',
    '*exists',
    '*notexists',
    '*niexists',
    '*gt',
    '*lte',
    '*eq',
    '*noteq',
    '*timings',
    '*nottimings',
    '*destinations',
    '*notdestinations',
    '*ai',
    '*notai',
    '*regex',
    '*notregex',
  ])('knows %s', (t) => {
    expect(isKnownFilterType(t)).toBe(true);
  });

  it.each([
    '*notgt',
    '*notgte',
    '*notlt',
    '*notlte',
    '*notnistring',
    '*foo',
    '*stats',
    '*notstats',
    '*apiban',
    '*http#[x]',
    '',
  ])('does not know %p', (t) => {
    expect(isKnownFilterType(t)).toBe(false);
  });

  it.each([
    '*apiban',
    '*notapiban',
    '*sentrypeer',
    '*notsentrypeer',
    '*http#[http://h:80/x]',
    '*nothttp#[http://h]',
  ])('refuses outside-service type %s with NOT_IMPLEMENTED at compile time', (t) => {
    expect(isOutsideServiceType(t)).toBe(true);
    expect(errorOf(() => compileRule({ Type: t, Element: '~*req.A', Values: ['*all'] }))).toBe(
      `NOT_IMPLEMENTED:${t}`,
    );
  });

  it('compiles an unknown type and fails at evaluation, as CGRateS', () => {
    const rule = compileRule(parseInlineFilter('*foo:~*req.A:1'));
    expect(
      errorOf(() =>
        rule.pass(dp({ A: 1 }), 't', {
          nowMs: () => 0,
          timezone: 'UTC',
          destinationPrefixes: () => undefined,
        }),
      ),
    ).toBe('NOT_IMPLEMENTED:*foo');
  });

  it('still surfaces compile errors of an unknown type first', () => {
    expect(errorOf(() => compileRule(parseInlineFilter('*foo:~*req.A{*bad}:1')))).toBe(
      'invalid converter value in string: <*bad>, err: unsupported converter definition: <*bad>',
    );
  });

  it('compiles values before the element (CGRateS error order)', () => {
    expect(
      errorOf(() => compileRule({ Type: '*string', Element: '~*req.A{*x}', Values: ['~*req.B{*y}'] })),
    ).toBe('invalid converter value in string: <*y>, err: unsupported converter definition: <*y>');
  });

  it('keeps the spec on the compiled rule', () => {
    const spec = parseInlineFilter('*string:~*req.A:1');
    expect(compileRule(spec).spec).toBe(spec);
  });
});
