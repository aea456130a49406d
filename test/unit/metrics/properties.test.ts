/**
 * Property tests: metric state after any add/remove sequence.
 *
 * Invariants, per metric family (values are integers so float sums stay exact; with fractional
 * inputs sums can differ from a rebuild in the last bit, as they do in CGRateS):
 * 1. Unique IDs, any removal order: every metric equals a fresh one rebuilt by adding the surviving
 *    events in order (the DESIGN deviation 3 fixes make this hold for *average and *highest).
 * 2. Repeated IDs whose occurrences carry the same value: the identity still holds for the
 *    compress-factor and distinct-value metrics (a per-ID running average of equal values is exact).
 * 3. Repeated IDs with different values: CGRateS folds them into a per-ID running average (and
 *    truncates it for durations), so a rebuild differs. What holds: Count equals the surviving
 *    occurrences, the CompressFactors sum to Count, and removing every occurrence empties Events.
 *    *ddc/*distinct equal a model of per-ID value multisets (removal drops the smallest value);
 *    *highest/*lowest equal a model of "last value per ID, one removal forgets the ID";
 *    *repsc/*repfc equal a model of "set of matching IDs, one removal forgets the ID".
 * 4. toJSON → loadJSON at any point, then the same operations: identical observations.
 * 5. One-event mode equals adding the same events under unique IDs.
 * 6. A failing add changes nothing.
 */
import fc from 'fast-check';
import type { StatMetric } from '../../../src/engine/types';
import { DECIMALS, metric, observe, req, roundTrip } from './metric-kit';

// Enough runs to hit repeated IDs, removals of the extreme and MinItems crossings, and fast enough
// to keep the unit suite quick (16 metric IDs x 5 properties).
fc.configureGlobal({ numRuns: 60 });

type Ev = Record<string, unknown>;
type Family = 'compress' | 'distinct' | 'extreme' | 'count';

interface TypeSpec {
  readonly id: string;
  readonly family: Family;
  readonly values: fc.Arbitrary<number>;
  readonly event: (v: number) => Ev;
  /** An event every add must reject (absent when nothing can fail, e.g. `*sum#1`). */
  readonly bad?: Ev;
  /** Model for family 'extreme' (+1 highest, -1 lowest) or 'count' (does v match?). */
  readonly sign?: 1 | -1;
  readonly matches?: (v: number) => boolean;
}

const ANSWER = ['2014-07-14T14:25:00Z', '', '2015-01-01 10:00:00'];
const REPLY = ['OK', 'ERR', 'ERR_CDRS', 'OK;ERR_CDRS'];
const small = fc.integer({ min: -1000, max: 1000 });
const cost = fc.integer({ min: 0, max: 1_000_000 });
const ns = fc.integer({ min: 0, max: 1_000_000_000_000 });

const SPECS: readonly TypeSpec[] = [
  {
    id: '*asr',
    family: 'compress',
    values: fc.integer({ min: 0, max: 3 }),
    event: (v) => (v === 3 ? {} : { AnswerTime: ANSWER[v] }),
    bad: { AnswerTime: 'not a time' },
  },
  { id: '*acd', family: 'compress', values: ns, event: (v) => ({ Usage: v }), bad: {} },
  { id: '*tcd', family: 'compress', values: ns, event: (v) => ({ Usage: v }), bad: { Usage: 'x' } },
  { id: '*pdd', family: 'compress', values: ns, event: (v) => ({ PDD: v }), bad: { Usage: 1 } },
  { id: '*acc', family: 'compress', values: cost, event: (v) => ({ Cost: v }), bad: { Cost: -1 } },
  { id: '*tcc', family: 'compress', values: cost, event: (v) => ({ Cost: v }), bad: {} },
  { id: '*sum#~*req.Cost', family: 'compress', values: small, event: (v) => ({ Cost: v }), bad: {} },
  { id: '*sum#1', family: 'compress', values: small, event: () => ({}) },
  { id: '*average#~*req.Cost', family: 'compress', values: small, event: (v) => ({ Cost: v }), bad: {} },
  {
    id: '*ddc',
    family: 'distinct',
    values: fc.integer({ min: 0, max: 6 }),
    event: (v) => ({ Destination: v % 2 === 0 ? String(1000 + v) : 1000 + v }),
    bad: {},
  },
  {
    id: '*distinct#~*req.Account',
    family: 'distinct',
    values: fc.integer({ min: 0, max: 6 }),
    event: (v) => ({ Account: `acc${v}` }),
    bad: {},
  },
  {
    id: '*highest#~*req.Cost',
    family: 'extreme',
    sign: 1,
    values: small,
    event: (v) => ({ Cost: v }),
    bad: {},
  },
  {
    id: '*lowest#~*req.Cost',
    family: 'extreme',
    sign: -1,
    values: small,
    event: (v) => ({ Cost: v }),
    bad: {},
  },
  {
    id: '*repsc',
    family: 'count',
    values: fc.integer({ min: 0, max: 3 }),
    event: (v) => ({ ReplyState: REPLY[v] }),
    matches: (v) => REPLY[v] === 'OK',
    bad: {},
  },
  {
    id: '*repfc',
    family: 'count',
    values: fc.integer({ min: 0, max: 3 }),
    event: (v) => ({ ReplyState: REPLY[v] }),
    matches: (v) => REPLY[v] !== 'OK',
    bad: {},
  },
  {
    id: '*repfc#ERR_CDRS',
    family: 'count',
    values: fc.integer({ min: 0, max: 3 }),
    event: (v) => ({ ReplyState: REPLY[v] }),
    matches: (v) => (REPLY[v] ?? '').split(';').includes('ERR_CDRS'),
    bad: {},
  },
];

