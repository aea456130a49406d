import {
  formatRfc3339Seconds,
  nsToMsCeil,
  nsToMsFloor,
  nsToSecFloor,
  parseTsDate,
} from '../../../src/series/ts-date';

const S = 1_000_000_000n;
const JAN1 = 1704067200n * S; // 2024-01-01T00:00:00Z

describe('parseTsDate (TO parseTime: RFC3339Nano, int64 ns, TO lastUpdated layout)', () => {
  it.each<[string, bigint]>([
    ['2024-01-01T00:00:00Z', JAN1],
    ['2024-01-01T00:02:30Z', JAN1 + 150n * S],
    ['2024-01-01T00:00:00.5Z', JAN1 + 500_000_000n],
    ['2024-01-01T00:00:00,25Z', JAN1 + 250_000_000n],
    ['2024-01-01T00:00:00.123456789Z', JAN1 + 123_456_789n],
    ['2024-01-01T00:00:00.1234567891234Z', JAN1 + 123_456_789n], // Go truncates past 9 digits
    ['2024-01-01T02:00:00+02:00', JAN1],
    ['2023-12-31T18:00:00-06:00', JAN1],
    ['2024-01-01T1:00:00+01:00', JAN1], // Go reads the hour with 1 or 2 digits
    ['2024-02-29T00:00:00Z', JAN1 + 59n * 86400n * S],
    ['1970-01-01T00:00:00Z', 0n],
    ['1969-12-31T23:59:59Z', -S],
    ['0001-01-01T00:00:00Z', -62135596800n * S],
    ['1704067200000000000', JAN1],
    ['+1704067200000000000', JAN1],
    ['-5', -5n],
    ['1704067200', 1704067200n], // seconds read as ns: lands in 1970, as in TO
    ['9223372036854775807', 9223372036854775807n],
    ['2024-01-01 00:00:00+00', JAN1],
    ['2023-12-31 17:00:00-07', JAN1],
    ['2024-01-01 07:00:00.5+07', JAN1 + 500_000_000n],
  ])('%s', (raw, ns) => {
    expect(parseTsDate(raw)).toBe(ns);
  });

  it.each([
    '',
    'now',
    '2024-01-01',
    '2024-01-01T00:00:00', // no zone
    '2024-01-01t00:00:00Z',
    '2024-01-01T00:00:00z',
    '2024-1-01T00:00:00Z',
    '2024-01-01T00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:60Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00+0200',
    '2024-01-01T00:00:00+25:00',
    '2024-01-01 00:00:00 00', // a '+' decoded to a space
    '2024-01-01 00:00:00Z',
    '2024-01-01 00:00:00+00:00',
    '9223372036854775808',
    '1_000',
    ' 2024-01-01T00:00:00Z',
  ])('rejects %j', (raw) => {
    expect(parseTsDate(raw)).toBeUndefined();
  });
});

describe('ns conversions', () => {
  it.each<[bigint, number, number, number]>([
    [0n, 0, 0, 0],
    [1n, 0, 1, 0],
    [999_999n, 0, 1, 0],
    [1_000_000n, 1, 1, 0],
    [-1n, -1, 0, -1],
    [-1_000_000n, -1, -1, -1],
    [JAN1 + 1n, 1704067200000, 1704067200001, 1704067200],
  ])('%s ns → floor %i ms, ceil %i ms, %i s', (ns, floorMs, ceilMs, sec) => {
    expect(nsToMsFloor(ns)).toBe(floorMs);
    expect(nsToMsCeil(ns)).toBe(ceilMs);
    expect(nsToSecFloor(ns)).toBe(sec);
  });

  it('formats RFC3339 in UTC without fraction', () => {
    expect(formatRfc3339Seconds(1704067350000)).toBe('2024-01-01T00:02:30Z');
    expect(formatRfc3339Seconds(1704067350999)).toBe('2024-01-01T00:02:30Z');
  });
});
