import type { TimingSpec } from '../../../src/engine/types';
import { dp, errorOf, evalRule, testEnv } from './filter-test-env';

const timing = (over: Partial<TimingSpec>): TimingSpec => ({
  ID: 'T',
  Years: [],
  Months: [],
  MonthDays: [],
  WeekDays: [],
  StartTime: '',
  EndTime: '',
  ...over,
});

describe('*timings / *nottimings', () => {
  const env = testEnv({
    timings: {
      ALWAYS: timing({}),
      WORKDAYS: timing({ WeekDays: [1, 2, 3, 4, 5] }),
      WEEKEND: timing({ WeekDays: [0, 6] }),
      OFFICE: timing({ StartTime: '08:00:00', EndTime: '18:00:00' }),
      NIGHT: timing({ StartTime: '20:00:00' }),
      MAY_2024: timing({ Years: [2024], Months: [5] }),
      FIRST: timing({ MonthDays: [1] }),
    },
  });
  // 2024-05-01 is a Wednesday.
  it.each<[string, unknown, boolean]>([
    ['ALWAYS', '2024-05-01T12:00:00Z', true],
    ['WORKDAYS', '2024-05-01T12:00:00Z', true],
    ['WEEKEND', '2024-05-01T12:00:00Z', false],
    ['WEEKEND', '2024-05-05T12:00:00Z', true],
    ['OFFICE', '2024-05-01T12:00:00Z', true],
    ['OFFICE', '2024-05-01T07:59:59Z', false],
    ['OFFICE', '2024-05-01T18:00:00Z', true],
    ['OFFICE', '2024-05-01T18:00:01Z', false],
    ['NIGHT', '2024-05-01T23:59:59Z', true],
    ['NIGHT', '2024-05-01T19:59:59Z', false],
    ['MAY_2024', '2024-05-31T00:00:00Z', true],
    ['MAY_2024', '2024-06-01T00:00:00Z', false],
    ['FIRST', '2024-05-01T00:00:00Z', true],
    ['FIRST', '2024-05-02T00:00:00Z', false],
    ['UNKNOWN|WEEKEND|WORKDAYS', '2024-05-01T12:00:00Z', true],
    ['UNKNOWN', '2024-05-01T12:00:00Z', false],
    ['ALWAYS', undefined, false],
  ])('%s at %j → %p', (ids, t, expected) => {
    const ev = dp(t === undefined ? {} : { AnswerTime: t });
    expect(evalRule(`*timings:~*req.AnswerTime:${ids}`, ev, env)).toBe(expected);
    expect(evalRule(`*nottimings:~*req.AnswerTime:${ids}`, ev, env)).toBe(!expected);
  });

  it('takes calendar fields in the configured timezone', () => {
    const berlin = testEnv({
      timezone: 'Europe/Berlin',
      timings: { OFFICE: timing({ StartTime: '08:00:00', EndTime: '18:00:00' }) },
    });
    // 17:30Z is 19:30 in Berlin (CEST).
    expect(evalRule('*timings:~*req.T:OFFICE', dp({ T: '2024-05-01T17:30:00Z' }), berlin)).toBe(false);
    expect(evalRule('*timings:~*req.T:OFFICE', dp({ T: '2024-05-01T17:30:00Z' }), env)).toBe(true);
  });

  it('errors on an unresolvable value and on a field that is not a time', () => {
    expect(errorOf(() => evalRule('*timings:~*req.T:~*req.ID', dp({ T: '2024-05-01T12:00:00Z' }), env))).toBe(
      'NOT_FOUND',
    );
    expect(errorOf(() => evalRule('*timings:~*req.T:ALWAYS', dp({ T: 'x' }), env))).toBe(
      'Unsupported time format',
    );
  });

  it('treats every timing as unknown without a timing source', () => {
    const bare = { nowMs: () => 0, timezone: 'UTC', destinationPrefixes: () => undefined };
    expect(evalRule('*timings:~*req.T:ALWAYS', dp({ T: '2024-05-01T12:00:00Z' }), bare)).toBe(false);
  });
});