type Op =
  { readonly add: number; readonly value: number } | { readonly rem: number } | { readonly bad: true };

function opsFor(spec: TypeSpec, idSpace: number): fc.Arbitrary<Op[]> {
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ add: fc.nat({ max: idSpace - 1 }), value: spec.values }) },
    { weight: 3, arbitrary: fc.record({ rem: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ bad: true as const }) },
  );
  return fc.array(op, { maxLength: 40 });
}

/** Values a caller sees, at two precisions. */
function values(m: StatMetric): unknown[] {
  return [m.getStringValue(DECIMALS), m.getFloat64Value(DECIMALS), m.getValue(2), m.getStringValue(1)];
}

function rebuild(spec: TypeSpec, minItems: number, live: readonly (readonly [string, number])[]): StatMetric {
  const fresh = metric(spec.id, minItems);
  for (const [id, v] of live) fresh.addEvent(id, req(spec.event(v)));
  return fresh;
}

/** Runs ops; `idOf` maps an add to its event ID and value. Returns the surviving [id, value] list. */
function run(
  spec: TypeSpec,
  m: StatMetric,
  ops: readonly Op[],
  idOf: (op: { add: number; value: number }, seq: number) => readonly [string, number],
): [string, number][] {
  return runFrom(spec, m, [], ops, idOf);
}

function runFrom(
  spec: TypeSpec,
  m: StatMetric,
  live: [string, number][],
  ops: readonly Op[],
  idOf: (op: { add: number; value: number }, seq: number) => readonly [string, number],
): [string, number][] {
  ops.forEach((op, seq) => {
    if ('add' in op) {
      const [id, v] = idOf(op, seq);
      m.addEvent(id, req(spec.event(v)));
      live.push([id, v]);
    } else if ('rem' in op) {
      if (live.length === 0) return;
      const [removed] = live.splice(op.rem % live.length, 1);
      if (removed !== undefined) m.remEvent(removed[0]);
    } else if (spec.bad !== undefined) {
      const bad = spec.bad;
      const before = JSON.stringify(observe(m));
      expect(() => m.addEvent('bad', req(bad))).toThrow();
      expect(JSON.stringify(observe(m))).toBe(before);
    }
  });
  return live;
}

