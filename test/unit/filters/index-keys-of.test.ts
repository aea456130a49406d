import { indexKeyStrings, indexKeysOf, parseInlineFilter } from '../../../filters';
import type { FilterRuleSpec } from '../../../src/engine/types';

const keys = (id: string): ReturnType<typeof indexKeysOf> => indexKeysOf(parseInlineFilter(id));

describe('indexKeysOf', () => {
  it.each([
    ['*string:~*req.Account:1001|1002', { type: '*string', path: '~*req.Account', keys: ['1001', '1002'] }],
    [
      '*prefix:~*req.Destination:+49|+33',
      { type: '*prefix', path: '~*req.Destination', keys: ['+49', '+33'] },
    ],
    ['*suffix:~*req.Account:07', { type: '*suffix', path: '~*req.Account', keys: ['07'] }],
    ['*exists:~*req.Account:', { type: '*exists', path: '~*req.Account', keys: [] }],
    [
      '*string:~*opts.*eventType:StatUpdate',
      { type: '*string', path: '~*opts.*eventType', keys: ['StatUpdate'] },
    ],
    ['*string:~*req.*sum#~*req.Usage:10', { type: '*string', path: '~*req.*sum#~*req.Usage', keys: ['10'] }],
    // A constant element with a dynamic value indexes the value's path.
    ['*string:1001:~*req.Account', { type: '*string', path: '~*req.Account', keys: ['1001'] }],
    ['*string:1001:~*req.Account|~*req.Account', { type: '*string', path: '~*req.Account', keys: ['1001'] }],
    // A rule without values never passes: no key can reach it.
    ['*string:~*req.Account:', { type: '*string', path: '~*req.Account', keys: [] }],
  ])('%s → %j', (id, expected) => {
    expect(keys(id)).toEqual(expected);
  });

  it.each([
    '*notstring:~*req.Account:1001',
    '*nistring:~*req.Account:1001',
    '*niprefix:~*req.A:1',
    '*nisuffix:~*req.A:1',
    '*niexists:~*req.A:',
    '*notexists:~*req.A:',
    '*gt:~*req.A:1',
    '*regex:~*req.A:1',
    '*contains:~*req.A:1',
    '*destinations:~*req.A:D',
    // Both dynamic or both constant.
    '*string:~*req.A:~*req.B',
    '*string:1001:1001',
    // One unkeyable value would let the rule pass without any key matching.
    '*string:~*req.A:1001|~*req.B',
    '*string:~*req.A:1001|x{*len}',
    '*string:1001:~*req.A|~*req.B',
    // Swapped roles for prefix/suffix: the key would have to be a prefix of the event value.
    '*prefix:+49:~*req.A',
    '*suffix:07:~*req.A',
    // Converters, search/replace and <...> paths cannot be represented by a plain key.
    '*string:~*req.A{*len}:4',
    '*string:~*req.<~*req.F>:1',
    '*exists:~*req.A{*len}:',
    // Paths CGRateS never indexes (RPC-backed).
    '*string:~*stats.SQ.*asr:1',
    '*string:~*accounts.1001.X:1',
    '*string:~*resources.R.X:1',
    '*string:~*libphonenumber.X:1',
    '*string:~*asm.X:1',
    '*string:1001:~*accounts.X',
    '*exists:1001:',
  ])('refuses %s', (id) => {
    expect(keys(id)).toBeNull();
  });

  it('refuses search&replace elements and rules that do not compile', () => {
    const sr: FilterRuleSpec = { Type: '*string', Element: '~*req.A:s/1/2/', Values: ['2'] };
    expect(indexKeysOf(sr)).toBeNull();
    expect(indexKeysOf({ Type: '*string', Element: '~*req.A{*bad}', Values: ['1'] })).toBeNull();
  });

  it('spells keys the CGRateS way', () => {
    const k1 = keys('*string:~*req.Account:1001|1002');
    const k2 = keys('*exists:~*req.Account:');
    expect(k1 && indexKeyStrings(k1)).toEqual(['*string:*req.Account:1001', '*string:*req.Account:1002']);
    expect(k2 && indexKeyStrings(k2)).toEqual(['*exists:*req.Account']);
  });
});
