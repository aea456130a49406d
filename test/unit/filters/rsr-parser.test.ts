import { compileRule } from '../../../filters';
import { compileRsrParser } from '../../../filters/rsr-parser';
import type { FilterRuleSpec } from '../../../src/engine/types';
import { MISSING } from '../../../src/util/field-path';
import { dp, errorOf, evalRule, testEnv } from './filter-test-env';

const env = testEnv();
const parse = (rules: string, req: Record<string, unknown>): unknown => {
  const p = compileRsrParser(rules);
  if (p === null) throw new Error('null parser');
  return p.parse(dp(req), env);
};

describe('RSR parser (config/rsrparser.go)', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['1001', {}, '1001'],
    ['~', {}, '~'],
    ['~*req.Account', { Account: '1001' }, '1001'],
    ['~*req.Account', {}, MISSING],
    ['~*req.Cost', { Cost: 1.5 }, '1.5'],
    ['~*req.Obj', { Obj: { b: 1, a: 'x' } }, '{"a":"x","b":1}'],
    ['~*req.Usage{*duration_seconds}', { Usage: '1m30s' }, '90'],
    ['~*req.Usage{*duration_nanoseconds}', { Usage: '1s' }, '1000000000'],
    ['~*req.Usage{*duration_minutes}', { Usage: '90s' }, '1.5'],
    ['~*req.Usage{*duration}', { Usage: 90000000000 }, '1m30s'],
    ['~*req.Usage{*duration}', { Usage: '90' }, '90ns'],
    ['~*req.Cost{*round:2}', { Cost: 1.2345 }, '1.23'],
    ['~*req.Cost{*round:2:*up}', { Cost: 1.2311 }, '1.24'],
    ['~*req.Cost{*round:1:*down}', { Cost: 1.29 }, '1.2'],
    ['~*req.Cost{*round}', { Cost: 1.5 }, '2'],
    ['~*req.Cost{*multiply:2}', { Cost: 1.5 }, '3'],
    ['~*req.Cost{*divide:4}', { Cost: 10 }, '2.5'],
    ['~*req.Usage{*duration_seconds&*round:0}', { Usage: '1.6s' }, '2'],
    ['~*req.Account{*len}', { Account: '1001' }, '4'],
    ['~*req.Account{*len}', { Account: 'é' }, '2'],
    ['~*req.List{*len}', { List: ['a', 'b'] }, '9'],
    ['~*req.List{*slice&*len}', { List: ['a', 'b'] }, '2'],
    ['~*req.A{*float64}', { A: '10' }, '10'],
    ['~*req.A{*json}', { A: 'x<y' }, '"x\\u003cy"'],
    ['~*req.A{*string2hex}', { A: 'ab' }, '0x6162'],
    ['~*req.A{*string2hex}', { A: '' }, ''],
    ['~*req.A{*ip2hex}', { A: '192.168.0.1' }, '0xc0a80001'],
    ['~*req.A{*urldecode}', { A: 'a%20b+c' }, 'a b c'],
    ['~*req.A{*e164}', { A: '4.6.9.1.e164.arpa' }, '1964'],
    ['~*req.A{*e164Domain}', { A: '4.6.9.1.e164.arpa.' }, 'e164.arpa'],
    ['~*req.A{*gigawords}', { A: '2' }, '8589934592'],
    ['~*req.A{*unixtime}', { A: '2024-05-01T12:00:00Z' }, '1714564800'],
    ['~*req.A{*strip:*prefix:2}', { A: '001234' }, '1234'],
    // Without an amount Go's TrimRight treats the substring as a cut set.
    ['~*req.A{*strip:*suffix:*char:00}', { A: '120000' }, '12'],
    ['~*req.A{*strip:*suffix:*char:00:1}', { A: '120000' }, '1200'],
    ['~*req.A{*strip:*both:*space}', { A: '  x  ' }, 'x'],
    ['~*req.A{*strip:*prefix:*char:0:1}', { A: '0012' }, '012'],
    ['5{*multiply:2}', {}, '10'],
    // `<...>` dynamic sub-paths are resolved first and spliced in.
    ['~*req.<~*req.Field>', { Field: 'Account', Account: '1001' }, '1001'],
    ['~*req.<~*req.Field>', { Account: '1001' }, MISSING],
    ['~*req.<~*req.A;~*req.B>', { A: 'Acc', B: 'ount', Account: '1001' }, '1001'],
    ['~*req.<~*req.Field>{*len}', { Field: 'Account', Account: '1001' }, '4'],
    // Search & replace: the replacement template is the output on a match, the value untouched otherwise.
    ['~*req.Destination:s/^\\+49(\\d+)/0${1}/', { Destination: '+4915123' }, '015123'],
    ['~*req.Destination:s/^\\+49(\\d+)/0$1/', { Destination: '+3361' }, '+3361'],
    ['~*req.Destination:s/^(\\d+)$/$$${1}/', { Destination: '12' }, '$12'],
  ])('%s on %j → %p', (rules, req, expected) => {
    expect(parse(rules, req)).toBe(expected);
  });

  it('returns null for an empty rule', () => {
    expect(compileRsrParser('')).toBeNull();
  });

  it.each<[string, string]>([
    ['~*req.A{*len', 'invalid converter terminator in rule: <~*req.A{*len>'],
    [
      '~*req.A{*foo}',
      'invalid converter value in string: <*foo>, err: unsupported converter definition: <*foo>',
    ],
    ['~*req.A{*}', 'invalid converter value in string: <*>, err: unsupported converter definition: <*>'],
    [
      '~*req.A{*len&*bar}',
      'invalid converter value in string: <*bar>, err: unsupported converter definition: <*bar>',
    ],
    [
      '~*req.A{*round:x}',
      'invalid converter value in string: <*round:x>, err: *round converter needs integer as decimals, have: <x>',
    ],
    [
      '~*req.A{*round:1:2:3}',
      'invalid converter value in string: <*round:1:2:3>, err: unsupported *round converter parameters: <1:2:3>',
    ],
    [
      '~*req.A{*multiply}',
      'invalid converter value in string: <*multiply>, err: mandatory information missing',
    ],
    [
      '~*req.A{*divide:x}',
      'invalid converter value in string: <*divide:x>, err: strconv.ParseFloat: parsing "x": invalid syntax',
    ],
    ['~*req.A{*durfmt}', 'invalid converter value in string: <*durfmt>, err: NOT_IMPLEMENTED:*durfmt'],
    [
      '~*req.A{*libphonenumber:US}',
      'invalid converter value in string: <*libphonenumber:US>, err: NOT_IMPLEMENTED:*libphonenumber',
    ],
    [
      '~*req.A{*strip:*prefix}',
      'invalid converter value in string: <*strip:*prefix>, err: strip converter: invalid number of parameters (should have 3, 4 or 5)',
    ],
  ])('refuses %s at compile time', (rules, msg) => {
    expect(errorOf(() => compileRsrParser(rules))).toBe(msg);
  });

  it('reports converter failures at evaluation (element error, value skipped)', () => {
    expect(errorOf(() => parse('~*req.A{*duration}', { A: 'abc' }))).toBe('time: invalid duration "abc"');
    expect(errorOf(() => evalRule('*string:~*req.A{*duration}:1s', dp({ A: 'abc' })))).toBe(
      'time: invalid duration "abc"',
    );
    expect(evalRule('*string:~*req.A:~*req.B{*duration}|x', dp({ A: 'x', B: 'abc' }))).toBe(true);
    expect(evalRule('*string:~*req.A:abc{*duration}', dp({ A: 'abc' }))).toBe(false);
  });

  it('applies converters and search&replace inside filter rules', () => {
    const spec: FilterRuleSpec = {
      Type: '*string',
      Element: '~*req.Destination:s/^\\+49(\\d+)/0${1}/',
      Values: ['015123'],
    };
    expect(evalRule(spec, dp({ Destination: '+4915123' }))).toBe(true);
    expect(evalRule('*string:~*req.Account{*len}:4', dp({ Account: '1001' }))).toBe(true);
    expect(evalRule('*string:~*req.<~*req.Field>:1001', dp({ Field: 'Account', Account: '1001' }))).toBe(
      true,
    );
    expect(evalRule('*string:~*req.Cost:3{*multiply:0.5}', dp({ Cost: 1.5 }))).toBe(true);
  });

  it('refuses an empty Element and empty values (CGRateS: empty RSRParser)', () => {
    expect(errorOf(() => compileRule({ Type: '*string', Element: '', Values: ['1'] }))).toBe(
      'empty RSRParser in rule: <>',
    );
    expect(errorOf(() => compileRule({ Type: '*string', Element: '~*req.A', Values: ['1', ''] }))).toBe(
      'empty RSRParser in rule: <>',
    );
  });
});
