import { CGRError } from '../../../src/util/cgr-error';
import { DECIMALS, addAll, errorOf, metric, observe, req, roundTrip } from './metric-kit';

const ANSWERED = { AnswerTime: '2014-07-14T14:25:00Z' };
const UNANSWERED = {};

describe('*asr', () => {
  it.each([
    ['one answered', [ANSWERED], '100%', 100],
    ['one unanswered', [UNANSWERED], '0%', 0],
    ['1 of 2', [ANSWERED, UNANSWERED], '50%', 50],
    ['1 of 3', [ANSWERED, UNANSWERED, UNANSWERED], '33.33333%', 33.33333],
    ['2 of 3', [ANSWERED, ANSWERED, UNANSWERED], '66.66667%', 66.66667],
    ['empty AnswerTime is the zero time', [ANSWERED, { AnswerTime: '' }], '50%', 50],
    ['"0" is the zero time', [ANSWERED, { AnswerTime: '0' }], '50%', 50],
    ['Go zero time string', [ANSWERED, { AnswerTime: '0001-01-01T00:00:00Z' }], '50%', 50],
    ['zone-less layout', [{ AnswerTime: '2014-07-14 14:25:00' }], '100%', 100],
  ])('%s → %s', (_name, events, str, float) => {
    const m = addAll(
      metric('*asr'),
      events.map((ev, i) => [`e${i}`, ev] as const),
    );
    expect(m.getStringValue(DECIMALS)).toBe(str);
    expect(m.getFloat64Value(DECIMALS)).toBe(float);
    expect(m.getValue(DECIMALS)).toBe(float);
  });

  it('prints tiny ratios in Go %v exponent form', () => {
    const m = metric('*asr');
    m.loadJSON({ FilterIDs: [], Answered: 1, Count: 10_000_000, Events: {}, MinItems: 0 });
    expect(m.getStringValue(DECIMALS)).toBe('1e-05%');
  });

  it('is N/A before MinItems events and after the last removal', () => {
    const m = metric('*asr', 2);
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.addEvent('e1', req(ANSWERED));
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    expect(m.getFloat64Value(DECIMALS)).toBe(-1);
    m.addEvent('e2', req(UNANSWERED));
    expect(m.getStringValue(DECIMALS)).toBe('50%');
    m.remEvent('e1');
    expect(m.getStringValue(DECIMALS)).toBe('N/A');
    m.remEvent('e2');
    expect(m.getValue(DECIMALS)).toBe(-1);
    expect(m.toJSON()['Events']).toEqual({});
  });

  it('throws on an unparsable AnswerTime and leaves the metric unchanged', () => {
    const m = addAll(metric('*asr'), [['e1', ANSWERED]]);
    const before = observe(m);
    expect(() => m.addEvent('e2', req({ AnswerTime: 'not a time' }))).toThrow(CGRError);
    expect(() => m.addEvent('e3', req({ AnswerTime: 1405347900 }))).toThrow(CGRError);
    expect(observe(m)).toEqual(before);
  });

  it('folds a repeated ID into a running answered ratio', () => {
    const m = addAll(metric('*asr'), [
      ['e1', UNANSWERED],
      ['e1', ANSWERED],
      ['e1', ANSWERED],
    ]);
    expect(m.toJSON()).toMatchObject({ Answered: 2, Count: 3, Events: { e1: { CompressFactor: 3 } } });
    expect((m.toJSON()['Events'] as Record<string, { Stat: number }>)['e1']?.Stat).toBeCloseTo(2 / 3, 15);
    expect(m.getStringValue(DECIMALS)).toBe('66.66667%');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({
      Answered: 1,
      Count: 2,
      Events: { e1: { Stat: 0.5, CompressFactor: 2 } },
    });
    expect(m.getStringValue(DECIMALS)).toBe('50%');
  });

  it('treats a folded Stat of exactly 0.5 as unanswered on removal (CGRateS edge)', () => {
    const m = addAll(metric('*asr'), [
      ['e1', ANSWERED],
      ['e1', UNANSWERED],
    ]);
    expect(m.toJSON()).toMatchObject({
      Answered: 1,
      Count: 2,
      Events: { e1: { Stat: 0.5, CompressFactor: 2 } },
    });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({
      Answered: 1,
      Count: 1,
      Events: { e1: { Stat: 1, CompressFactor: 1 } },
    });
    expect(m.getStringValue(DECIMALS)).toBe('100%');
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Answered: 0, Count: 0, Events: {} });
    m.remEvent('e1');
    expect(m.toJSON()).toMatchObject({ Answered: 0, Count: 0 });
  });

  it('ignores removal of unknown IDs', () => {
    const m = addAll(metric('*asr'), [['e1', ANSWERED]]);
    m.remEvent('nope');
    expect(m.getStringValue(DECIMALS)).toBe('100%');
  });

  it('aggregates without remembering IDs in one-event mode', () => {
    const m = metric('*asr');
    m.addOneEvent(req(ANSWERED));
    m.addOneEvent(req(ANSWERED));
    m.addOneEvent(req(UNANSWERED));
    expect(m.getStringValue(DECIMALS)).toBe('66.66667%');
    expect(m.toJSON()).toMatchObject({ Answered: 2, Count: 3, Events: {} });
    expect(() => m.addOneEvent(req({ AnswerTime: 'bad' }))).toThrow(CGRError);
    expect(m.toJSON()).toMatchObject({ Count: 3 });
  });

  it('serialises with the CGRateS field names and order', () => {
    const m = addAll(metric('*asr', 2, ['*string:Account:1001']), [['EVENT_1', ANSWERED]]);
    expect(JSON.stringify(m)).toBe(
      '{"FilterIDs":["*string:Account:1001"],"Answered":1,"Count":1,' +
        '"Events":{"EVENT_1":{"Stat":1,"CompressFactor":1}},"MinItems":2}',
    );
  });

  it('restores from its JSON and keeps behaving the same', () => {
    const m = addAll(metric('*asr', 1, ['F1']), [
      ['e1', ANSWERED],
      ['e1', UNANSWERED],
      ['e2', ANSWERED],
    ]);
    const copy = roundTrip(m);
    expect(copy.minItems).toBe(1);
    expect(copy.filterIDs).toEqual(['F1']);
    expect(observe(copy)).toEqual(observe(m));
    for (const x of [m, copy]) {
      x.remEvent('e1');
      x.addEvent('e3', req(UNANSWERED));
    }
    expect(observe(copy)).toEqual(observe(m));
  });

  it('returns the cached value until the state changes', () => {
    const m = addAll(metric('*asr'), [['e1', ANSWERED]]);
    expect(m.getValue(DECIMALS)).toBe(100);
    m.addEvent('e2', req(UNANSWERED));
    expect(m.getValue(DECIMALS)).toBe(50);
    expect(m.getValue(0)).toBe(50);
    m.addEvent('e3', req(UNANSWERED));
    expect(m.getValue(2)).toBe(33.33);
    expect(m.getValue(DECIMALS)).toBe(33.33333);
    expect(errorOf(() => m.addEvent('e4', req({ AnswerTime: true })))).not.toBe('');
  });
});
