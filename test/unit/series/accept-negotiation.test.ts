import { contentTypeFor, negotiateTimestampFormat } from '../../../src/series/accept-negotiation';

describe('negotiateTimestampFormat (TO §3.1 step 2)', () => {
  it.each<[string | undefined, 'rfc' | 'unix' | undefined]>([
    [undefined, 'rfc'],
    ['', 'rfc'],
    ['application/json', 'rfc'],
    ['*/*', 'rfc'],
    ['application/*', 'rfc'],
    ['application/json;timestamp=rfc', 'rfc'],
    ['application/json;timestamp=unix', 'unix'],
    ['application/json; timestamp=unix', 'unix'],
    ['APPLICATION/JSON;TIMESTAMP=unix', 'unix'], // type and parameter names are case-insensitive
    ['application/json;timestamp="unix"', 'unix'],
    ['application/json;timestamp=unix;q=0.9', 'unix'],
    // q sorts: the higher-q entry is walked first.
    ['application/json;timestamp=unix;q=0.5, application/json;timestamp=rfc', 'rfc'],
    ['application/json;timestamp=rfc;q=0.5, application/json;timestamp=unix', 'unix'],
    // Same q: the more specific type first; */* ranks below application/json;timestamp=unix.
    ['*/*, application/json;timestamp=unix', 'unix'],
    ['application/*, application/json;timestamp=unix', 'unix'],
    // Same q and specificity: more parameters first.
    ['application/json, application/json;timestamp=unix', 'unix'],
    // Full tie: the client's order (stable sort).
    ['application/json;timestamp=unix, application/json;timestamp=rfc', 'unix'],
    ['application/json;timestamp=rfc, application/json;timestamp=unix', 'rfc'],
    // q=0 is not a refusal, it only sorts last.
    ['application/json;timestamp=unix;q=0', 'unix'],
    ['text/html, application/json;timestamp=unix', 'unix'],
    ['text/html, */*;q=0.1', 'rfc'],
    // A bad q value counts as 1.
    ['application/json;timestamp=unix;q=abc, application/json;timestamp=rfc;q=0.5', 'unix'],
    // Not acceptable:
    ['application/json; charset=utf-8', undefined],
    ['application/json;timestamp=iso', undefined],
    ['text/html', undefined],
    ['text/*', undefined],
    ['*/json', undefined],
    ['application/xml, text/plain', undefined],
    ['application', undefined], // a bare token parses (as in Go) but satisfies nothing
  ])('%j → %s', (accept, format) => {
    expect(negotiateTimestampFormat(accept)).toEqual({ format, unparseable: false });
  });

  it.each([
    'application/json;timestamp',
    'application/json;timestamp=unix;timestamp=rfc',
    'application/json, ',
    'application/',
    'application/json/x',
    '/json',
    'application/json;timestamp="unix',
    'application/json;=x',
  ])('answers RFC for the unparseable %j', (accept) => {
    expect(negotiateTimestampFormat(accept)).toEqual({ format: 'rfc', unparseable: true });
  });

  it('ignores a trailing semicolon and allows a repeated equal parameter', () => {
    expect(negotiateTimestampFormat('application/json;timestamp=unix;').format).toBe('unix');
    expect(negotiateTimestampFormat('application/json;timestamp=unix;timestamp=unix').format).toBe('unix');
  });

  it('prints the content type as TO does', () => {
    expect(contentTypeFor('unix')).toBe('application/json; timestamp=unix');
    expect(contentTypeFor('rfc')).toBe('application/json; timestamp=rfc');
  });
});
