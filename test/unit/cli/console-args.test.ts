import fc from 'fast-check';
import { ConsoleArgsError, parseConsoleArgs } from '../../../src/cli/console-args';

describe('parseConsoleArgs (cgr-console Key=value syntax)', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['an empty line', '', {}],
    ['only spaces', '  \t ', {}],
    ['a string', 'ID="Stats1"', { ID: 'Stats1' }],
    ['several pairs', 'Tenant="cgrates.org" ID="Stats1"', { Tenant: 'cgrates.org', ID: 'Stats1' }],
    ['an integer', 'QueueLength=100', { QueueLength: 100 }],
    ['a negative number', 'MaxHits=-1', { MaxHits: -1 }],
    ['a float with exponent', 'Weight=2.5e1', { Weight: 25 }],
    [
      'booleans and null',
      'Stored=true Blocker=false ActivationInterval=null',
      { Stored: true, Blocker: false, ActivationInterval: null },
    ],
    ['a list', 'FilterIDs=["a","b"]', { FilterIDs: ['a', 'b'] }],
    ['an empty list', 'FilterIDs=[]', { FilterIDs: [] }],
    ['an object', 'Event={"Account":"1001","Cost":1.5}', { Event: { Account: '1001', Cost: 1.5 } }],
    [
      'a nested object (CGRateS cuts it at the first })',
      'Event={"a":{"b":{"c":1}},"d":[1,[2]]}',
      { Event: { a: { b: { c: 1 } }, d: [1, [2]] } },
    ],
    [
      'a list of objects',
      'Metrics=[{"MetricID":"*asr"},{"MetricID":"*sum#~*req.Usage"}]',
      { Metrics: [{ MetricID: '*asr' }, { MetricID: '*sum#~*req.Usage' }] },
    ],
    ['a quoted string with spaces', 'ID="my queue  1"', { ID: 'my queue  1' }],
    [
      'brackets and quotes inside strings',
      'Event={"Note":"a } ] [ { \\" b"}',
      { Event: { Note: 'a } ] [ { " b' } },
    ],
    [
      'spaces inside an object',
      'Event={ "Account" : "1001" , "Usage" : "90s" }',
      { Event: { Account: '1001', Usage: '90s' } },
    ],
    ['spaces around =', 'ID = "Stats1"   QueueLength= 7', { ID: 'Stats1', QueueLength: 7 }],
    ['JSON escapes', 'ID="tab\\tnewline\\n\\u00e9"', { ID: 'tab\tnewline\né' }],
    [
      'an inline filter with colons and tildes',
      'FilterIDs=["*string:~*req.Account:1001|1002"]',
      { FilterIDs: ['*string:~*req.Account:1001|1002'] },
    ],
    ['an empty string', 'Tenant=""', { Tenant: '' }],
    ['digits and underscores in keys', 'Key_2="x"', { Key_2: 'x' }],
  ])('parses %s', (_what, line, expected) => {
    expect(parseConsoleArgs(line)).toEqual(expected);
  });

  it('keeps the order the keys were given in', () => {
    expect(Object.keys(parseConsoleArgs('ID="a" Tenant="b" APIOpts={}'))).toEqual([
      'ID',
      'Tenant',
      'APIOpts',
    ]);
  });

  it('keeps __proto__ an ordinary key', () => {
    const out = parseConsoleArgs('__proto__={"polluted":true}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it.each<[string, string, RegExp]>([
    [
      'an unquoted string (the shell ate the quotes)',
      'ID=Stats1',
      /ID: Stats1 is not a JSON value; strings need double quotes: ID="Stats1"/,
    ],
    ['a bare word with no =', 'Stats1', /expected Key=value \(no "=" after Stats1\)/],
    ['a value-less key', 'ID=', /ID: missing value/],
    ['a key with no name', '="x"', /expected Key=value, found: ="x"/],
    ['an unterminated string', 'ID="Stats1', /ID: unterminated string/],
    ['an unbalanced object', 'Event={"a":1', /Event: unbalanced \{/],
    ['an unbalanced list', 'FilterIDs=["a"', /FilterIDs: unbalanced \[/],
    ['text glued after a string', 'ID="a"b', /ID: unexpected text after the value/],
    ['a malformed object', 'Event={"a":}', /Event: invalid JSON \{"a":\}/],
    ['single quotes', "ID='x'", /ID: 'x' is not a JSON value/],
    ['a key given twice', 'ID="a" ID="b"', /ID: given twice/],
    ['a stray dash', 'ID="a" -', /expected Key=value, found: -/],
  ])('refuses %s', (_what, line, message) => {
    expect(() => parseConsoleArgs(line)).toThrow(ConsoleArgsError);
    expect(() => parseConsoleArgs(line)).toThrow(message);
  });

  it('round-trips any JSON value written as Key=<JSON.stringify(value)>', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^\w{1,8}$/), fc.jsonValue(), { maxKeys: 5 }), (fields) => {
        const line = Object.entries(fields)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(' ');
        expect(parseConsoleArgs(line)).toEqual(JSON.parse(JSON.stringify(fields)));
      }),
    );
  });
});
