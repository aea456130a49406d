import fc from 'fast-check';
import {
  formatFloatF,
  formatFloatV,
  roundDurationBig,
  roundMiddle,
  roundStatDuration,
} from '../../../src/util/go-float';

describe('formatFloatF (strconv.FormatFloat(x, f, -1, 64))', () => {
  it.each([
    [12.3, '12.3'],
    [18, '18'],
    [2, '2'],
    [180000000000, '180000000000'],
    [45.03333, '45.03333'],
    [135.1, '135.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [100 / 3, '33.333333333333336'],
    [0, '0'],
    [-0, '-0'],
    [-1, '-1'],
    [-12.5, '-12.5'],
    [0.000001, '0.000001'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-1.5e-7, '-0.00000015'],
    [1.2345e-10, '0.00000000012345'],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
    [1e20, '100000000000000000000'],
    [1e21, '1000000000000000000000'],
    [1.5e21, '1500000000000000000000'],
    [-1.5e21, '-1500000000000000000000'],
    [1.7976931348623157e308, '17976931348623157' + '0'.repeat(292)],
    [2 ** 63, '9223372036854776000'], // shortest digits, zero padded (not the exact integer)
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%p → %s', (x, s) => {
    expect(formatFloatF(x)).toBe(s);
  });

  it('parses back to the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const back = Number(formatFloatF(x));
        expect(Object.is(back, x)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('never uses exponent form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(formatFloatF(x)).toMatch(/^-?\d+(\.\d+)?$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatFloatV (fmt %v: shortest %g, eprec 6)', () => {
  it.each([
    [50, '50'],
    [33.33333, '33.33333'],
    [66.66667, '66.66667'],
    [100, '100'],
    [0, '0'],
    [-0, '-0'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [0.00001, '1e-05'],
    [0.000015, '1.5e-05'],
    [1e-7, '1e-07'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [180000000000, '1.8e+11'],
    [1.5e21, '1.5e+21'],
    [1e100, '1e+100'],
    [-1e-100, '-1e-100'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%p → %s', (x, s) => {
    expect(formatFloatV(x)).toBe(s);
  });

  it('parses back to the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatFloatV(x)), x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('roundMiddle (CGRateS Round *middle)', () => {
  it.each([
    [5.55555, 2, 5.56],
    [5.5555, 2, 5.56],
    [5.5, 0, 6],
    [5.4999, 0, 5],
    [7.77777, 3, 7.778],
    [100 / 3, 5, 33.33333],
    [200 / 3, 5, 66.66667],
    [2 / 3, 5, 0.66667],
    [135.1, 5, 135.1],
    [45.03333333333333, 5, 45.03333],
    [12.3, 5, 12.3],
    [0, 5, 0],
    [1234.5678, -2, 1200],
    [1250, -2, 1300],
    // the kept quirk: a negative value is floored, never rounded up
    [-2.4, 0, -3],
    [-2.5, 0, -3],
    [-1.234561, 5, -1.23457],
    [-1.5, 0, -2],
    [-1, 5, -1],
  ])('Round(%p, %d) = %p', (x, dec, want) => {
    expect(roundMiddle(x, dec)).toBe(want);
  });

  it('keeps ±Inf and NaN', () => {
    expect(roundMiddle(Infinity, 5)).toBe(Infinity);
    expect(roundMiddle(-Infinity, 5)).toBe(-Infinity);
    expect(roundMiddle(NaN, 5)).toBeNaN();
  });
});

describe('roundStatDuration (Duration.Round(10^(9-dec)))', () => {
  it.each([
    [15_730_434_999, 5, 15_730_430_000],
    [15_730_435_000, 5, 15_730_440_000], // half away from zero
    [-15_730_435_000, 5, -15_730_440_000],
    [-15_730_434_999, 5, -15_730_430_000],
    [90e9, 5, 90e9],
    [478_434_999, 5, 478_430_000],
    [1_499_999_999, 0, 1e9],
    [1_500_000_000, 0, 2e9],
    [-1_500_000_000, 0, -2e9],
    [-1_499_999_999, 0, -1e9],
    [15e9, -1, 20e9],
    [14_999_999_999, -1, 10e9],
    [4, 9, 4], // m = 1ns
    [123, 10, 123], // m < 1ns: unchanged
    [123, 20, 123],
    [123, -10, 123], // m beyond int64: unchanged
    [4e18, 5, 4e18],
    [0, 5, 0],
    [1.7, 9, 1],
  ])('RoundStatDuration(%d, %d) = %d', (ns, dec, want) => {
    expect(roundStatDuration(ns, dec)).toBe(want);
  });

  it('saturates at the int64 bounds like Go', () => {
    const max = (1n << 63n) - 1n;
    const min = -(1n << 63n);
    expect(roundDurationBig(max, 1_000_000_000n)).toBe(max);
    expect(roundDurationBig(min, 1_000_000_000n)).toBe(min);
    expect(roundDurationBig(max, 10n)).toBe(max);
    expect(roundDurationBig(15n, 10n)).toBe(20n);
    expect(roundDurationBig(-15n, 10n)).toBe(-20n);
    expect(roundDurationBig(7n, 0n)).toBe(7n);
  });

  it('matches the bigint reference on random durations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: -9, max: 9 }),
        (ns, dec) => {
          const m = 10n ** BigInt(9 - dec);
          expect(roundStatDuration(ns, dec)).toBe(Number(roundDurationBig(BigInt(ns), m)));
        },
      ),
    );
  });
});
