import { dp, errorOf, evalRule } from './filter-test-env';

describe('*exists / *notexists / *niexists', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['*exists:~*req.Account:', { Account: '1001' }, true],
    ['*exists:~*req.Account:', { Account: '' }, true],
    ['*exists:~*req.Account:', { Account: null }, true],
    ['*exists:~*req.Account:', { Account: 0 }, true],
    ['*exists:~*req.Account:', {}, false],
    ['*exists:~*req.A.B:', { A: { B: 1 } }, true],
    ['*exists:~*req.A[0]:', { A: [] }, false],
    ['*notexists:~*req.Account:', {}, true],
    ['*notexists:~*req.Account:', { Account: '' }, false],
    ['*niexists:~*req.Account:', { Account: 'x' }, true],
    ['*niexists:~*req.Account:', {}, false],
    // A constant element always "exists" (DPDynamicInterface returns the constant).
    ['*exists:1001:', {}, true],
    // Converter text stays part of the path, as CGRateS' CompileDynRule keeps it.
    ['*exists:~*req.Account{*len}:', { Account: 'x' }, false],
    ['*exists:~*req.<~*req.Field>:', { Field: 'Account', Account: 'x' }, true],
    ['*exists:~*req.<~*req.Field>:', { Account: 'x' }, false],
  ])('%s on %j → %p', (rule, req, expected) => {
    expect(evalRule(rule, dp(req))).toBe(expected);
  });

  it('reads ~*opts', () => {
    expect(evalRule('*exists:~*opts.*profileIDs:', dp({}, { '*profileIDs': [] }))).toBe(true);
  });

  it('propagates path errors, never negated', () => {
    expect(errorOf(() => evalRule('*exists:~*req.A.B:', dp({ A: 'x' })))).toBe('WRONG_PATH');
    expect(errorOf(() => evalRule('*notexists:~*req.A.B:', dp({ A: 'x' })))).toBe('WRONG_PATH');
  });
});

describe('*empty / *notempty', () => {
  it.each<[unknown, boolean]>([
    [undefined, true],
    [null, true],
    ['', true],
    [[], true],
    [{}, true],
    ['x', false],
    [' ', false],
    [0, false],
    [false, false],
    [[1], false],
    [{ a: 1 }, false],
  ])('field %j is empty: %p', (value, expected) => {
    const req = value === undefined ? {} : { F: value };
    expect(evalRule('*empty:~*req.F:', dp(req))).toBe(expected);
    expect(evalRule('*notempty:~*req.F:', dp(req))).toBe(!expected);
  });

  it('treats a constant element as a non-empty string', () => {
    expect(evalRule('*empty:x:', dp({}))).toBe(false);
  });

  it('propagates path errors', () => {
    expect(errorOf(() => evalRule('*notempty:~*req.A.B:', dp({ A: 1 })))).toBe('WRONG_PATH');
  });
});