describe.each(SPECS.map((s) => [s.id, s] as const))('%s properties', (_id, spec) => {
  it('equals a rebuild from the surviving events (unique IDs, any removal order)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), opsFor(spec, 1), (minItems, ops) => {
        const m = metric(spec.id, minItems);
        const live = run(spec, m, ops, (op, seq) => [`u${seq}`, op.value]);
        expect(values(m)).toEqual(values(rebuild(spec, minItems, live)));
      }),
    );
  });

  if (spec.family === 'compress' || spec.family === 'distinct') {
    it('equals a rebuild when repeated IDs always carry the same value', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3 }),
          fc.array(spec.values, { minLength: 6, maxLength: 6 }),
          opsFor(spec, 6),
          (minItems, table, ops) => {
            const m = metric(spec.id, minItems);
            const live = run(spec, m, ops, (op) => [`d${op.add}`, table[op.add] as number]);
            expect(values(m)).toEqual(values(rebuild(spec, minItems, live)));
          },
        ),
      );
    });
  }

  it('keeps the exact invariant of its family with arbitrary repeated IDs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), opsFor(spec, 4), (minItems, ops) => {
        const m = metric(spec.id, minItems);
        const live = run(spec, m, ops, (op) => [`d${op.add}`, op.value]);
        const json = m.toJSON();
        checkFamilyInvariant(spec, m, ops, live, minItems);
        // Removing every surviving occurrence empties the metric.
        for (const [id] of live) m.remEvent(id);
        expect(m.toJSON()['Events']).toEqual({});
        if (spec.family !== 'count' && spec.family !== 'extreme') expect(m.toJSON()['Count']).toBe(0);
        expect(json).toBeDefined();
      }),
    );
  });

  it('behaves the same after toJSON → loadJSON at any point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        opsFor(spec, 4),
        opsFor(spec, 4),
        (minItems, first, second) => {
          const m = metric(spec.id, minItems);
          const live = run(spec, m, first, (op) => [`d${op.add}`, op.value]);
          const copy = roundTrip(m);
          expect(observe(copy)).toEqual(observe(m));
          // Replay the same second half, with the same removal picks, on both.
          const idOf = (op: { add: number; value: number }) => [`d${op.add}`, op.value] as const;
          runFrom(spec, m, [...live], second, idOf);
          runFrom(spec, copy, [...live], second, idOf);
          expect(observe(copy)).toEqual(observe(m));
        },
      ),
    );
  });

  it('in one-event mode equals adding the same events under unique IDs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(spec.values, { maxLength: 40 }),
        (minItems, vs) => {
          const one = metric(spec.id, minItems);
          const unique = metric(spec.id, minItems);
          vs.forEach((v, i) => {
            one.addOneEvent(req(spec.event(v)));
            unique.addEvent(`u${i}`, req(spec.event(v)));
          });
          expect(values(one)).toEqual(values(unique));
          expect(one.toJSON()['Count']).toBe(unique.toJSON()['Count']);
          expect(one.toJSON()['Events']).toEqual({});
        },
      ),
    );
  });
});

function checkFamilyInvariant(
  spec: TypeSpec,
  m: StatMetric,
  ops: readonly Op[],
  live: readonly (readonly [string, number])[],
  minItems: number,
): void {
  const json = m.toJSON();
  const na = (count: number) => count === 0 || count < minItems;
  switch (spec.family) {
    case 'compress': {
      expect(json['Count']).toBe(live.length);
      const events = json['Events'] as Record<string, { CompressFactor: number }>;
      const perID = new Map<string, number>();
      for (const [id] of live) perID.set(id, (perID.get(id) ?? 0) + 1);
      expect(Object.fromEntries(Object.entries(events).map(([id, e]) => [id, e.CompressFactor]))).toEqual(
        Object.fromEntries(perID),
      );
      return;
    }
    case 'distinct': {
      // Model: per-ID multiset of values; a removal drops the ID's smallest value (as a string).
      const model = new Map<string, string[]>();
      const live2: string[] = [];
      for (const op of ops) {
        if ('add' in op) {
          const id = `d${op.add}`;
          const v = String(Object.values(spec.event(op.value))[0]);
          model.set(id, [...(model.get(id) ?? []), v]);
          live2.push(id);
        } else if ('rem' in op && live2.length > 0) {
          const [id] = live2.splice(op.rem % live2.length, 1);
          const vs = model.get(id as string) ?? [];
          let min = 0;
          vs.forEach((v, i) => {
            if (v < (vs[min] as string)) min = i;
          });
          vs.splice(min, 1);
          if (vs.length === 0) model.delete(id as string);
        }
      }
      const count = [...model.values()].reduce((n, vs) => n + vs.length, 0);
      const distinct = new Set([...model.values()].flat()).size;
      expect(json['Count']).toBe(count);
      expect(m.getFloat64Value(DECIMALS)).toBe(na(count) ? -1 : distinct);
      return;
    }
    case 'extreme': {
      const model = new Map<string, number>();
      const live2: string[] = [];
      for (const op of ops) {
        if ('add' in op) {
          model.set(`d${op.add}`, op.value);
          live2.push(`d${op.add}`);
        } else if ('rem' in op && live2.length > 0) {
          const [id] = live2.splice(op.rem % live2.length, 1);
          model.delete(id as string);
        }
      }
      const sign = spec.sign ?? 1;
      const best = model.size === 0 ? 0 : sign * Math.max(...[...model.values()].map((v) => sign * v));
      expect(json['Count']).toBe(model.size);
      expect(m.getFloat64Value(DECIMALS)).toBe(na(model.size) ? -1 : best);
      return;
    }
    case 'count': {
      const model = new Set<string>();
      const live2: string[] = [];
      for (const op of ops) {
        if ('add' in op) {
          if (spec.matches?.(op.value) === true) model.add(`d${op.add}`);
          live2.push(`d${op.add}`);
        } else if ('rem' in op && live2.length > 0) {
          const [id] = live2.splice(op.rem % live2.length, 1);
          model.delete(id as string);
        }
      }
      expect(json['Count']).toBe(model.size);
      expect(m.getFloat64Value(DECIMALS)).toBe(na(model.size) ? -1 : model.size);
      return;
    }
  }
}
