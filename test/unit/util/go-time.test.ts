import fc from 'fast-check';
import { CGRError } from '../../../src/util/cgr-error';
import {
  GO_ZERO_TIME_MS,
  formatGoTimeString,
  formatRFC3339,
  formatRFC3339Nano,
  isZeroTime,
  parseTimeDetectLayout,
} from '../../../src/util/go-time';

/** Epoch ms of a UTC wall clock (month 1-12; ms may carry a fraction; years 0-99 are literal). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  dt.setUTCHours(h, mi, s, 0);
  return dt.getTime() + ms;
}

const NOW = utc(2024, 1, 31, 12, 0, 0); // a month end, to exercise Go's AddDate overflow

function parse(s: string, tz = 'UTC', now = NOW): number {
  return parseTimeDetectLayout(s, tz, now);
}

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CGRError);
    return (e as Error).message;
  }
  throw new Error('expected a CGRError');
}

describe('parseTimeDetectLayout: absolute layouts', () => {
  it.each([
    // RFC3339, with and without fraction, any offset (the zone argument does not matter)
    ['2014-07-14T14:25:00Z', 'UTC', utc(2014, 7, 14, 14, 25)],
    ['2014-07-14T14:25:00Z', 'Europe/Berlin', utc(2014, 7, 14, 14, 25)],
    ['2014-07-14T16:25:00+02:00', 'UTC', utc(2014, 7, 14, 14, 25)],
    ['2014-07-14T09:25:00-05:00', 'UTC', utc(2014, 7, 14, 14, 25)],
    ['2014-07-14T20:10:00+05:45', 'UTC', utc(2014, 7, 14, 14, 25)],
    ['2025-01-01T10:00:03.123Z', 'UTC', utc(2025, 1, 1, 10, 0, 3, 123)],
    ['2025-01-01T10:00:03.1Z', 'UTC', utc(2025, 1, 1, 10, 0, 3, 100)],
    ['2025-01-01T10:00:03,5Z', 'UTC', utc(2025, 1, 1, 10, 0, 3, 500)], // Go accepts a comma
    ['2025-01-01T10:00:03.000000000Z', 'UTC', utc(2025, 1, 1, 10, 0, 3)],
    ['0001-01-01T00:00:00Z', 'UTC', GO_ZERO_TIME_MS],
    ['0099-06-01T00:00:00Z', 'UTC', utc(99, 6, 1)],
    ['2024-02-29T23:59:59Z', 'UTC', utc(2024, 2, 29, 23, 59, 59)],
    ['2024-01-01T10:00:00+24:00', 'UTC', utc(2023, 12, 31, 10)], // Go's general parser allows hour 24
    // Asterisk-style 2006-01-02T15:04:05.999999999-0700
    ['2024-01-01T10:00:00.5+0200', 'UTC', utc(2024, 1, 1, 8, 0, 0, 500)],
    ['2024-01-01T10:00:00.-0130', 'UTC', null],
    // Go's Time.String() layouts
    ['2024-01-01 10:00:00 +0200 CEST', 'UTC', utc(2024, 1, 1, 8)],
    ['2024-01-01 10:00:00.25 -0500 EST', 'UTC', utc(2024, 1, 1, 15, 0, 0, 250)],
    ['2024-01-01 10:00:00 +0000 UTC', 'Europe/Berlin', utc(2024, 1, 1, 10)],
    ['2024-01-01 10:00:00 +0200 UTC', 'UTC', utc(2024, 1, 1, 10)], // Go checks the UTC name first
    ['2024-01-01 10:00:00 +0200 +0300', 'UTC', utc(2024, 1, 1, 7)], // the last offset wins
    // zone-less layouts read in the zone
    ['2024-01-01 10:00:00', 'UTC', utc(2024, 1, 1, 10)],
    ['2024-01-01 10:00:00', '', utc(2024, 1, 1, 10)],
    ['2024-01-01 10:00:00', 'Europe/Berlin', utc(2024, 1, 1, 9)],
    ['2024-07-01 10:00:00', 'Europe/Berlin', utc(2024, 7, 1, 8)],
    ['2024-07-01 10:00:00', 'America/New_York', utc(2024, 7, 1, 14)],
    ['2024-01-01 10:00:00', 'Asia/Kathmandu', utc(2024, 1, 1, 4, 15)],
    ['2024-01-01\t10:00:00', 'UTC', null],
    ['2024-01-01T10:00:00', 'UTC', utc(2024, 1, 1, 10)],
    ['2024-01-01T10:00:00', 'Europe/Berlin', utc(2024, 1, 1, 9)],
    ['20240101100000', 'UTC', utc(2024, 1, 1, 10)],
    ['20240701100000', 'Europe/Berlin', utc(2024, 7, 1, 8)],
    ['01.02.2024 10:00:00', 'UTC', utc(2024, 2, 1, 10)],
    ['01/02/2024 10:00:00', 'Europe/Berlin', utc(2024, 2, 1, 9)],
    ['20240101100000.123', 'UTC', utc(2024, 1, 1, 10, 0, 0, 123)],
    ['20240101100000.1234', 'UTC', utc(2024, 1, 1, 10, 0, 0, 123.4)],
    // unix timestamps (the zone does not matter)
    ['1400000000', 'Europe/Berlin', 1_400_000_000_000],
    ['1400000000123', 'UTC', 1_400_000_000_123],
    ['1400000000123456', 'UTC', 1_400_000_000_123.456],
    ['1400000000123000000', 'UTC', 1_400_000_000_123],
    // surrounding space is trimmed first
    ['  2014-07-14T14:25:00Z\n', 'UTC', utc(2014, 7, 14, 14, 25)],
  ])('%j in %s', (s, tz, want) => {
    if (want === null) expect(() => parse(s, tz)).toThrow(CGRError);
    else if (Number.isInteger(want)) expect(parse(s, tz)).toBe(want);
    else expect(parse(s, tz)).toBeCloseTo(want, 4);
  });

  it('keeps sub-millisecond digits as a fraction (to about a microsecond)', () => {
    expect(parse('2025-01-01T10:00:03.123456Z')).toBeCloseTo(utc(2025, 1, 1, 10, 0, 3, 123.456), 3);
    expect(parse('2025-01-01T10:00:03.123456789+02:00')).toBeCloseTo(utc(2025, 1, 1, 8, 0, 3, 123.456789), 3);
    expect(parse('1400000000123456789')).toBeCloseTo(1_400_000_000_123 + 0.456789, 3);
    // digits past the nanosecond are dropped, as Go does
    expect(parse('2025-01-01T10:00:03.1234567891234Z')).toBeCloseTo(utc(2025, 1, 1, 10, 0, 3, 123.456789), 3);
  });

  it.each([
    // Berlin springs forward 2024-03-31 02:00 CET → 03:00 CEST: 02:30 does not exist, Go gives 03:30 CEST
    ['2024-03-31 02:30:00', utc(2024, 3, 31, 1, 30)],
    ['2024-03-31 01:59:59', utc(2024, 3, 31, 0, 59, 59)],
    ['2024-03-31 03:00:00', utc(2024, 3, 31, 1)],
    // and falls back 2024-10-27 03:00 CEST → 02:00 CET: 02:30 happens twice, Go takes the later (CET)
    ['2024-10-27 02:30:00', utc(2024, 10, 27, 1, 30)],
    ['2024-10-27 01:30:00', utc(2024, 10, 26, 23, 30)],
    ['2024-10-27 03:00:00', utc(2024, 10, 27, 2)],
  ])('DST in Europe/Berlin: %s', (s, want) => {
    expect(parse(s, 'Europe/Berlin')).toBe(want);
  });
});

describe('parseTimeDetectLayout: zero, relative and keyword forms', () => {
  it.each(['', '0', '*unlimited', '   ', ' 0 '])('%j is the zero time', (s) => {
    expect(parse(s)).toBe(GO_ZERO_TIME_MS);
    expect(isZeroTime(parse(s))).toBe(true);
  });

  it('returns the zero time for "" even with an unknown zone (checked before LoadLocation)', () => {
    expect(parse('', 'Mars/Base')).toBe(GO_ZERO_TIME_MS);
  });

  it.each([
    ['*now', NOW],
    ['+1h', NOW + 3_600_000],
    ['+1m30s', NOW + 90_000],
    ['+1.5us', NOW + 0.0015],
    ['-1s', NOW - 1000], // spec A2: "-1s" is a time (now − 1s)
    ['-1h30m', NOW - 5_400_000],
    ['*daily', utc(2024, 2, 1, 12)],
    ['*monthly', utc(2024, 3, 2, 12)], // Go AddDate: Jan 31 + 1 month = "Feb 31" = Mar 2 (2024 is leap)
    ['*monthly_estimated', utc(2024, 2, 29, 12)], // pulled back into February
    ['*yearly', utc(2025, 1, 31, 12)],
    ['*month_end', utc(2024, 1, 31, 23, 59, 59)],
    ['*month_end+1h', utc(2024, 2, 1, 0, 59, 59)],
    ['*mo', utc(2024, 3, 2, 12)],
    ['*mo+1h', utc(2024, 3, 2, 13)],
    ['*monthlyx', utc(2024, 3, 2, 12)], // falls into the *mo prefix case
  ])('%s relative to %d in UTC', (s, want) => {
    expect(parse(s)).toBe(want);
  });

  it.each([
    [utc(2024, 1, 15, 12), '*monthly_estimated', utc(2024, 2, 15, 12)],
    [utc(2023, 12, 31, 12), '*monthly', utc(2024, 1, 31, 12)],
    [utc(2023, 1, 31, 12), '*monthly_estimated', utc(2023, 2, 28, 12)],
    [utc(2024, 2, 29, 12), '*yearly', utc(2025, 3, 1, 12)],
    [utc(2024, 12, 15, 12), '*month_end', utc(2024, 12, 31, 23, 59, 59)],
  ])('from %d, %s', (now, s, want) => {
    expect(parse(s, 'UTC', now)).toBe(want);
  });

  it('does calendar arithmetic in the given zone', () => {
    // 2024-01-31 23:30 UTC is already 2024-02-01 00:30 in Berlin
    const now = utc(2024, 1, 31, 23, 30);
    expect(parse('*month_end', 'Europe/Berlin', now)).toBe(utc(2024, 2, 29, 22, 59, 59));
    expect(parse('*monthly', 'Europe/Berlin', now)).toBe(utc(2024, 2, 29, 23, 30));
    // across the spring-forward night the wall clock is kept, not the elapsed time
    expect(parse('*daily', 'Europe/Berlin', utc(2024, 3, 30, 11))).toBe(utc(2024, 3, 31, 10));
  });
});

describe('parseTimeDetectLayout: errors', () => {
  it.each([
    ['hello', 'Unsupported time format'],
    ['2024-01-01', 'Unsupported time format'],
    ['10:00:00', 'Unsupported time format'],
    ['123456789', 'Unsupported time format'],
    ['*weekly', 'Unsupported time format'],
    ['2024-02-30 10:00:00', 'parsing time "2024-02-30 10:00:00": day out of range'],
    ['2023-02-29T10:00:00Z', 'parsing time "2023-02-29T10:00:00Z": day out of range'],
    ['2024-04-31T10:00:00Z', 'parsing time "2024-04-31T10:00:00Z": day out of range'],
    ['2024-00-10 10:00:00', 'parsing time "2024-00-10 10:00:00": month out of range'],
    ['2024-13-01 10:00:00', 'parsing time "2024-13-01 10:00:00": month out of range'],
    ['2024-01-01 24:00:00', 'parsing time "2024-01-01 24:00:00": hour out of range'],
    ['2024-01-01T10:60:00Z', 'parsing time "2024-01-01T10:60:00Z": minute out of range'],
    ['2024-01-01T10:00:60Z', 'parsing time "2024-01-01T10:00:60Z": second out of range'],
    [
      '2024-01-01T10:00:00+25:00',
      'parsing time "2024-01-01T10:00:00+25:00": time zone offset hour out of range',
    ],
    ['20241301100000', 'parsing time "20241301100000": month out of range'],
    ['31/02/2024 10:00:00', 'parsing time "31/02/2024 10:00:00": day out of range'],
    ['20240101100000.123x', 'parsing time "20240101100000.123x": extra text: "x"'],
    ['2024-01-01T10:00:00Zjunk', 'parsing time "2024-01-01T10:00:00Zjunk": extra text: "junk"'],
    [
      '2024-01-01T10:00:00 +02:00',
      'parsing time "2024-01-01T10:00:00 +02:00" as "2006-01-02T15:04:05Z07:00": cannot parse " +02:00" as "Z07:00"',
    ],
    [
      '2024-01-01T10:00:00.+0200',
      'parsing time "2024-01-01T10:00:00.+0200" as "2006-01-02T15:04:05.999999999-0700": cannot parse ".+0200" as "-0700"',
    ],
    [
      '2024-01-01T10:00:00.5,0200',
      'parsing time "2024-01-01T10:00:00.5,0200" as "2006-01-02T15:04:05.999999999-0700": cannot parse ",0200" as "-0700"',
    ],
    [
      '2024-01-01 10:00:00 +0200 cest',
      'parsing time "2024-01-01 10:00:00 +0200 cest" as "2006-01-02 15:04:05.999999999 -0700 MST": cannot parse "cest" as "MST"',
    ],
    [
      '01.02-2024 10:00:00',
      'parsing time "01.02-2024 10:00:00" as "02.01.2006  15:04:05": cannot parse "-2024 10:00:00" as "."',
    ],
    [
      '2024-01-01\t10:00:00',
      'parsing time "2024-01-01\\x0910:00:00" as "2006-01-02 15:04:05": cannot parse "\\x0910:00:00" as " "',
    ],
    ['9999999999999999', 'strconv.ParseInt: parsing "9999999999999999000": value out of range'],
    ['9999999999999999999', 'strconv.ParseInt: parsing "9999999999999999999": value out of range'],
    ['+1x', 'time: unknown unit "x" in duration "1x"'],
    ['+', 'time: invalid duration ""'],
    ['*month_end+x', 'time: invalid duration "x"'],
  ])('%j → %s', (s, text) => {
    expect(errorText(() => parse(s))).toBe(text);
  });

  it.each([
    ['Mars/Base', 'unknown time zone Mars/Base'],
    ['Europe/Berln', 'unknown time zone Europe/Berln'],
    ['../etc/passwd', 'time: invalid location name'],
  ])('an unknown zone %s fails every non-empty input', (tz, text) => {
    expect(errorText(() => parse('2014-07-14T14:25:00Z', tz))).toBe(text);
    expect(errorText(() => parse('*now', tz))).toBe(text);
  });
});

describe('formatting', () => {
  it.each([
    [
      utc(2025, 1, 1, 10, 0, 3, 123),
      '2025-01-01T10:00:03.123Z',
      '2025-01-01T10:00:03Z',
      '2025-01-01 10:00:03.123 +0000 UTC',
    ],
    [utc(2014, 7, 29, 15), '2014-07-29T15:00:00Z', '2014-07-29T15:00:00Z', '2014-07-29 15:00:00 +0000 UTC'],
    [
      utc(2014, 7, 29, 15, 0, 0, 100),
      '2014-07-29T15:00:00.1Z',
      '2014-07-29T15:00:00Z',
      '2014-07-29 15:00:00.1 +0000 UTC',
    ],
    [
      utc(2014, 7, 29, 15, 0, 0, 0.5),
      '2014-07-29T15:00:00.0005Z',
      '2014-07-29T15:00:00Z',
      '2014-07-29 15:00:00.0005 +0000 UTC',
    ],
    [
      1_400_000_000_123.456,
      '2014-05-13T16:53:20.123456Z',
      '2014-05-13T16:53:20Z',
      '2014-05-13 16:53:20.123456 +0000 UTC',
    ],
    [GO_ZERO_TIME_MS, '0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0001-01-01 00:00:00 +0000 UTC'],
    [0, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '1970-01-01 00:00:00 +0000 UTC'],
    [-1, '1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59Z', '1969-12-31 23:59:59.999 +0000 UTC'],
  ])('%d', (ms, nano, plain, str) => {
    expect(formatRFC3339Nano(ms)).toBe(nano);
    expect(formatRFC3339(ms)).toBe(plain);
    expect(formatGoTimeString(ms)).toBe(str);
  });

  it('round-trips RFC3339Nano through the parser', () => {
    for (const s of [
      '2025-01-01T10:00:03.123Z',
      '2014-07-29T15:00:00Z',
      '0001-01-01T00:00:00Z',
      '2024-02-29T23:59:59.5Z',
    ]) {
      expect(formatRFC3339Nano(parse(s))).toBe(s);
    }
  });
});

describe('parseTimeDetectLayout: the RFC3339 fast path', () => {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  it('reads every in-range yyyy-mm-ddThh:mm:ss[.frac](Z|±hh:mm) as its instant', () => {
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 1, max: 9999 }),
          mo: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 28 }),
          h: fc.integer({ min: 0, max: 23 }),
          mi: fc.integer({ min: 0, max: 59 }),
          s: fc.integer({ min: 0, max: 59 }),
          frac: fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
          off: fc.option(
            fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
            {
              nil: undefined,
            },
          ),
        }),
        ({ y, mo, d, h, mi, s, frac, off }) => {
          const zone = off === undefined ? 'Z' : `${off[0] ? '-' : '+'}${pad(off[1], 2)}:${pad(off[2], 2)}`;
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${
            frac === undefined ? '' : `.${frac}`
          }${zone}`;
          const wall = new Date(0);
          wall.setUTCFullYear(y, mo - 1, d);
          wall.setUTCHours(h, mi, s, 0);
          const offsetMs = off === undefined ? 0 : (off[1] * 60 + off[2]) * 60_000 * (off[0] ? -1 : 1);
          const ns = frac === undefined ? 0 : Number(frac.slice(0, 9).padEnd(9, '0'));
          expect(parseTimeDetectLayout(text, 'UTC', 0)).toBe(wall.getTime() - offsetMs + ns / 1e6);
        },
      ),
    );
  });
});
