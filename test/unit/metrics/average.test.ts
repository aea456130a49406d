import { CGRError } from '../../../src/util/cgr-error';
import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

const S = 1e9;

describe('*average', () => {
  it.each([
    [
      'spec §7 Usage as ns',
      '*average#~*req.Usage',
      [{ Usage: 135 * S }, { Usage: 45 * S }, { Usage: 0 }],
      '60000000000',
    ],
    ['costs', '*average#~*req.Cost', [{ Cost: 1 }, { Cost: 2 }], '1.5'],
    ['negative values', '*average#~*req.Cost', [{ Cost: -3 }, { Cost: 1 }], '-1'],
    ['rounded to 5 decimals', '*average#~*req.Cost', [{ Cost: 1 }, { Cost: 0 }, { Cost: 0 }], '0.33333'],
    ['Go duration string', '*average#~*req.Usage', [{ Usage: '1m' }], '60000000000'],
    ['a constant', '*average#2', [{}, {}], '2'],
    ['a constant duration', '*average#1s', [{}], '1000000000'],
    ['a nested path', '*average#~*req.A.B', [{ A: { B: 4 } }, { A: { B: 6 } }], '5'],
  ])('%s: %s → %s', (_name, id, events, str) => {
    const m = addAll(
      metric(id),
      events.map((ev, i) => [`e${i}`, ev] as const),
    );
    // -1 is the N/A sentinel even when genuine, as in CGRateS.
    expect(m.getStringValue(DECIMALS)).toBe(str === '-1' ? 'N/A' : str);
    expect(m.getFloat64Value(DECIMALS)).toBe(Number(str));
  });

  it('fails with NOT_FOUND:<field> naming the whole path', () => {
    const m = metric('*average#~*req.Cost');
    expect(errorOf(() => m.addEvent('e1', req({ Usage: 1 })))).toBe('NOT_FOUND:~*req.Cost');
    expect(errorOf(() => m.addOneEvent(req({})))).toBe('NOT_FOUND:~*req.Cost');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('fails every event for a constant that is not a number', () => {
    const m = metric('*average#abc');
    expect(() => m.addEvent('e1', req({}))).toThrow(CGRError);
    expect(() => m.addEvent('e2', req({}))).toThrow(CGRError);
    expect(m.toJSON()).toMatchObject({ Count: 0 });
    expect(() => metric('*average#true').addEvent('e1', req({}))).toThrow(CGRError);
  });

  it('is N/A before MinItems', () => {
    const m = metric('*average#~*req.Cost', 2);
    m.addEvent('e1', req({ Cost: 4 }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Cost: 5 }));
    expect(m.getStringValue(DECIMALS)).toBe('4.5');
  });

  it('subtracts negative contributions on removal (DESIGN deviation 3)', () => {
    const m = addAll(metric('*average#~*req.Cost'), [
      ['neg', { Cost: -10 }],
      ['pos', { Cost: 20 }],
    ]);
    expect(m.getStringValue(DECIMALS)).toBe('5');
    m.remEvent('neg');
    // CGRateS would keep -10 in Sum and report 10; the surviving event alone averages 20.
    expect(m.getStringValue(DECIMALS)).toBe('20');
    expect(m.toJSON()).toMatchObject({ Sum: 20, Count: 1 });
  });

  it('folds repeated IDs and serialises FieldName last', () => {
    const m = addAll(metric('*average#~*req.Cost'), [
      ['e1', { Cost: 2 }],
      ['e1', { Cost: 4 }],
    ]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"Sum":6,"Count":2,"Events":{"e1":{"Stat":3,"CompressFactor":2}},' +
        '"MinItems":0,"FieldName":"~*req.Cost"}',
    );
    m.addOneEvent(req({ Cost: 9 }));
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) x.remEvent('e1');
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('6');
  });
});
