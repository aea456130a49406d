import { CGRError } from '../../../src/util/cgr-error';
import {
  goFmtV,
  goJSON,
  goValueString,
  ifaceAsBool,
  ifaceAsFloat64,
  ifaceAsString,
  ifaceAsTime,
  stringToInterface,
} from '../../../src/util/convert';
import type { GoValue } from '../../../src/util/convert';
import { GO_ZERO_TIME_MS } from '../../../src/util/go-time';

const NOW = Date.UTC(2024, 0, 31, 12);

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CGRError);
    return (e as Error).message;
  }
  throw new Error('expected a CGRError');
}

describe('ifaceAsString', () => {
  it.each([
    ['1001', '1001'],
    ['', ''],
    [10, '10'],
    [10.0, '10'],
    [12.3, '12.3'],
    [180000000000, '180000000000'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-0, '-0'],
    [true, 'true'],
    [false, 'false'],
    [null, ''],
    [undefined, ''],
    [9223372036854775807n, '9223372036854775807'],
    [new Date(Date.UTC(2014, 6, 14, 14, 25, 0, 500)), '2014-07-14T14:25:00Z'],
    [{ b: 1, a: 'x' }, '{"a":"x","b":1}'], // json.Marshal sorts map keys
    [[1, 'a', null, true], '[1,"a",null,true]'],
    [{ s: '<a&b>' }, '{"s":"\\u003ca\\u0026b\\u003e"}'], // and escapes HTML characters
    [{ n: 1e21, m: 1e-7, z: -0 }, '{"m":1e-7,"n":1e+21,"z":-0}'],
    [{ x: NaN }, ''], // json.Marshal fails; CGRateS ToJSON ignores the error
  ])('%p → %j', (v, s) => {
    expect(ifaceAsString(v)).toBe(s);
  });
});

describe('ifaceAsFloat64', () => {
  it.each([
    [12.5, 12.5],
    [-3, -3],
    ['12.5', 12.5],
    ['-1', -1],
    ['1e5', 100000],
    ['.5', 0.5],
    ['1_000', 1000],
    ['Inf', Infinity],
    ['1m', 6e10], // a string ending in s/m/h is a Go duration, in ns
    ['1m30s', 9e10],
    ['10s', 1e10],
    ['300ms', 3e8],
    ['5ns', 5],
    ['1h', 3.6e12],
    [5n, 5],
  ])('%p → %p', (v, f) => {
    expect(ifaceAsFloat64(v)).toBe(f);
  });

  it('reads NaN as Go does', () => {
    expect(ifaceAsFloat64('NaN')).toBeNaN();
  });

  it.each([
    ['abc', 'strconv.ParseFloat: parsing "abc": invalid syntax'],
    ['', 'strconv.ParseFloat: parsing "": invalid syntax'],
    ['12,5', 'strconv.ParseFloat: parsing "12,5": invalid syntax'],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    ['xs', 'time: invalid duration "xs"'],
    ['1.5.s', 'time: missing unit in duration "1.5.s"'],
    ['2 h', 'time: unknown unit " h" in duration "2 h"'],
    [true, 'cannot convert field: true to float64'],
    [null, 'cannot convert field: <nil> to float64'],
    [undefined, 'cannot convert field: <nil> to float64'],
    [{ a: 1 }, 'cannot convert field: map[a:1] to float64'],
    [[1, 2.5], 'cannot convert field: [1 2.5] to float64'],
  ])('%p → %s', (v, text) => {
    expect(errorText(() => ifaceAsFloat64(v))).toBe(text);
  });
});

describe('ifaceAsTime', () => {
  it.each([
    ['2014-07-14T14:25:00Z', Date.UTC(2014, 6, 14, 14, 25)],
    ['2014-07-14 16:25:00', Date.UTC(2014, 6, 14, 14, 25)], // read in Europe/Berlin (CEST)
    ['', GO_ZERO_TIME_MS],
    ['0', GO_ZERO_TIME_MS],
    ['*now', NOW],
  ])('%j → %d', (s, ms) => {
    expect(ifaceAsTime(s, 'Europe/Berlin', NOW)).toBe(ms);
  });

  it('passes a Date through', () => {
    expect(ifaceAsTime(new Date(5), 'UTC', NOW)).toBe(5);
  });

  it.each([
    [1700000000, 'cannot convert field: 1.7e+09 to time.Time'], // a JSON number is a float64 in Go
    [12, 'cannot convert field: 12 to time.Time'],
    [true, 'cannot convert field: true to time.Time'],
    [null, 'cannot convert field: <nil> to time.Time'],
    [{ a: 'b' }, 'cannot convert field: map[a:b] to time.Time'],
    ['yesterday', 'Unsupported time format'],
  ])('%p → %s', (v, text) => {
    expect(errorText(() => ifaceAsTime(v, 'UTC', NOW))).toBe(text);
  });
});

describe('ifaceAsBool', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['T', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['', false], // CGRateS master: empty string is false, no error
    [1, true],
    [0.5, true],
    [0, false],
    [-1, false],
    [1n, true],
  ])('%p → %p', (v, b) => {
    expect(ifaceAsBool(v)).toBe(b);
  });

  it.each([
    ['test', 'strconv.ParseBool: parsing "test": invalid syntax'],
    ['yes', 'strconv.ParseBool: parsing "yes": invalid syntax'],
    [null, 'cannot convert field: <nil> to bool'],
    [[true], 'cannot convert field: [true] to bool'],
  ])('%p → %s', (v, text) => {
    expect(errorText(() => ifaceAsBool(v))).toBe(text);
  });
});

