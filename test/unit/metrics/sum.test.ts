import fc from 'fast-check';
import { CGRError } from '../../../src/util/cgr-error';
import { createMetric } from '../../../metrics/index';
import { DECIMALS, addAll, errorOf, metric, observe, opts, req, roundTrip } from './metric-kit';

const S = 1e9;

describe('*sum', () => {
  it.each([
    [
      'spec §7 Usage as ns',
      '*sum#~*req.Usage',
      [{ Usage: 135 * S }, { Usage: 45 * S }, { Usage: 0 }],
      '180000000000',
    ],
    ['Usage as a Go duration string', '*sum#~*req.Usage', [{ Usage: '2m15s' }], '135000000000'],
    ['a constant counts events', '*sum#1', [{}, {}, {}], '3'],
    ['negative values are allowed', '*sum#~*req.Cost', [{ Cost: -2 }, { Cost: -1.5 }], '-3.5'],
    ['parts are concatenated', '*sum#~*req.A;~*req.B', [{ A: 1, B: 2 }], '12'],
    ['constant parts are concatenated too', '*sum#1;0', [{}, {}], '20'],
    ['backquoted constant', '*sum#`2`', [{}], '2'],
    [
      '*duration_seconds',
      '*sum#~*req.Usage{*duration_seconds}',
      [{ Usage: 135 * S }, { Usage: '1m' }],
      '195',
    ],
    [
      '*duration_seconds keeps ns',
      '*sum#~*req.Usage{*duration_seconds}',
      [{ Usage: 1_500_010_000 }],
      '1.50001',
    ],
    ['*duration_nanoseconds', '*sum#~*req.Usage{*duration_nanoseconds}', [{ Usage: '1m' }], '60000000000'],
    ['*duration then seconds', '*sum#~*req.Usage{*duration&*duration_seconds}', [{ Usage: 90 * S }], '90'],
    ['*multiply', '*sum#~*req.Cost{*multiply:100}', [{ Cost: 1.5 }], '150'],
    ['*divide', '*sum#~*req.Cost{*divide:4}', [{ Cost: 1 }], '0.25'],
    ['*round', '*sum#~*req.Cost{*round:1}', [{ Cost: 1.26 }], '1.3'],
    ['*round default decimals', '*sum#~*req.Cost{*round}', [{ Cost: 1.5 }], '2'],
    ['chained converters', '*sum#~*req.Cost{*multiply:2&*round:0:*middle}', [{ Cost: 1.26 }], '3'],
  ])('%s: %s → %s', (_name, id, events, str) => {
    const m = addAll(
      metric(id),
      events.map((ev, i) => [`e${i}`, ev] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
  });

  it('reports 0, not N/A, with MinItems 0 and no events', () => {
    const m = metric('*sum#~*req.Cost');
    expect(m.getStringValue(DECIMALS)).toBe('0');
    expect(m.getFloat64Value(DECIMALS)).toBe(0);
    m.addEvent('e1', req({ Cost: 5 }));
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('0');
  });

  it('is N/A only while Count < MinItems', () => {
    const m = metric('*sum#~*req.Cost', 2);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e1', req({ Cost: 5 }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Cost: 1 }));
    expect(m.getStringValue(DECIMALS)).toBe('6');
  });

  it('shows a genuine -1 as N/A (Go compares the value with the sentinel)', () => {
    const m = addAll(metric('*sum#~*req.Cost'), [['e1', { Cost: -1 }]]);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(m.getFloat64Value(DECIMALS)).toBe(-1);
  });

  it('fails with a bare NOT_FOUND when a field is missing', () => {
    const m = metric('*sum#~*req.Usage');
    expect(errorOf(() => m.addEvent('e1', req({ Cost: 1 })))).toBe('NOT_FOUND');
    expect(errorOf(() => m.addOneEvent(req({})))).toBe('NOT_FOUND');
    expect(m.toJSON()).toMatchObject({ Count: 0, Sum: 0 });
  });

  it('fails every event when the concatenation is not a number', () => {
    const m = metric('*sum#~*req.Account');
    expect(() => m.addEvent('e1', req({ Account: 'abc' }))).toThrow(CGRError);
    expect(() => metric('*sum').addEvent('e1', req({}))).toThrow(CGRError);
  });

  it.each([
    ['*sum#~*req.Cost{*foo}', /unsupported converter definition: <\*foo>/],
    ['*sum#~*req.Cost{*multiply:abc}', /invalid converter value in string: <\*multiply:abc>/],
    ['*sum#~*req.Cost{*multiply}', /mandatory information missing/],
    ['*sum#~*req.Cost{*round:x}', /\*round converter needs integer as decimals/],
    ['*sum#~*req.Cost{*round:2:*up}', /unsupported rounding method/],
    ['*sum#~*req.Cost{*round:2', /^invalid converter terminator in rule: <~\*req.Cost\{\*round:2>$/],
    ['*sum#~*req.Cost:s/a/b/', /regexp/],
    ['*sum#~*req.<~*req.F>', /template/],
    ['*sum#1;;2', /empty RSRParser/],
    ['*sum#`1', /backquote/],
  ])('rejects %s at creation', (id, text) => {
    let caught: unknown;
    try {
      createMetric(id, opts());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CGRError);
    expect((caught as Error).message).toMatch(text);
  });

  it('removes repeated IDs by their per-ID average', () => {
    const m = addAll(metric('*sum#~*req.Cost'), [
      ['e1', { Cost: -4 }],
      ['e1', { Cost: 2 }],
    ]);
    expect(m.toJSON()).toMatchObject({ Sum: -2, Count: 2, Events: { e1: { Stat: -1, CompressFactor: 2 } } });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Sum: -1, Count: 1 });
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('0');
  });

  it('aggregates in one-event mode', () => {
    const m = metric('*sum#~*req.Usage');
    m.addOneEvent(req({ Usage: 1 }));
    m.addOneEvent(req({ Usage: 1 }));
    expect(m.getStringValue(DECIMALS)).toBe('2');
    expect(m.toJSON()).toMatchObject({ Sum: 2, Count: 2, Events: {} });
  });

  it('serialises Fields as RSR parsers and restores from its JSON', () => {
    const m = addAll(metric('*sum#~*req.Cost'), [['e1', { Cost: 123 }]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"Sum":123,"Count":1,"Events":{"e1":{"Stat":123,"CompressFactor":1}},' +
        '"MinItems":0,"Fields":[{"Rules":"~*req.Cost"}]}',
    );
    expect(metric('*sum#~*req.A;1{*round}').toJSON()['Fields']).toEqual([
      { Rules: '~*req.A' },
      { Rules: '1{*round}' },
    ]);
    expect(metric('*sum').toJSON()['Fields']).toBeNull();
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    copy.addEvent('e2', req({ Cost: 1 }));
    expect(copy.getStringValue(DECIMALS)).toBe('124');
  });

  it('reads a lone ~path directly with the same value as the string round trip', () => {
    // a trailing empty constant part keeps the same value but forces the string round trip
    const values = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constantFrom('2m15s', '1.5', '-0', '1e3', 'abc', '', '0x10', true, null, { a: 1 }, [1]),
    );
    const outcome = (fn: () => void): string => {
      try {
        fn();
        return 'ok';
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 8 }), (xs) => {
        const direct = metric('*sum#~*req.X');
        const viaString = metric('*sum#~*req.X;``');
        xs.forEach((x, i) => {
          const ev = req({ X: x });
          expect(outcome(() => direct.addEvent(`e${i}`, ev))).toBe(
            outcome(() => viaString.addEvent(`e${i}`, ev)),
          );
        });
        expect(Object.is(direct.toJSON()['Sum'], viaString.toJSON()['Sum'])).toBe(true);
        expect(direct.getStringValue(DECIMALS)).toBe(viaString.getStringValue(DECIMALS));
      }),
    );
  });
});
