import { CGRError } from '../../../src/util/cgr-error';
import { MISSING, compileFieldGetter, splitPath } from '../../../src/util/field-path';
import type { FieldRoot } from '../../../src/util/field-path';

describe('splitPath (CGRateS SplitPath(path, ".", -1))', () => {
  it.each([
    ['*req.Account', ['*req', 'Account']],
    ['*req', ['*req']],
    ['', ['']],
    ['*req.A.B.C', ['*req', 'A', 'B', 'C']],
    ['*req.A[0].B', ['*req', 'A[0]', 'B']],
    ['*req.A[x.y].B', ['*req', 'A[x.y]', 'B']], // no split inside brackets
    ['*req.A[x[1].y].B', ['*req', 'A[x[1].y]', 'B']],
    ['*req.*sum#~*req.Usage', ['*req', '*sum#~*req.Usage']], // a # ends splitting
    [
      '*stats.SQ_1002.*sum#~*req.CostDetails.Charges[0].Increments[0].Accounting.Balance.Value',
      ['*stats', 'SQ_1002', '*sum#~*req.CostDetails.Charges[0].Increments[0].Accounting.Balance.Value'],
    ],
    ['*req.A[#].B', ['*req', 'A[#]', 'B']], // a # inside brackets is just a character
    ['*req..A', ['*req', '', 'A']],
    ['*req.A.', ['*req', 'A', '']],
  ])('%j → %j', (path, parts) => {
    expect(splitPath(path)).toEqual(parts);
  });
});

const ROOT: FieldRoot = {
  '*req': {
    Account: '1001',
    Usage: 135000000000,
    Cost: 0,
    Empty: '',
    Nil: null,
    Flag: false,
    Map: { Inner: { Deep: 'yes' }, '0': 'zero-key' },
    List: [{ Name: 'first' }, 'second', null],
    Strings: ['a', 'b'],
    Text: 'abc',
    '*sum#~*req.Usage': 42,
    'A.B': 'dotted',
    constructor: 'own constructor',
  },
  '*opts': { '*eventType': 'StatUpdate' },
};

function get(path: string, root: FieldRoot = ROOT): unknown {
  return compileFieldGetter(path)(root);
}

describe('compileFieldGetter', () => {
  it.each([
    ['~*req.Account', '1001'],
    ['*req.Account', '1001'], // the ~ is optional
    ['~*req.Usage', 135000000000],
    ['~*req.Cost', 0],
    ['~*req.Empty', ''],
    ['~*req.Nil', null], // present with a JSON null: a value, not MISSING
    ['~*req.Flag', false],
    ['~*opts.*eventType', 'StatUpdate'],
    ['~*req.Map.Inner.Deep', 'yes'],
    ['~*req.Map[Inner].Deep', 'yes'], // Name[key] on a map descends into key
    ['~*req.Map[0]', 'zero-key'],
    ['~*req.List[0].Name', 'first'],
    ['~*req.List[1]', 'second'],
    ['~*req.List[2]', null],
    ['~*req.Strings[1]', 'b'],
    ['~*req.*sum#~*req.Usage', 42],
    ['~*req.constructor', 'own constructor'],
    ['~*req', ROOT['*req']],
  ])('%s → %p', (path, want) => {
    expect(get(path)).toEqual(want);
  });

  it.each([
    '~*req.Missing',
    '~*opts.Missing',
    '~*vars.X', // unknown root
    '~*req.Map.Missing',
    '~*req.Map.Inner.Missing',
    '~*req.Map[Missing]',
    '~*req.List[3]', // out of range
    '~*req.List[-1]',
    '~*req.Strings[99]',
    '~*opts.constructor', // prototype members are not fields
    '~*opts.toString',
    '~*opts.__proto__',
    '~*req.A.B', // dots split, so "A.B" is not addressable this way
  ])('%s → MISSING', (path) => {
    expect(get(path)).toBe(MISSING);
  });

  it('returns MISSING for a missing or null root', () => {
    expect(get('~*req.Account', {})).toBe(MISSING);
    expect(get('~*req.Account', { '*opts': {} })).toBe(MISSING);
    expect(compileFieldGetter('~*req.Account')(null as unknown as FieldRoot)).toBe(MISSING);
    expect(compileFieldGetter('~*req.A.B')(undefined as unknown as FieldRoot)).toBe(MISSING);
  });

  it.each([
    ['~*req.Account.X', 'WRONG_PATH'], // through a string
    ['~*req.Usage.X', 'WRONG_PATH'], // through a number
    ['~*req.Nil.X', 'WRONG_PATH'], // through null
    ['~*req.Flag.X', 'WRONG_PATH'],
    ['~*req.List.X', 'WRONG_PATH'], // through a slice without an index
    ['~*req.List[1].X', 'WRONG_PATH'], // through a string element
    ['~*req.Text[0]', 'WRONG_PATH'], // indexing a string
    ['~*req.List[x]', 'strconv.Atoi: parsing "x": invalid syntax'],
  ])('%s throws %s', (path, text) => {
    const getter = compileFieldGetter(path);
    expect(() => getter(ROOT)).toThrow(CGRError);
    expect(() => getter(ROOT)).toThrow(text);
  });

  it('throws WRONG_PATH when the root entry itself is not a map', () => {
    expect(() => get('~*req.Account', { '*req': 'flat' })).toThrow('WRONG_PATH');
    expect(() => get('~*req.A.B', { '*req': [1] })).toThrow('WRONG_PATH');
  });

  it('reads live values: one compiled getter serves every event', () => {
    const getter = compileFieldGetter('~*req.Account');
    expect(getter({ '*req': { Account: 'a' } })).toBe('a');
    expect(getter({ '*req': { Account: 'b' } })).toBe('b');
    expect(getter({ '*req': {} })).toBe(MISSING);
  });
});
