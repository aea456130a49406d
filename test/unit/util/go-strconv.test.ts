import { CGRError } from '../../../src/util/cgr-error';
import { formatFloatV } from '../../../src/util/go-float';
import {
  goAtoi,
  goQuote,
  goQuoteTime,
  parseGoBool,
  parseGoFloat,
  parseGoInt64,
  tryParseGoBool,
  tryParseGoFloat,
  tryParseGoInt64,
} from '../../../src/util/go-strconv';

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CGRError);
    return (e as Error).message;
  }
  throw new Error('expected a CGRError');
}

// Cases from Go's strconv atof tests: input, Go's %v of the result (`FormatFloat(x, 'g', -1, 64)`), error.
describe('parseGoFloat', () => {
  it.each([
    ['1', '1'],
    ['+1', '1'],
    ['1e23', '1e+23'],
    ['1E23', '1e+23'],
    ['100000000000000000000000', '1e+23'],
    ['123456700', '1.234567e+08'],
    ['-0.1', '-0.1'],
    ['-0', '-0'],
    ['625e-3', '0.625'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['0x1p0', '1'],
    ['0x1p-1', '0.5'],
    ['0x1ep-1', '15'],
    ['-0x1_ep-1', '-15'],
    ['0x1fFe2.p0', '131042'],
    ['0x0.fp4', '15'],
    ['0x.1p-2', '0.015625'],
    ['0x1.fffffffffffffp1023', '1.7976931348623157e+308'],
    ['0x1.fffffffffffff7fffp1023', '1.7976931348623157e+308'],
    ['0x0.00000000000010p-1022', '5e-324'],
    ['0x0.00000000000008p-1022', '0'],
    ['0x0.000000000000081p-1022', '5e-324'],
    ['0x0.0000000345678800000000000000000000000001p-1022', '1.6946496e-317'],
    ['0x0.00000003456788p-1022', '1.694649e-317'],
    ['0x1.00000000000008p0', '1'],
    ['0x1.000000000000081p0', '1.0000000000000002'],
    ['0x_1_2.3_4_5p+1_2', '74565'],
    ['0e+01234567890123456789', '0'],
    ['-0x0p+01234567890123456789', '-0'],
    ['nan', 'NaN'],
    ['NAN', 'NaN'],
    ['inf', '+Inf'],
    ['-Inf', '-Inf'],
    ['+INFINITY', '+Inf'],
    ['Infinity', '+Inf'],
    ['1.7976931348623158e308', '1.7976931348623157e+308'],
    ['5e-324', '5e-324'],
    ['2e-324', '0'],
    ['1e-400000', '0'],
    ['1e-18446744073709551616', '0'],
    ['0x1p-18446744073709551616', '0'],
    ['2.2250738585072012e-308', '2.2250738585072014e-308'],
    ['1.00000000000000011102230246251565404236316680908203125', '1'],
    ['1.00000000000000011102230246251565404236316680908203126', '1.0000000000000002'],
    ['1_23.50_0_0e+1_2', '1.235e+14'],
  ])('%s → %s', (s, want) => {
    expect(formatFloatV(parseGoFloat(s))).toBe(want);
  });

  it.each([
    ['', 'invalid syntax'],
    ['1x', 'invalid syntax'],
    ['1.1.', 'invalid syntax'],
    ['0x1e2', 'invalid syntax'],
    ['1p2', 'invalid syntax'],
    ['1e', 'invalid syntax'],
    ['1e-', 'invalid syntax'],
    ['.e-1', 'invalid syntax'],
    ['0x', 'invalid syntax'],
    ['0x1', 'invalid syntax'],
    ['0x1p', 'invalid syntax'],
    ['+nan', 'invalid syntax'],
    ['infin', 'invalid syntax'],
    [' 1', 'invalid syntax'],
    ['1 ', 'invalid syntax'],
    ['-_123.5e+12', 'invalid syntax'],
    ['_123.5e+12', 'invalid syntax'],
    ['1__23.5e+12', 'invalid syntax'],
    ['123_.5e+12', 'invalid syntax'],
    ['123._5e+12', 'invalid syntax'],
    ['123.5e+12_', 'invalid syntax'],
    ['0x__12.345p+12', 'invalid syntax'],
    ['0x12.345p+_12', 'invalid syntax'],
    ['1.7976931348623159e308', 'value out of range'],
    ['-1e400', 'value out of range'],
    ['1e+18446744073709551616', 'value out of range'],
    ['0x1p1024', 'value out of range'],
    ['0x1.fffffffffffff8p1023', 'value out of range'],
    ['9'.repeat(400), 'value out of range'],
  ])('%j → %s', (s, reason) => {
    expect(tryParseGoFloat(s)).toBeUndefined();
    expect(errorText(() => parseGoFloat(s))).toBe(`strconv.ParseFloat: parsing ${goQuote(s)}: ${reason}`);
  });

  it('quotes the input with strconv.Quote in the error', () => {
    expect(errorText(() => parseGoFloat('abc'))).toBe('strconv.ParseFloat: parsing "abc": invalid syntax');
    expect(errorText(() => parseGoFloat('a"b\n'))).toBe(
      'strconv.ParseFloat: parsing "a\\"b\\n": invalid syntax',
    );
  });
});

describe('ParseInt / Atoi / ParseBool', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+5', 5],
    ['-12345', -12345],
    ['9007199254740991', 9007199254740991],
    ['9223372036854775807', 2 ** 63], // as a double
    ['-9223372036854775808', -(2 ** 63)],
    ['0012', 12],
  ])('tryParseGoInt64(%j) = %d', (s, n) => {
    expect(tryParseGoInt64(s)).toBe(n);
  });

  it.each(['', '+', '-', '1.0', '1e3', '0x10', '1_000', ' 1', '9223372036854775808', '-9223372036854775809'])(
    'tryParseGoInt64(%j) is undefined',
    (s) => {
      expect(tryParseGoInt64(s)).toBeUndefined();
    },
  );

  it('keeps int64 exact as a bigint and words errors as Go', () => {
    expect(parseGoInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(errorText(() => parseGoInt64('9223372036854775808'))).toBe(
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    );
    expect(errorText(() => parseGoInt64('12a'))).toBe('strconv.ParseInt: parsing "12a": invalid syntax');
    expect(goAtoi('42')).toBe(42);
    expect(errorText(() => goAtoi('x'))).toBe('strconv.Atoi: parsing "x": invalid syntax');
  });

  it.each([
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
  ])('ParseBool(%j) = %p', (s, b) => {
    expect(tryParseGoBool(s)).toBe(b);
    expect(parseGoBool(s)).toBe(b);
  });

  it.each(['', 'tRUE', 'yes', 'on', '2', ' true'])('ParseBool(%j) fails', (s) => {
    expect(tryParseGoBool(s)).toBeUndefined();
    expect(errorText(() => parseGoBool(s))).toBe(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
  });
});

describe('quoting', () => {
  it.each([
    ['abc', '"abc"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['\n\t\r\x07\b\f\v', '"\\n\\t\\r\\a\\b\\f\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['µs ☺ 日本', '"µs ☺ 日本"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('strconv.Quote(%j) = %s', (s, q) => {
    expect(goQuote(s)).toBe(q);
  });

  it.each([
    ['1h', '"1h"'],
    ['1µs', '"1\\xc2\\xb5s"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\t', '"\\x09"'],
    ['\x7f', '"\x7f"'],
    ['日', '"\\xe6\\x97\\xa5"'],
  ])('time quote(%j) = %s', (s, q) => {
    expect(goQuoteTime(s)).toBe(q);
  });
});
