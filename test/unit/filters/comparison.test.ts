import { NOW_MS, dp, errorOf, evalRule } from './filter-test-env';

type Expect = boolean | { error: string };

function check(rule: string, req: Record<string, unknown>, expected: Expect): void {
  if (typeof expected === 'boolean') expect(evalRule(rule, dp(req))).toBe(expected);
  else expect(errorOf(() => evalRule(rule, dp(req)))).toBe(expected.error);
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('*gt / *gte / *lt / *lte', () => {
  it.each<[string, Record<string, unknown>, Expect]>([
    ['*gt:~*req.Usage:10s', { Usage: '20s' }, true],
    ['*gt:~*req.Usage:10s', { Usage: '10s' }, false],
    ['*gte:~*req.Usage:10s', { Usage: '10s' }, true],
    ['*gte:~*req.Usage:10s', { Usage: '9s' }, false],
    ['*lt:~*req.ASR:40', { ASR: 30 }, true],
    ['*lt:~*req.ASR:40', { ASR: 40 }, false],
    ['*lte:~*req.ASR:40', { ASR: 40 }, true],
    ['*lte:~*req.ASR:40', { ASR: 41 }, false],
    ['*lt:~*req.ACD:3m', { ACD: '2m59s' }, true],
    // Spec A2: a duration against a bare integer compares nanoseconds.
    ['*gte:~*req.ASR:10', { ASR: '20s' }, true],
    ['*gt:~*req.Usage:10', { Usage: 20 }, true],
    // Float against int compares as float.
    ['*gt:~*req.Cost:1', { Cost: 1.5 }, true],
    ['*lt:~*req.Cost:1.5', { Cost: 1 }, true],
    // N/A stat values are -1 (and -1ns prints as "-1").
    ['*lt:~*req.ACD:3m', { ACD: -1 }, true],
    ['*gt:~*req.ASR:-2', { ASR: -1 }, true],
    // Any value passes.
    ['*gt:~*req.A:100|5', { A: 10 }, true],
    ['*gt:~*req.A:100|50', { A: 10 }, false],
    // Missing field fails; a value that does not resolve is skipped.
    ['*gt:~*req.A:1', {}, false],
    ['*lt:~*req.A:1', {}, false],
    ['*gt:~*req.A:~*req.B', { A: 10 }, false],
    ['*gt:~*req.A:~*req.B', { A: 10, B: 5 }, true],
    ['*gt:~*req.A:~*req.B|1', { A: 10 }, true],
    // Converters apply on both sides before StringToInterface.
    ['*gt:~*req.Usage{*duration_seconds}:60', { Usage: '90s' }, true],
    ['*lt:~*req.Usage{*duration_minutes}:1', { Usage: '90s' }, false],
    // Times, and `*now` as a value.
    ['*gte:~*req.ExpiryTime:*now', { ExpiryTime: iso(NOW_MS + 3600_000) }, true],
    ['*gte:~*req.ExpiryTime:*now', { ExpiryTime: iso(NOW_MS - 3600_000) }, false],
    ['*gte:~*req.ExpiryTime:*now', { ExpiryTime: iso(NOW_MS) }, true],
    ['*lt:~*req.AnswerTime:2024-05-02T00:00:00Z', { AnswerTime: '2024-05-01T00:00:00Z' }, true],
    ['*gt:~*req.AnswerTime:2024-05-02T00:00:00Z', { AnswerTime: '2024-05-01T00:00:00Z' }, false],
    // Errors: the CGRateS texts, never negated, abort the rule.
    ['*gt:~*req.X:10', { X: '' }, { error: 'incomparable: <<nil>> with <10>' }],
    ['*gt:~*req.X:10', { X: null }, { error: 'incomparable: <<nil>> with <10>' }],
    ['*gt:~*req.X:10', { X: 'abc' }, { error: 'incomparable: <<nil>> with <10>' }],
    ['*gt:~*req.X:1.5', { X: true }, { error: 'incomparable: <<nil>> with <1.5>' }],
    ['*gt:~*req.X:abc', { X: 'abd' }, { error: 'unsupported comparison type: string, kind: string' }],
    ['*lt:~*req.X:true', { X: false }, { error: 'unsupported comparison type: bool, kind: bool' }],
    [
      '*gt:~*req.T:10',
      { T: '2024-01-01T00:00:00Z' },
      { error: 'incomparable: <2024-01-01 00:00:00 +0000 UTC> with <10>' },
    ],
    ['*gt:~*req.A:abc|5', { A: 10 }, { error: 'incomparable: <10> with <<nil>>' }],
    ['*gt:~*req.A:5|abc', { A: 10 }, true],
    ['*gt:~*req.X.Y:1', { X: 1 }, { error: 'WRONG_PATH' }],
  ])('%s on %j → %j', check);

  it.each(['*notgt', '*notgte', '*notlt', '*notlte'])(
    '%s has no negation: NOT_IMPLEMENTED at evaluation',
    (t) => {
      expect(errorOf(() => evalRule(`${t}:~*req.A:1`, dp({ A: 5 })))).toBe(`NOT_IMPLEMENTED:${t}`);
    },
  );
});

describe('*eq / *noteq', () => {
  it.each<[string, Record<string, unknown>, Expect]>([
    ['*eq:~*req.A:10', { A: 10 }, true],
    ['*eq:~*req.A:10', { A: 10.0 }, true],
    ['*eq:~*req.A:10.0', { A: 10 }, true],
    ['*eq:~*req.A:10', { A: 11 }, false],
    ['*eq:~*req.A:1m', { A: '60s' }, true],
    ['*eq:~*req.A:abc', { A: 'abc' }, true],
    ['*eq:~*req.A:abc', { A: 'abd' }, false],
    ['*eq:~*req.A:10', {}, false],
    ['*noteq:~*req.A:10', {}, true],
    ['*noteq:~*req.A:10', { A: 10 }, false],
    ['*noteq:~*req.A:10', { A: 9 }, true],
    ['*eq:~*req.A:2024-05-01T12:00:00Z', { A: '2024-05-01 12:00:00' }, true],
    ['*eq:~*req.A:true', { A: true }, { error: 'unsupported comparison type: bool, kind: bool' }],
    ['*eq:~*req.A:10', { A: 'abc' }, { error: 'incomparable: <<nil>> with <10>' }],
    ['*noteq:~*req.A:10', { A: 'abc' }, { error: 'incomparable: <<nil>> with <10>' }],
  ])('%s on %j → %j', check);
});
