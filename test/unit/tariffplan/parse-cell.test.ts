import {
  parseBoolCell,
  parseFloatCell,
  parseIntCell,
  splitFilterValues,
  splitListCell,
} from '../../../src/tariffplan/parse-cell';

describe('parseBoolCell (Go strconv.ParseBool, empty = false)', () => {
  it.each([
    ['', false],
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
  ])('%j → %s', (cell, want) => {
    expect(parseBoolCell(cell)).toBe(want);
  });

  it.each(['yes', 'tRUE', ' true', '2'])('refuses %j with the Go text', (cell) => {
    expect(() => parseBoolCell(cell)).toThrow(
      `strconv.ParseBool: parsing ${JSON.stringify(cell)}: invalid syntax`,
    );
  });
});

describe('parseIntCell (Go strconv.Atoi, empty = 0)', () => {
  it.each([
    ['', 0],
    ['100', 100],
    ['-1', -1],
    ['+7', 7],
    ['007', 7],
  ])('%j → %d', (cell, want) => {
    expect(parseIntCell(cell)).toBe(want);
  });

  it.each(['1.5', 'ten', '1e3', ' 1'])('refuses %j', (cell) => {
    expect(() => parseIntCell(cell)).toThrow(`strconv.Atoi: parsing ${JSON.stringify(cell)}: invalid syntax`);
  });

  it('refuses integers beyond 2^53 as out of range', () => {
    expect(() => parseIntCell('9007199254740993')).toThrow('value out of range');
  });
});

describe('parseFloatCell (Go strconv.ParseFloat, empty = 0)', () => {
  it.each([
    ['', 0],
    ['10', 10],
    ['2.5', 2.5],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
  ])('%j → %d', (cell, want) => {
    expect(parseFloatCell(cell)).toBe(want);
  });

  it.each(['heavy', 'Inf', 'NaN', '0x10', '1,5'])('refuses %j', (cell) => {
    expect(() => parseFloatCell(cell)).toThrow('strconv.ParseFloat');
  });
});

describe('splitListCell', () => {
  it('gives [] for an empty cell and keeps empty entries for the caller to refuse', () => {
    expect(splitListCell('')).toEqual([]);
    expect(splitListCell('A;B')).toEqual(['A', 'B']);
    expect(splitListCell('A;')).toEqual(['A', '']);
  });
});

describe('splitFilterValues (CGRateS splitDynFltrValues)', () => {
  it.each([
    ['1001;1002', ['1001', '1002']],
    ['single', ['single']],
    ['~*uhc.<~*req.CGRID;-Account>;1001', ['~*uhc.<~*req.CGRID;-Account>', '1001']],
    ['a;b<x;y>c;d', ['a', 'b<x;y>c', 'd']],
    ['<a;b>;<c;d>', ['<a;b>', '<c;d>']],
    // Go panics on a `>` before the first `<`; the first `>` after it is used instead.
    ['>=10;<=20', ['>=10', '<=20']],
    ['<=20;abc', ['<=20', 'abc']],
  ])('%j → %j', (value, want) => {
    expect(splitFilterValues(value, ';')).toEqual(want);
  });
});
