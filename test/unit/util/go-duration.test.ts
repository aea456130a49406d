import fc from 'fast-check';
import { CGRError } from '../../../src/util/cgr-error';
import {
  MAX_INT64,
  MIN_INT64,
  formatGoDuration,
  ifaceAsDuration,
  parseDurationWithNanosecs,
  parseGoDuration,
  parseGoDurationBigInt,
} from '../../../src/util/go-duration';

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CGRError);
    return (e as Error).message;
  }
  throw new Error('expected a CGRError');
}

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['0s', 0],
    ['-0s', 0],
    ['5s', 5e9],
    ['30s', 30e9],
    ['1478s', 1478e9],
    ['-5s', -5e9],
    ['+5s', 5e9],
    ['1m30s', 90e9],
    ['15.73043s', 15_730_430_000],
    ['478.43ms', 478_430_000],
    ['500µs', 500_000],
    ['500\u03bcs', 500_000], // Greek mu
    ['500us', 500_000],
    ['100ns', 100],
    ['1.5µs', 1500],
    ['-1m30s', -90e9],
    ['1h0m0s', 3600e9],
    ['2h45m', 9900e9],
    ['1.5h', 5400e9],
    ['.5s', 5e8],
    ['1.s', 1e9],
    ['1.004s', 1_004_000_000],
    ['1.0040s', 1_004_000_000],
    ['100.00100s', 100_001_000_000],
    ['3h30m', 12_600e9],
    ['10.5s4m', 250_500_000_000],
    ['-2m3.4s', -123_400_000_000],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006],
    ['39h9m14.425s', 140_954_425_000_000],
    ['52763797000ns', 52_763_797_000],
    ['0.3333333333333333333h', 1_200_000_000_000],
    ['0.100000000000000000000h', 360_000_000_000],
    // fractions are truncated toward zero like Go's uint64(float64(f)*(unit/scale))
    ['0.9999999999ns', 0],
    ['1.9999999999ns', 1],
    ['0.0000000000000000000001h', 0],
    ['1.0000000000000000000001h', 3600e9],
    // MaxInt64 rounds to 2^63 as a double (parseGoDurationBigInt keeps it exact)
    ['9223372036854775807ns', 2 ** 63],
    ['9223372036854775807.9ns', 2 ** 63], // the .9 truncates to 0 ns
    ['-9223372036854775808ns', -(2 ** 63)],
    ['2562047h47m16.854775807s', 2 ** 63],
    ['-2562047h47m16.854775808s', -(2 ** 63)],
    ['0.000000000000000000000000000000000001ns', 0],
    ['000000000000000000000000001s', 1e9],
  ])('%s → %d ns', (s, ns) => {
    expect(parseGoDuration(s)).toBe(ns);
  });

  it('returns +0, never -0', () => {
    expect(Object.is(parseGoDuration('-0s'), 0)).toBe(true);
    expect(Object.is(parseGoDuration('-0'), 0)).toBe(true);
  });

  it.each([
    ['2562047h47m16.854775807s', 9223372036854775807n],
    ['-2562047h47m16.854775808s', -9223372036854775808n],
    ['9007199254740993ns', 9007199254740993n],
    ['104days', null],
    ['2501h59m59.254740993s', 9007199254740993n],
    ['1m30s', 90_000_000_000n],
  ])('bigint %s is exact', (s, want) => {
    if (want === null) expect(() => parseGoDurationBigInt(s)).toThrow(CGRError);
    else expect(parseGoDurationBigInt(s)).toBe(want);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['+', 'time: invalid duration "+"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1.', 'time: missing unit in duration "1."'],
    ['1.5', 'time: missing unit in duration "1.5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1S', 'time: unknown unit "S" in duration "1S"'],
    ['1H', 'time: unknown unit "H" in duration "1H"'],
    ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    [' 1s', 'time: invalid duration " 1s"'],
    ['1s ', 'time: unknown unit "s " in duration "1s "'],
    ['1m30', 'time: missing unit in duration "1m30"'],
    ['--1s', 'time: invalid duration "--1s"'],
    ['1sm', 'time: unknown unit "sm" in duration "1sm"'],
    // Go's time.quote prints every byte of a non-ASCII rune as \x..
    ['3h1µ', 'time: unknown unit "\\xc2\\xb5" in duration "3h1\\xc2\\xb5"'],
    ['3000000h1µ', 'time: invalid duration "3000000h1\\xc2\\xb5"'], // the overflow is seen first
    ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['1\u00e9', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
    ['1\ns', 'time: unknown unit "\\x0as" in duration "1\\x0as"'],
    // overflow
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'], // via the fraction
    ['9223372036855ms', 'time: invalid duration "9223372036855ms"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
    ['-2562047h47m16.854775809s', 'time: invalid duration "-2562047h47m16.854775809s"'],
    ['99999999999999999999x', 'time: invalid duration "99999999999999999999x"'], // before the unit
    ['9223372036854775809', 'time: invalid duration "9223372036854775809"'],
  ])('%j → %s', (s, text) => {
    expect(errorText(() => parseGoDuration(s))).toBe(text);
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1ns'],
    [100, '100ns'],
    [999, '999ns'],
    [1000, '1µs'],
    [1500, '1.5µs'],
    [1100, '1.1µs'],
    [500_000, '500µs'],
    [999_999, '999.999µs'],
    [1_000_000, '1ms'],
    [1_500_000, '1.5ms'],
    [2_200_000, '2.2ms'],
    [478_430_000, '478.43ms'],
    [1e9, '1s'],
    [9.5e9, '9.5s'],
    [15_730_430_000, '15.73043s'],
    [60e9, '1m0s'],
    [90e9, '1m30s'],
    [165e9, '2m45s'],
    [180e9, '3m0s'],
    [3600e9, '1h0m0s'],
    [7200e9, '2h0m0s'],
    [3_723_004_005_006, '1h2m3.004005006s'],
    [-1, '-1ns'],
    [-1500, '-1.5µs'],
    [-90e9, '-1m30s'],
    [-3600e9, '-1h0m0s'],
    [1.9, '1ns'], // truncated to an integer
    [2 ** 53 - 1, '2501h59m59.254740991s'],
    [2 ** 53, '2501h59m59.254740992s'],
    [2 ** 63, '2562047h47m16.854775807s'], // MaxInt64 as a double saturates back to MaxInt64
    [-(2 ** 63), '-2562047h47m16.854775808s'],
    [1e300, '2562047h47m16.854775807s'],
  ])('%d ns → %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });

  it.each([
    [MAX_INT64, '2562047h47m16.854775807s'],
    [MIN_INT64, '-2562047h47m16.854775808s'],
    [9007199254740993n, '2501h59m59.254740993s'],
    [90_000_000_000n, '1m30s'],
    [0n, '0s'],
    [-1n, '-1ns'],
    [MAX_INT64 + 10n, '2562047h47m16.854775807s'],
  ])('bigint %s → %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });

  it('round-trips through parseGoDuration for integers within ±2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (ns) => {
        const back = parseGoDuration(formatGoDuration(ns));
        expect(back === ns || (ns === 0 && back === 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips exactly over the whole int64 range with bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_INT64, max: MAX_INT64 }), (ns) => {
        expect(parseGoDurationBigInt(formatGoDuration(ns))).toBe(ns);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDurationWithNanosecs', () => {
  it.each([
    ['', 0],
    ['*unlimited', -1],
    ['10', 10],
    ['-10', -10],
    ['1.5', 1], // "1.5ns"
    ['0', 0],
    ['.9', 0],
    ['1m30s', 90e9],
    ['10s', 10e9],
    ['1.5s', 1.5e9],
    ['300ms', 300e6],
    ['135000000000', 135e9],
  ])('%j → %d ns', (s, ns) => {
    expect(parseDurationWithNanosecs(s)).toBe(ns);
  });

  it.each([
    // ParseFloat accepts these, so "ns" is appended and ParseDuration then fails as in CGRateS
    ['1e3', 'time: unknown unit "e" in duration "1e3ns"'],
    ['inf', 'time: invalid duration "infns"'],
    ['1_000', 'time: unknown unit "_" in duration "1_000ns"'],
    // ParseFloat rejects these (range / syntax): plain Go syntax
    ['1e400', 'time: unknown unit "e" in duration "1e400"'],
    ['abc', 'time: invalid duration "abc"'],
    ['*unlimitedx', 'time: invalid duration "*unlimitedx"'],
  ])('%j → %s', (s, text) => {
    expect(errorText(() => parseDurationWithNanosecs(s))).toBe(text);
  });
});

describe('ifaceAsDuration', () => {
  it.each([
    [135000000000, 135e9],
    [1.9, 1],
    [-1.9, -1],
    [-0, 0],
    ['1m30s', 90e9],
    ['10', 10],
    ['', 0],
    ['*unlimited', -1],
    [10n, 10],
    [Infinity, -(2 ** 63)], // Go's int64(+Inf) on amd64
    [1e19, -(2 ** 63)],
  ])('%p → %d ns', (v, ns) => {
    expect(Object.is(ifaceAsDuration(v), ns)).toBe(true);
  });

  it.each([
    [true, 'cannot convert field: true to time.Duration'],
    [null, 'cannot convert field: <nil> to time.Duration'],
    [undefined, 'cannot convert field: <nil> to time.Duration'],
    [{ a: 1, b: 'x' }, 'cannot convert field: map[a:1 b:x] to time.Duration'],
    [[1, 2], 'cannot convert field: [1 2] to time.Duration'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
  ])('%p → %s', (v, text) => {
    expect(errorText(() => ifaceAsDuration(v))).toBe(text);
  });
});
