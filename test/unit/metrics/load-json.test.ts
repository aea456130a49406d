import { CGRError } from '../../../src/util/cgr-error';
import { addAll, metric, observe } from './metric-kit';

type State = Record<string, unknown>;

const COMPRESS: State = {
  FilterIDs: [],
  Sum: 1,
  Count: 1,
  Events: { e1: { Stat: 1, CompressFactor: 1 } },
  MinItems: 0,
};
const DURATION: State = {
  FilterIDs: [],
  Sum: 1,
  Count: 1,
  Events: { e1: { Duration: 1, CompressFactor: 1 } },
  MinItems: 0,
};
const DDC: State = {
  FilterIDs: [],
  FieldValues: { A: { e1: {} } },
  Events: { e1: { A: 1 } },
  MinItems: 0,
  Count: 1,
};
const EXTREME: State = {
  FilterIDs: [],
  FieldName: '~*req.Cost',
  MinItems: 0,
  Highest: 1,
  Count: 1,
  Events: { e1: 1 },
};
const COUNTS: State = { FilterIDs: [], MinItems: 0, Count: 1, Events: { e1: {} } };

// [metricID, a valid state, a seed event, broken variants of the state]
const CASES: readonly (readonly [string, State, Record<string, unknown>, readonly State[]])[] = [
  [
    '*asr',
    { FilterIDs: [], Answered: 1, Count: 1, Events: { e1: { Stat: 1, CompressFactor: 1 } }, MinItems: 0 },
    { AnswerTime: '2014-07-14T14:25:00Z' },
    [
      { Answered: 'one', Count: 1, MinItems: 0 },
      { Answered: 1, Count: 1, MinItems: 0, Events: { e1: { Stat: 1, CompressFactor: 0 } } },
      { Answered: 1, Count: 1, MinItems: 0, Events: { e1: null } },
    ],
  ],
  [
    '*acd',
    DURATION,
    { Usage: 5 },
    [
      { ...DURATION, Sum: 'ten' },
      { ...DURATION, Sum: 1.5 },
      { ...DURATION, Events: { e1: { Duration: 1, CompressFactor: 1.5 } } },
      { ...DURATION, Events: { e1: { Stat: 1, CompressFactor: 1 } } },
    ],
  ],
  [
    '*acc',
    COMPRESS,
    { Cost: 2 },
    [
      { ...COMPRESS, Count: -1 },
      { ...COMPRESS, Events: [] },
      // CompressFactors are kept in a Uint32Array
      { ...COMPRESS, Events: { e1: { Stat: 1, CompressFactor: 2 ** 32 } } },
    ],
  ],
  [
    '*sum#~*req.Cost',
    { ...COMPRESS, Fields: [{ Rules: '~*req.Cost' }] },
    { Cost: 2 },
    [{ ...COMPRESS, Fields: [{ Rules: 1 }] }],
  ],
  [
    '*average#~*req.Cost',
    { ...COMPRESS, FieldName: '~*req.Cost' },
    { Cost: 2 },
    [{ ...COMPRESS, FieldName: 5 }],
  ],
  [
    '*ddc',
    DDC,
    { Destination: 'B' },
    [
      { ...DDC, Events: { e1: { A: 0 } } },
      { ...DDC, FieldValues: { A: 1 } },
      { ...DDC, Count: '1' },
    ],
  ],
  ['*distinct#~*req.X', { ...DDC, FieldName: '~*req.X' }, { X: 'B' }, [{ ...DDC, FieldName: ['~*req.X'] }]],
  [
    '*highest#~*req.Cost',
    EXTREME,
    { Cost: 3 },
    [
      { ...EXTREME, Events: { e1: '1' } },
      { ...EXTREME, Highest: 'x' },
    ],
  ],
  [
    '*lowest#~*req.Cost',
    { ...EXTREME, Lowest: 1, Highest: undefined },
    { Cost: 3 },
    [{ ...EXTREME, Events: { e1: null } }],
  ],
  [
    '*repsc',
    COUNTS,
    { ReplyState: 'OK' },
    [
      { ...COUNTS, Events: { e1: true } },
      { ...COUNTS, FilterIDs: [1] },
    ],
  ],
  [
    '*repfc',
    { ...COUNTS, ErrorType: '' },
    { ReplyState: 'ERR' },
    [
      { ...COUNTS, ErrorType: 5 },
      { ...COUNTS, MinItems: '0' },
    ],
  ],
];

describe('loadJSON', () => {
  it.each(CASES)('%s accepts a valid CGRateS state', (id, state) => {
    const m = metric(id);
    m.loadJSON(state);
    expect(m.toJSON()).toMatchObject({ Count: 1 });
  });

  it.each(CASES)(
    '%s rejects malformed states with a CGRError and stays unchanged',
    (id, _valid, seed, broken) => {
      const m = addAll(metric(id, 1, ['F1']), [['seed', seed]]);
      const before = observe(m);
      for (const state of [...broken, null, [], 'x'] as unknown[]) {
        let caught: unknown;
        try {
          m.loadJSON(state as State);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(CGRError);
        expect((caught as Error).message).toMatch(/^invalid stored state for metric </);
        expect(observe(m)).toEqual(before);
        expect(m.minItems).toBe(1);
        expect(m.filterIDs).toEqual(['F1']);
      }
    },
  );

  it('brings back MinItems and FilterIDs from the stored state', () => {
    const m = metric('*acc', 5, ['A']);
    const state = { ...COMPRESS, MinItems: 1, FilterIDs: ['B', 'C'] };
    m.loadJSON(state);
    expect(Object.isFrozen(state.FilterIDs)).toBe(false);
    expect(m.minItems).toBe(1);
    expect(m.filterIDs).toEqual(['B', 'C']);
    expect(m.getStringValue(5)).toBe('1');
  });
});
