import { dp, errorOf, evalRule } from './filter-test-env';

type Case = [rule: string, req: Record<string, unknown>, expected: boolean | { error: string }];

function check(rule: string, req: Record<string, unknown>, expected: boolean | { error: string }): void {
  if (typeof expected === 'boolean') expect(evalRule(rule, dp(req))).toBe(expected);
  else expect(errorOf(() => evalRule(rule, dp(req)))).toBe(expected.error);
}

describe('*string / *notstring / *nistring', () => {
  it.each<Case>([
    ['*string:~*req.Account:1001|1002', { Account: '1001' }, true],
    ['*string:~*req.Account:1001|1002', { Account: '1002' }, true],
    ['*string:~*req.Account:1001|1002', { Account: '1003' }, false],
    ['*string:~*req.Account:1001', {}, false],
    ['*notstring:~*req.Account:1001', {}, true],
    ['*notstring:~*req.Account:1001', { Account: '1001' }, false],
    ['*notstring:~*req.Account:1001', { Account: '1002' }, true],
    ['*nistring:~*req.Account:1001', { Account: '1001' }, true],
    ['*nistring:~*req.Account:1001', { Account: '1002' }, false],
    // IfaceAsString on both sides: JSON numbers are Go float64, printed shortest.
    ['*string:~*req.Account:1001', { Account: 1001 }, true],
    ['*string:~*req.Cost:10', { Cost: 10.0 }, true],
    ['*string:~*req.Cost:0.1', { Cost: 0.1 }, true],
    ['*string:~*req.Flag:true', { Flag: true }, true],
    ['*string:~*req.Account:1007:error', { Account: '1007:error' }, true],
    // Nested maps, slices and the APIOpts root.
    ['*string:~*req.A.B:x', { A: { B: 'x' } }, true],
    ['*string:~*req.A[1]:b', { A: ['a', 'b'] }, true],
    ['*string:~*req.A[5]:b', { A: ['a', 'b'] }, false],
    ['*string:~*req.A.B:x', { A: { C: 'x' } }, false],
    // Dynamic values; an unresolvable value is skipped.
    ['*string:~*req.Account:~*req.Subject', { Account: '1001', Subject: '1001' }, true],
    ['*string:~*req.Account:~*req.Subject', { Account: '1001', Subject: '1002' }, false],
    ['*string:~*req.Account:~*req.Subject|1001', { Account: '1001' }, true],
    ['*string:~*req.Account:~*req.Subject', { Account: '1001' }, false],
    ['*string:~*req.Account:~*req.Subject.X', { Account: '1001', Subject: 's' }, false],
    // A constant element with a dynamic value is valid.
    ['*string:1001:~*req.Account', { Account: '1001' }, true],
    ['*string:1001:~*req.Account', { Account: '1002' }, false],
    ['*string:1001:1001', {}, true],
    // RPC-backed roots have no connection here: missing.
    ['*string:~*stats.SQ_1.*asr:50', {}, false],
    ['*notstring:~*stats.SQ_1.*asr:50', {}, true],
    ['*string:~*vars.X:1', {}, false],
    // Errors are never negated.
    ['*string:~*req.Account.X:1', { Account: '1001' }, { error: 'WRONG_PATH' }],
    ['*notstring:~*req.Account.X:1', { Account: '1001' }, { error: 'WRONG_PATH' }],
    ['*string:~Account:1001', { Account: '1001' }, { error: 'invalid fieldname <[Account]>' }],
    ['*notstring:~Account:1001', { Account: '1001' }, { error: 'invalid fieldname <[Account]>' }],
    ['*string:~*req.Account:', { Account: '1001' }, false],
  ])('%s on %j → %j', check);

  it('reads ~*opts', () => {
    expect(evalRule('*string:~*opts.*eventType:StatUpdate', dp({}, { '*eventType': 'StatUpdate' }))).toBe(
      true,
    );
    expect(evalRule('*string:~*opts.*eventType:StatUpdate', dp({ '*eventType': 'StatUpdate' }))).toBe(false);
  });
});

describe('*contains / *notcontains', () => {
  it.each<Case>([
    ['*contains:~*req.Destination:491', { Destination: '+4915' }, true],
    ['*contains:~*req.Destination:33|491', { Destination: '+4915' }, true],
    ['*contains:~*req.Destination:33', { Destination: '+4915' }, false],
    ['*contains:~*req.Destination:33', {}, false],
    ['*notcontains:~*req.Destination:33', {}, true],
    ['*notcontains:~*req.Destination:491', { Destination: '+4915' }, false],
    ['*contains:~*req.A:~*req.B', { A: 'abcd', B: 'bc' }, true],
  ])('%s on %j → %j', check);
});

describe('*prefix / *notprefix / *niprefix', () => {
  it.each<Case>([
    ['*prefix:~*req.Destination:+49|+33', { Destination: '+4915123' }, true],
    ['*prefix:~*req.Destination:+49|+33', { Destination: '+3361' }, true],
    ['*prefix:~*req.Destination:+49|+33', { Destination: '+1202' }, false],
    ['*prefix:~*req.Destination:+49', {}, false],
    ['*notprefix:~*req.Destination:+49', {}, true],
    ['*notprefix:~*req.Destination:+49', { Destination: '+4915' }, false],
    ['*niprefix:~*req.Destination:+49', { Destination: '+4915' }, true],
    ['*prefix:~*req.Destination:1001', { Destination: 1001234 }, true],
    ['*prefix:~*req.Destination:~*req.Prefix', { Destination: '+4915', Prefix: '+49' }, true],
    // Roles swap with a constant element: the event value must be a prefix of the constant.
    ['*prefix:+4915:~*req.Prefix', { Prefix: '+49' }, true],
    ['*prefix:+4915:~*req.Prefix', { Prefix: '+4915123' }, false],
  ])('%s on %j → %j', check);
});

describe('*suffix / *notsuffix / *nisuffix', () => {
  it.each<Case>([
    ['*suffix:~*req.Account:07|08', { Account: '1007' }, true],
    ['*suffix:~*req.Account:07|08', { Account: '1009' }, false],
    ['*suffix:~*req.Account:07', {}, false],
    ['*notsuffix:~*req.Account:07', {}, true],
    ['*notsuffix:~*req.Account:07', { Account: '1007' }, false],
    ['*nisuffix:~*req.Account:07', { Account: '1007' }, true],
  ])('%s on %j → %j', check);
});