describe('stringToInterface', () => {
  it.each<[string, GoValue]>([
    ['', { kind: 'string', value: '' }],
    ['10', { kind: 'int', value: 10 }],
    ['+10', { kind: 'int', value: 10 }],
    ['-1', { kind: 'int', value: -1 }],
    ['0', { kind: 'int', value: 0 }],
    ['1', { kind: 'int', value: 1 }], // int wins over bool
    ['1001', { kind: 'int', value: 1001 }],
    ['1400000000', { kind: 'int', value: 1400000000 }], // int wins over unix time
    ['9223372036854775808', { kind: 'float', value: 9223372036854775808 }], // int64 overflow → float
    ['true', { kind: 'bool', value: true }],
    ['T', { kind: 'bool', value: true }],
    ['False', { kind: 'bool', value: false }],
    ['1.5', { kind: 'float', value: 1.5 }],
    ['1e3', { kind: 'float', value: 1000 }],
    ['.5', { kind: 'float', value: 0.5 }],
    ['inf', { kind: 'float', value: Infinity }],
    ['2014-07-14T14:25:00Z', { kind: 'time', value: Date.UTC(2014, 6, 14, 14, 25) }],
    ['2014-07-14 14:25:00', { kind: 'time', value: Date.UTC(2014, 6, 14, 14, 25) }],
    ['*now', { kind: 'time', value: NOW }],
    ['+1h', { kind: 'time', value: NOW + 3_600_000 }],
    ['-1s', { kind: 'time', value: NOW - 1000 }], // the spec's quirk: a time, not a duration
    ['*unlimited', { kind: 'time', value: GO_ZERO_TIME_MS }],
    [' ', { kind: 'time', value: GO_ZERO_TIME_MS }], // ParseTimeDetectLayout trims first
    ['10s', { kind: 'int', value: 10_000_000_000 }], // durations become int64 ns
    ['1m30s', { kind: 'int', value: 90_000_000_000 }],
    ['1.5h', { kind: 'int', value: 5_400_000_000_000 }],
    ['abc', { kind: 'string', value: 'abc' }],
    ['1e400', { kind: 'string', value: '1e400' }],
    ['10 s', { kind: 'string', value: '10 s' }],
    ['2024-02-30 10:00:00', { kind: 'string', value: '2024-02-30 10:00:00' }],
    ['1001abc', { kind: 'string', value: '1001abc' }],
  ])('%j → %p', (s, want) => {
    expect(stringToInterface(s, 'UTC', NOW)).toEqual(want);
  });

  it('reads zone-less times in the given zone', () => {
    expect(stringToInterface('2014-07-14 16:25:00', 'Europe/Berlin', NOW)).toEqual({
      kind: 'time',
      value: Date.UTC(2014, 6, 14, 14, 25),
    });
  });

  it('treats an unknown zone as "not a time" and moves on', () => {
    expect(stringToInterface('10s', 'Mars/Base', NOW)).toEqual({ kind: 'int', value: 10e9 });
    expect(stringToInterface('2014-07-14T14:25:00Z', 'Mars/Base', NOW)).toEqual({
      kind: 'string',
      value: '2014-07-14T14:25:00Z',
    });
  });
});

describe('goValueString / goFmtV (Go %v)', () => {
  it.each<[GoValue | null, string]>([
    [null, '<nil>'],
    [{ kind: 'string', value: 'abc' }, 'abc'],
    [{ kind: 'string', value: '' }, ''],
    [{ kind: 'int', value: 10 }, '10'],
    [{ kind: 'int', value: -5 }, '-5'],
    [{ kind: 'int', value: 2 ** 63 }, '9223372036854775808'], // a double cannot hold MaxInt64 exactly
    [{ kind: 'float', value: 10 }, '10'],
    [{ kind: 'float', value: 0.5 }, '0.5'],
    [{ kind: 'float', value: 1e6 }, '1e+06'],
    [{ kind: 'float', value: 1e-5 }, '1e-05'],
    [{ kind: 'bool', value: true }, 'true'],
    [{ kind: 'time', value: Date.UTC(2014, 6, 14, 14, 25) }, '2014-07-14 14:25:00 +0000 UTC'],
    [{ kind: 'time', value: GO_ZERO_TIME_MS }, '0001-01-01 00:00:00 +0000 UTC'],
  ])('%p → %s', (v, s) => {
    expect(goValueString(v)).toBe(s);
  });

  it('builds the CGRateS incomparable message', () => {
    const msg = `incomparable: <${goValueString(null)}> with <${goValueString({ kind: 'float', value: 10 })}>`;
    expect(msg).toBe('incomparable: <<nil>> with <10>');
  });

  it.each([
    [null, '<nil>'],
    [undefined, '<nil>'],
    ['s', 's'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [true, 'true'],
    [7n, '7'],
    [[1, 'a', null], '[1 a <nil>]'],
    [{ b: 2, a: { c: [1] } }, 'map[a:map[c:[1]] b:2]'],
    [{}, 'map[]'],
    [new Date(0), '1970-01-01 00:00:00 +0000 UTC'],
  ])('goFmtV(%p) = %s', (v, s) => {
    expect(goFmtV(v)).toBe(s);
  });

  it('goJSON writes nested values with sorted keys', () => {
    expect(goJSON({ z: [{ b: 1, a: 2 }], a: null, u: undefined })).toBe('{"a":null,"z":[{"a":2,"b":1}]}');
    expect(goJSON('\u2028')).toBe('"\\u2028"');
  });
});
