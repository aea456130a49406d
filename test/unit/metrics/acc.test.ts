import { CGRError } from '../../../src/util/cgr-error';
import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

describe('*acc', () => {
  it.each([
    ['spec §7 costs', [123.0, 12.1, 0], '45.03333', 45.03333],
    ['one cost', [12.3], '12.3', 12.3],
    ['whole numbers', [10, 26], '18', 18],
    ['cost as a string', ['12.1', '0.9'], '6.5', 6.5],
    ['rounded to 5 decimals', [1, 1, 0], '0.66667', 0.66667],
  ])('%s → %s', (_name, costs, str, value) => {
    const m = addAll(
      metric('*acc'),
      costs.map((c, i) => [`e${i}`, { Cost: c }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(value);
    expect(m.getValue(DECIMALS)).toBe(value);
    expect(m.isDuration).toBe(false);
  });

  it.each([
    ['missing Cost', { Usage: 1 }, 'NOT_FOUND:Cost'],
    ['negative Cost', { Cost: -0.5 }, 'NEGATIVE:Cost'],
    ['negative Cost string', { Cost: '-2' }, 'NEGATIVE:Cost'],
  ])('rejects %s with %s and keeps its state', (_name, ev, text) => {
    const m = addAll(metric('*acc'), [['e1', { Cost: 1 }]]);
    const before = observe(m);
    expect(errorOf(() => m.addEvent('e2', req(ev)))).toBe(text);
    expect(errorOf(() => m.addOneEvent(req(ev)))).toBe(text);
    expect(observe(m)).toEqual(before);
  });

  it('throws the conversion error for a non-numeric Cost', () => {
    expect(() => metric('*acc').addEvent('e1', req({ Cost: 'abc' }))).toThrow(CGRError);
  });

  it('is N/A before MinItems and after removing everything', () => {
    const m = metric('*acc', 2);
    m.addEvent('e1', req({ Cost: 3 }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e2', req({ Cost: 4 }));
    expect(m.getStringValue(DECIMALS)).toBe('3.5');
    m.remEvent('e2');
    m.remEvent('e1');
    expect(m.getFloat64Value(DECIMALS)).toBe(-1);
  });

  it('folds repeated IDs into a per-ID average and subtracts that average', () => {
    const m = addAll(metric('*acc'), [
      ['e1', { Cost: 1 }],
      ['e1', { Cost: 2 }],
      ['e1', { Cost: 6 }],
    ]);
    expect(m.toJSON()).toMatchObject({ Sum: 9, Count: 3, Events: { e1: { Stat: 3, CompressFactor: 3 } } });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Sum: 6, Count: 2, Events: { e1: { Stat: 3, CompressFactor: 2 } } });
    expect(m.getStringValue(DECIMALS)).toBe('3');
  });

  it('aggregates without IDs in one-event mode', () => {
    const m = metric('*acc');
    m.addOneEvent(req({ Cost: 1 }));
    m.addOneEvent(req({ Cost: 2 }));
    expect(m.getStringValue(DECIMALS)).toBe('1.5');
    expect(m.toJSON()).toMatchObject({ Sum: 3, Count: 2, Events: {} });
  });

  it('serialises with the CGRateS field names and order and restores from it', () => {
    const m = addAll(metric('*acc', 2), [['EVENT_1', { Cost: 12.1 }]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"Sum":12.1,"Count":1,"Events":{"EVENT_1":{"Stat":12.1,"CompressFactor":1}},"MinItems":2}',
    );
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    copy.addEvent('EVENT_2', req({ Cost: 1 }));
    m.addEvent('EVENT_2', req({ Cost: 1 }));
    expect(observe(copy)).toEqual(observe(m));
    expect(copy.getStringValue(DECIMALS)).toBe('6.55');
  });
});
