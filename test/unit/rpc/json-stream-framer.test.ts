import fc from 'fast-check';
import { FrameErrorKind, JsonStreamFramer } from '../../../src/rpc/json-stream-framer';
import type { FrameError } from '../../../src/rpc/json-stream-framer';

interface Outcome {
  values: unknown[];
  error: FrameError | undefined;
}

/** Feeds `chunks` in order, then ends the input. */
function frame(chunks: readonly Buffer[], maxFrameBytes = 1 << 20, end = true): Outcome {
  const framer = new JsonStreamFramer({ maxFrameBytes });
  const values: unknown[] = [];
  const sink = (v: unknown): void => {
    values.push(v);
  };
  for (const chunk of chunks) {
    const error = framer.push(chunk, sink);
    if (error !== undefined) return { values, error };
  }
  return { values, error: end ? framer.end() : undefined };
}

function frameText(text: string, maxFrameBytes?: number): Outcome {
  return frame([Buffer.from(text, 'utf8')], maxFrameBytes);
}

/** Every way to cut `bytes` in two. */
function everySplit(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

/** One byte per chunk. */
function byteByByte(bytes: Buffer): Buffer[] {
  return Array.from(bytes, (b) => Buffer.from([b]));
}

const REQ = { method: 'StatSv1.ProcessEvent', params: [{ Tenant: 'cgrates.org', ID: 'e1' }], id: 0 };

describe('JsonStreamFramer', () => {
  describe('value boundaries', () => {
    it.each([
      ['one object without a newline', '{"id":0}', [{ id: 0 }]],
      ['newline-separated objects', '{"id":0}\n{"id":1}\n', [{ id: 0 }, { id: 1 }]],
      ['back-to-back objects', '{"id":0}{"id":1}{"id":2}', [{ id: 0 }, { id: 1 }, { id: 2 }]],
      ['CRLF and tabs between values', '\r\n\t {"a":1}\r\n\t{"b":2}  ', [{ a: 1 }, { b: 2 }]],
      ['a top-level array (batch)', '[{"id":1},{"id":2}]', [[{ id: 1 }, { id: 2 }]]],
      ['object then array back to back', '{"a":1}[2]', [{ a: 1 }, [2]]],
      ['empty object and array', '{}[]', [{}, []]],
      ['nested structures', '{"a":{"b":[{"c":[1,{"d":{}}]}]}}', [{ a: { b: [{ c: [1, { d: {} }] }] } }]],
      ['braces and brackets inside strings', '{"s":"}{][","t":"{"}', [{ s: '}{][', t: '{' }]],
      ['an escaped quote inside a string', '{"s":"a\\"}b"}', [{ s: 'a"}b' }]],
      ['an escaped backslash before the closing quote', '{"s":"a\\\\"}{"t":1}', [{ s: 'a\\' }, { t: 1 }]],
      ['\\\\\\" (backslash then escaped quote)', '{"s":"\\\\\\"}"}', [{ s: '\\"}' }]],
      ['unicode escapes', '{"s":"\\u007b\\u00e9"}', [{ s: '{é' }]],
      ['multi-byte UTF-8', '{"s":"héllo €𝄞 日本"}', [{ s: 'héllo €𝄞 日本' }]],
      ['only whitespace', ' \n\t\r\n', []],
      ['nothing', '', []],
    ])('%s', (_name, input, expected) => {
      expect(frameText(input)).toEqual({ values: expected, error: undefined });
    });

    it('reads pretty-printed requests', () => {
      const text = `${JSON.stringify(REQ, null, 2)}\n${JSON.stringify(REQ, null, '\t')}`;
      expect(frameText(text).values).toEqual([REQ, REQ]);
    });

    it('returns the exact values JSON.parse gives (numbers, null, booleans, __proto__ keys)', () => {
      const text = '{"n":1.5e3,"z":-0,"x":null,"t":true,"f":false,"__proto__":{"p":1}}';
      const [value] = frameText(text).values;
      expect(value).toEqual(JSON.parse(text));
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    });
  });

  describe('split input', () => {
    const stream = Buffer.from(
      `${JSON.stringify(REQ)}{"s":"a\\"}\\\\","u":"é€𝄞{"}\n  [1,{"x":"]"}]\n${JSON.stringify(REQ, null, 2)}`,
      'utf8',
    );
    const expected = frameText(stream.toString('utf8')).values;

    it('has four values in the reference stream', () => {
      expect(expected).toHaveLength(4);
    });

    it('yields the same values when split at every byte position', () => {
      for (const chunks of everySplit(stream))
        expect(frame(chunks)).toEqual({ values: expected, error: undefined });
    });

    it('yields the same values when fed one byte at a time', () => {
      expect(frame(byteByByte(stream))).toEqual({ values: expected, error: undefined });
    });

    it.each([
      ['a 2-byte character', 'é'],
      ['a 3-byte character', '€'],
      ['a 4-byte character', '𝄞'],
    ])('decodes %s split across chunks', (_name, ch) => {
      const bytes = Buffer.from(`{"s":"${ch}"}`, 'utf8');
      const at = bytes.indexOf(Buffer.from(ch, 'utf8'));
      for (let cut = at + 1; cut < at + Buffer.byteLength(ch); cut++) {
        expect(frame([bytes.subarray(0, cut), bytes.subarray(cut)]).values).toEqual([{ s: ch }]);
      }
    });

    it('keeps escape state across chunks (\\" and \\\\ split after the backslash)', () => {
      expect(frame([Buffer.from('{"s":"a\\'), Buffer.from('"}"}')]).values).toEqual([{ s: 'a"}' }]);
      expect(frame([Buffer.from('{"s":"a\\'), Buffer.from('\\"}{"t":1}')]).values).toEqual([
        { s: 'a\\' },
        { t: 1 },
      ]);
    });

    it('delivers complete values before a chunk ends and keeps the rest', () => {
      const framer = new JsonStreamFramer({ maxFrameBytes: 1000 });
      const got: unknown[] = [];
      expect(framer.push(Buffer.from('{"a":1}{"b":'), (v) => got.push(v))).toBeUndefined();
      expect(got).toEqual([{ a: 1 }]);
      expect(framer.bufferedBytes).toBe(5);
      expect(framer.push(Buffer.from('2}'), (v) => got.push(v))).toBeUndefined();
      expect(got).toEqual([{ a: 1 }, { b: 2 }]);
      expect(framer.bufferedBytes).toBe(0);
    });
  });

  describe('errors', () => {
    it.each([
      ['a bare word', 'abc', "invalid character 'a' at offset 0, expected '{' or '['"],
      ['a bare number', '5', "invalid character '5' at offset 0, expected '{' or '['"],
      ['a bare string', '"x"', `invalid character '"' at offset 0, expected '{' or '['`],
      ['a stray closing brace', '}', "invalid character '}' at offset 0, expected '{' or '['"],
      ['garbage after a value', '{"a":1} x', "invalid character 'x' at offset 8, expected '{' or '['"],
      ['a NUL byte', '\u0000', "invalid character 0x00 at offset 0, expected '{' or '['"],
    ])('rejects %s at top level as garbage', (_name, input, reason) => {
      const { error } = frameText(input);
      expect(error).toEqual({ kind: FrameErrorKind.GARBAGE, reason });
    });

    it('delivers the values before the garbage', () => {
      expect(frameText('{"a":1}{"b":2}null').values).toEqual([{ a: 1 }, { b: 2 }]);
    });

    it.each([
      ['a missing value', '{"a":}'],
      ['mismatched brackets', '{"a":1]'],
      ['a trailing comma', '[1,2,]'],
      ['an unquoted key', '{a:1}'],
      ['a raw control character in a string', '{"a":"x\ny"}'],
    ])('reports %s as malformed with the JSON.parse reason', (_name, input) => {
      const { error } = frameText(input);
      expect(error?.kind).toBe(FrameErrorKind.MALFORMED);
      expect(error?.reason).not.toBe('');
    });

    it('reports an unfinished value at end of input as truncated', () => {
      expect(frameText('{"a":1}{"b":').error).toEqual({
        kind: FrameErrorKind.TRUNCATED,
        reason: 'unexpected end of input inside a JSON value',
      });
    });

    it('accepts a value of exactly maxFrameBytes and rejects one byte more', () => {
      const exact = '{"s":"1234567890"}';
      expect(frameText(exact, exact.length).values).toEqual([{ s: '1234567890' }]);
      expect(frameText(exact, exact.length - 1).error).toEqual({
        kind: FrameErrorKind.TOO_LARGE,
        reason: `request exceeds max_request_bytes (${exact.length - 1})`,
      });
    });

    it('does not count whitespace between values against maxFrameBytes', () => {
      expect(frameText(`${' '.repeat(100)}{"a":1}${'\n'.repeat(100)}{"b":2}`, 8).values).toEqual([
        { a: 1 },
        { b: 2 },
      ]);
    });

    it('rejects an oversized value while it is still arriving, holding at most maxFrameBytes', () => {
      const framer = new JsonStreamFramer({ maxFrameBytes: 64 });
      const sink = (): void => undefined;
      expect(framer.push(Buffer.from('{"s":"'), sink)).toBeUndefined();
      let error: FrameError | undefined;
      for (let i = 0; i < 100 && error === undefined; i++) {
        error = framer.push(Buffer.from('x'.repeat(16)), sink);
        expect(framer.bufferedBytes).toBeLessThanOrEqual(64);
      }
      expect(error?.kind).toBe(FrameErrorKind.TOO_LARGE);
      expect(framer.bufferedBytes).toBe(0);
    });

    it('stays failed: later pushes return the same error and deliver nothing', () => {
      const framer = new JsonStreamFramer({ maxFrameBytes: 100 });
      const got: unknown[] = [];
      const first = framer.push(Buffer.from('x'), (v) => got.push(v));
      expect(framer.push(Buffer.from('{"a":1}'), (v) => got.push(v))).toBe(first);
      expect(framer.end()).toBe(first);
      expect(framer.failure).toBe(first);
      expect(got).toEqual([]);
    });

    it('stops delivering values in the current chunk once aborted from the sink', () => {
      const framer = new JsonStreamFramer({ maxFrameBytes: 100 });
      const got: unknown[] = [];
      const error = framer.push(Buffer.from('{"a":1}{"b":2}{"c":3}'), (v) => {
        got.push(v);
        framer.abort('closing');
      });
      expect(got).toEqual([{ a: 1 }]);
      expect(error).toEqual({ kind: FrameErrorKind.TRUNCATED, reason: 'closing' });
    });
  });

  describe('properties', () => {
    // Top-level values are objects or arrays; inside them, anything JSON can hold.
    const topLevel = fc.oneof(
      fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ stringUnit: 'binary' })),
      fc.array(fc.jsonValue({ stringUnit: 'binary' })),
    );
    const separator = fc.constantFrom('', '', '\n', ' ', '\r\n', '\t \n');

    it('any chunking of any sequence of values yields those values', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(topLevel, separator, fc.boolean()), { maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (items, cuts) => {
            const text = items
              .map(([v, sep, pretty]) => JSON.stringify(v, null, pretty ? 2 : undefined) + sep)
              .join('');
            const bytes = Buffer.from(text, 'utf8');
            const positions = [
              ...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1)))),
            ].sort((a, b) => a - b);
            const chunks: Buffer[] = [];
            let prev = 0;
            for (const p of positions) {
              chunks.push(bytes.subarray(prev, p));
              prev = p;
            }
            chunks.push(bytes.subarray(prev));
            // JSON round trip normalises -0 to 0, as the wire does.
            const expected = items.map(([v]) => JSON.parse(JSON.stringify(v)) as unknown);
            expect(frame(chunks)).toEqual({ values: expected, error: undefined });
          },
        ),
        { numRuns: 300 },
      );
    });

    it('never throws and never delivers a value after an error, whatever the bytes', () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 8 }), (chunks) => {
          const framer = new JsonStreamFramer({ maxFrameBytes: 64 });
          let failed = false;
          for (const chunk of chunks) {
            const error = framer.push(Buffer.from(chunk), () => {
              expect(failed).toBe(false);
            });
            if (error !== undefined) failed = true;
          }
        }),
      );
    });
  });
});
