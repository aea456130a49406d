import { parseInlineFilter } from '../../../filters';
import { errorOf } from './filter-test-env';

describe('parseInlineFilter', () => {
  // Vectors from cgrates-filters-thresholds.md A1 (engine/filters.go NewFilterFromInline).
  it.each([
    ['*string:~*req.Account:1001|1002', '*string', '~*req.Account', ['1001', '1002']],
    ['*string:~*req.Account:1007:error', '*string', '~*req.Account', ['1007:error']],
    ['*exists:~*req.Account:', '*exists', '~*req.Account', null],
    [
      '*ai:~*req.AnswerTime:2014-07-29T15:00:00Z|2014-08-29T15:00:00Z',
      '*ai',
      '~*req.AnswerTime',
      ['2014-07-29T15:00:00Z', '2014-08-29T15:00:00Z'],
    ],
    ['*ai:~*req.X:|2013-09-01T00:00:00Z', '*ai', '~*req.X', ['', '2013-09-01T00:00:00Z']],
    ['*string:~*uhc.<~*req.CGRID;-Account>|1001:x', '*string', '~*uhc.<~*req.CGRID;-Account>|1001', ['x']],
    [
      '*string:~*req.A:~*uhc.<~*req.CGRID;-Account>|1001',
      '*string',
      '~*req.A',
      ['~*uhc.<~*req.CGRID;-Account>', '1001'],
    ],
    ['*string:~*req.A:<a|b>|c|<d|e>f', '*string', '~*req.A', ['<a|b>', 'c', '<d|e>f']],
    ['*http#[http://host:80/x]:*any:', '*http#[http://host:80/x]', '*any', null],
    ['*string:1001:~*req.Account', '*string', '1001', ['~*req.Account']],
    ['*gte:~*req.*sum#~*req.Usage:10', '*gte', '~*req.*sum#~*req.Usage', ['10']],
    ['*rsr:~*req.X:<10|>5', '*rsr', '~*req.X', ['<10|>5']],
    ['*rsr:~*req.X:a><b', '*rsr', '~*req.X', ['a><b']],
  ])('parses %s', (id, type, element, values) => {
    expect(parseInlineFilter(id)).toEqual({ Type: type, Element: element, Values: values });
  });

  it.each(['*string', '*string:~*req.Account', 'Account', ''])('refuses %p with the CGRateS text', (id) => {
    expect(errorOf(() => parseInlineFilter(id))).toBe(`inline parse error for string: <${id}>`);
  });

  it('refuses a ">" before "<" in the values instead of crashing like Go', () => {
    expect(errorOf(() => parseInlineFilter('*rsr:~*req.X:>=10|<=20'))).toBe(
      "inline parse error for string: <*rsr:~*req.X:>=10|<=20>: '>' before '<' in the values",
    );
  });

  it('does not check the type or the values', () => {
    expect(parseInlineFilter('*nosuchtype::')).toEqual({ Type: '*nosuchtype', Element: '', Values: null });
  });
});
