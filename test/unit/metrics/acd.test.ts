import { CGRError } from '../../../src/util/cgr-error';
import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

const S = 1e9;

describe('*acd', () => {
  it.each([
    ['spec §7 usages', [135 * S, 45 * S, 0], '1m0s', 60 * S],
    ['one minute and a half', [90 * S], '1m30s', 90 * S],
    ['Go duration string', ['1m30s'], '1m30s', 90 * S],
    ['bare numeric string is ns', ['10'], '0s', 0],
    ['fractional seconds', [1.5 * S], '1.5s', 1.5 * S],
    ['rounded to 10µs at 5 decimals', [10_123_456_789], '10.12346s', 10_123_460_000],
    ['an hour', [3600 * S], '1h0m0s', 3600 * S],
    ['truncating integer average', [10 * S, 10 * S, 10 * S + 1], '10s', 10 * S],
  ])('%s → %s', (_name, usages, str, ns) => {
    const m = addAll(
      metric('*acd'),
      usages.map((u, i) => [`e${i}`, { Usage: u }] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(ns);
    expect(m.getValue(DECIMALS)).toBe(ns);
    expect(m.isDuration).toBe(true);
  });

  it('rounds with the precision asked for (RoundStatDuration)', () => {
    const m = addAll(metric('*acd'), [
      ['e1', { Usage: 1 }],
      ['e2', { Usage: 1 }],
      ['e3', { Usage: 2 }],
    ]);
    // trunc(4 / 3) = 1ns; at 10+ decimals the duration is not rounded at all.
    expect(m.getStringValue(10)).toBe('1ns');
    expect(m.getStringValue(DECIMALS)).toBe('0s');
    expect(m.getStringValue(0)).toBe('0s');
  });

  it('fails with NOT_FOUND:Usage and keeps its state', () => {
    const m = addAll(metric('*acd'), [['e1', { Usage: 10 * S }]]);
    const before = observe(m);
    expect(errorOf(() => m.addEvent('e2', req({ Cost: 1 })))).toBe('NOT_FOUND:Usage');
    expect(() => m.addEvent('e2', req({ Usage: 'ten seconds' }))).toThrow(CGRError);
    expect(errorOf(() => m.addOneEvent(req({})))).toBe('NOT_FOUND:Usage');
    expect(observe(m)).toEqual(before);
  });

  it('is N/A before MinItems and after removing everything', () => {
    const m = metric('*acd', 2);
    m.addEvent('e1', req({ Usage: 10 * S }));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(m.getFloat64Value(DECIMALS)).toBe(-1);
    m.addEvent('e2', req({ Usage: 20 * S }));
    expect(m.getStringValue(DECIMALS)).toBe('15s');
    m.remEvent('e1');
    m.remEvent('e2');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(m.toJSON()).toMatchObject({ Sum: 0, Count: 0, Events: {} });
  });

  it('folds a repeated ID into its running average and removes that average', () => {
    const m = addAll(metric('*acd'), [
      ['e1', { Usage: 10 * S }],
      ['e1', { Usage: 20 * S }],
      ['e2', { Usage: 60 * S }],
    ]);
    expect(m.toJSON()).toMatchObject({
      Sum: 90 * S,
      Count: 3,
      Events: { e1: { Duration: 15 * S, CompressFactor: 2 }, e2: { Duration: 60 * S, CompressFactor: 1 } },
    });
    expect(m.getStringValue(DECIMALS)).toBe('30s');
    m.remEvent('e1');
    // The stored per-ID average stays; only the compress factor drops.
    expect(m.toJSON()).toMatchObject({
      Sum: 75 * S,
      Count: 2,
      Events: { e1: { Duration: 15 * S, CompressFactor: 1 } },
    });
    expect(m.getStringValue(DECIMALS)).toBe('37.5s');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Sum: 60 * S, Count: 1, Events: { e2: { Duration: 60 * S } } });
  });

  it('truncates the per-ID average like Go converting float64 to Duration', () => {
    const m = addAll(metric('*acd'), [
      ['e1', { Usage: 10 }],
      ['e1', { Usage: 15 }],
    ]);
    expect(m.toJSON()).toMatchObject({ Sum: 25, Events: { e1: { Duration: 12, CompressFactor: 2 } } });
    m.remEvent('e1');
    m.remEvent('e1');
    // CGRateS' truncated per-ID average leaves 1ns behind in Sum; kept for compatibility.
    expect(m.toJSON()).toMatchObject({ Sum: 1, Count: 0 });
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
  });

  it('aggregates without IDs in one-event mode', () => {
    const m = metric('*acd');
    m.addOneEvent(req({ Usage: 30 * S }));
    m.addOneEvent(req({ Usage: '1m30s' }));
    expect(m.getStringValue(DECIMALS)).toBe('1m0s');
    expect(m.toJSON()).toMatchObject({ Sum: 120 * S, Count: 2, Events: {} });
  });

  it('serialises with the CGRateS field names and order', () => {
    const m = addAll(metric('*acd', 2), [['EVENT_1', { Usage: 10 * S }]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":[],"Sum":10000000000,"Count":1,' +
        '"Events":{"EVENT_1":{"Duration":10000000000,"CompressFactor":1}},"MinItems":2}',
    );
  });

  it('restores from its JSON (durations as ns or Go strings) and keeps behaving the same', () => {
    const m = addAll(metric('*acd', 1), [
      ['e1', { Usage: 10 * S }],
      ['e1', { Usage: 21 * S }],
      ['e2', { Usage: 7 * S }],
    ]);
    const copy = roundTrip(m);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) {
      x.remEvent('e1');
      x.addEvent('e2', req({ Usage: 1 * S }));
    }
    expect(observe(copy)).toEqual(observe(m));

    const fromStrings = metric('*acd');
    fromStrings.loadJSON({
      FilterIDs: null,
      Sum: '20s',
      Count: 2,
      Events: { a: { Duration: '10s', CompressFactor: 2 } },
      MinItems: 0,
    });
    expect(fromStrings.getStringValue(DECIMALS)).toBe('10s');
    expect(fromStrings.toJSON()).toMatchObject({
      Sum: 20 * S,
      Events: { a: { Duration: 10 * S, CompressFactor: 2 } },
    });
  });
});
