import fc from 'fast-check';
import { Destinations } from '../../../src/engine/destinations';
import { FilterService } from '../../../src/engine/filter-service';
import type { FilterProfile } from '../../../src/engine/filter-service';
import { candidatePasses, matchProfiles } from '../../../src/engine/profile-matcher';
import type { MatchCandidate, MatchableProfile, PassFilters } from '../../../src/engine/profile-matcher';
import type { EventDP, FilterRuleSpec } from '../../../src/engine/types';

// Property (DESIGN deviation 1): the index never changes results. For random stored and inline
// filters of every kind (indexable or not, with and without ActivationIntervals), random items,
// filter updates, item changes, clock moves and events: every item whose filters pass is a candidate,
// and matching the candidates (compiled filters, and the index's "proven" shortcut) gives for each
// candidate exactly what FilterS.Pass by ID gives, errors included.

const T = 'cgrates.org';
const OTHER = 'other.org';
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const FIELDS = ['A', 'B'];
// '1', '10', '2.5', 'true' also match the JSON numbers and booleans of events (IfaceAsString).
const VALUES = ['a', 'ab', 'b', '1', '10', '2.5', 'true'];
const STORED_IDS = ['F0', 'F1', 'F2', 'F3'];
const ITEM_IDS = ['I0', 'I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7'];

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS).map((f) => `~*req.${f}`) },
  { weight: 1, arbitrary: fc.constant('~*opts.O') },
  // Throws WRONG_PATH when A is a scalar: the index must list its items and never prove them.
  { weight: 1, arbitrary: fc.constant('~*req.A.B') },
);
const value = fc.constantFrom(...VALUES);
const values = fc.array(value, { minLength: 0, maxLength: 2 });
const spec = (Type: string, Element: string, Values: string[] | null): FilterRuleSpec => ({
  Type,
  Element,
  Values: Values?.length === 0 ? null : Values,
});

const ruleArb: fc.Arbitrary<FilterRuleSpec> = fc.oneof(
  // Indexable shapes.
  fc.tuple(fc.constantFrom('*string', '*prefix', '*suffix'), path, values).map(([t, e, v]) => spec(t, e, v)),
  path.map((e) => spec('*exists', e, null)),
  fc.tuple(fc.constantFrom('*string', '*prefix', '*suffix'), value, path).map(([t, c, p]) => spec(t, c, [p])),
  // Mixed or dynamic values, never usable as keys.
  fc
    .tuple(fc.constantFrom('*string', '*prefix'), path, path, value)
    .map(([t, e, p, v]) => spec(t, e, [p, v])),
  // Non-indexable types, negations and converters.
  fc
    .tuple(
      fc.constantFrom(
        '*notstring',
        '*nistring',
        '*niprefix',
        '*nisuffix',
        '*contains',
        '*notprefix',
        '*notsuffix',
      ),
      path,
      fc.array(value, { minLength: 1, maxLength: 2 }),
    )
    .map(([t, e, v]) => spec(t, e, v)),
  fc
    .tuple(fc.constantFrom('*gt', '*lt', '*gte', '*eq'), path, fc.constantFrom('1', '5', '10'))
    .map(([t, e, v]) => spec(t, e, [v])),
  fc
    .tuple(fc.constantFrom('*empty', '*notempty', '*notexists', '*niexists'), path)
    .map(([t, e]) => spec(t, e, null)),
  fc.tuple(path, fc.constantFrom('^a', 'b$', '^1')).map(([e, r]) => spec('*regex', e, [r])),
  fc.tuple(path, fc.constantFrom('1', '2', '3')).map(([e, v]) => spec('*string', `${e}{*len}`, [v])),
);

const inline = (r: FilterRuleSpec): string => `${r.Type}:${r.Element}:${(r.Values ?? []).join('|')}`;

// One-rule inline filters, the shape the index may prove: static values, and the look-alikes it
// must not prove (negations, *ni forms, dynamic values, a constant element with a dynamic value).
const singleRuleArb: fc.Arbitrary<FilterRuleSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('*string', '*prefix', '*suffix'),
        path,
        fc.array(value, { minLength: 1, maxLength: 2 }),
      )
      .map(([t, e, v]) => spec(t, e, v)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('*notstring', '*notprefix', '*notsuffix', '*nistring', '*niprefix', '*nisuffix'),
        path,
        fc.array(value, { minLength: 1, maxLength: 2 }),
      )
      .map(([t, e, v]) => spec(t, e, v)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('*string', '*prefix', '*suffix'), path, path)
      .map(([t, e, p]) => spec(t, e, [p])),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('*string', '*prefix'), value, path)
      .map(([t, c, p]) => spec(t, c, [p])),
  },
  { weight: 1, arbitrary: path.map((e) => spec('*exists', e, null)) },
);

const aiArb = fc.constantFrom<FilterProfile['ActivationInterval']>(
  null,
  null,
  { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '' },
  { ActivationTime: new Date(NOW + 5000).toISOString(), ExpiryTime: '' },
  { ActivationTime: '', ExpiryTime: new Date(NOW + 5000).toISOString() },
  { ActivationTime: '', ExpiryTime: new Date(NOW + 500).toISOString() },
  { ActivationTime: '', ExpiryTime: new Date(NOW - 1000).toISOString() },
  { ActivationTime: new Date(NOW - 1000).toISOString(), ExpiryTime: new Date(NOW + 8000).toISOString() },
);

const storedID = fc.constantFrom(...STORED_IDS);
const storedFilterArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ id: storedID, rules: fc.array(ruleArb, { maxLength: 2 }), ai: aiArb }),
  },
  // Without an interval, led by a rule the index may prove: alone it is provable, followed by another not.
  {
    weight: 1,
    arbitrary: fc.record({
      id: storedID,
      rules: fc.tuple(singleRuleArb, fc.array(ruleArb, { maxLength: 1 })).map(([r, rest]) => [r, ...rest]),
      ai: fc.constant(null),
    }),
  },
);

const filterRefArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STORED_IDS) },
  { weight: 2, arbitrary: ruleArb.map(inline) },
  { weight: 1, arbitrary: fc.constant('F_MISSING') },
);

const itemArb = fc.record({
  tenant: fc.constantFrom(T, T, T, OTHER),
  id: fc.constantFrom(...ITEM_IDS),
  filterIDs: fc.oneof(
    { weight: 3, arbitrary: fc.array(filterRefArb, { minLength: 0, maxLength: 3 }) },
    { weight: 3, arbitrary: singleRuleArb.map((r) => [inline(r)]) },
    // A one-rule stored filter: provable too, while it has no ActivationInterval.
    { weight: 2, arbitrary: fc.constantFrom(...STORED_IDS).map((id) => [id]) },
  ),
});

const fieldValue = fc.oneof(
  { weight: 6, arbitrary: value },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      '',
      1,
      10,
      2.5,
      null,
      true,
      false,
      { x: 1 },
      ['a'],
      { B: 'a' },
      { B: 1 },
    ),
  },
);
const eventArb = fc.record({
  req: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 2 }),
  opts: fc.dictionary(fc.constant('O'), fieldValue, { maxKeys: 1 }),
  clockOffsetMs: fc.constantFrom(0, 0, 400, 600, 4000, 4600, 5001, 9000, -2000),
});

type Op =
  | { kind: 'filter'; f: { id: string; rules: FilterRuleSpec[]; ai: FilterProfile['ActivationInterval'] } }
  | { kind: 'item'; item: { tenant: string; id: string; filterIDs: string[] } }
  | { kind: 'remove'; tenant: string; id: string }
  | {
      kind: 'event';
      ev: { req: Record<string, unknown>; opts: Record<string, unknown>; clockOffsetMs: number };
    };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: storedFilterArb.map((f): Op => ({ kind: 'filter', f })) },
  { weight: 3, arbitrary: itemArb.map((item): Op => ({ kind: 'item', item })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ tenant: fc.constantFrom(T, OTHER), id: fc.constantFrom(...ITEM_IDS) })
      .map((r): Op => ({ kind: 'remove', ...r })),
  },
  { weight: 5, arbitrary: eventArb.map((ev): Op => ({ kind: 'event', ev })) },
);

type Outcome = 'pass' | 'fail' | `error: ${string}`;

function outcome(fn: () => boolean): Outcome {
  try {
    return fn() ? 'pass' : 'fail';
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const profileOf = (id: string, filterIDs: readonly string[]): MatchableProfile => ({
  id,
  filterIDs,
  activation: null,
  weight: 0,
  blocker: false,
});

/** How often the index proved a candidate, over all runs: the shortcut must be exercised. */
const seen = { proven: 0, provenNonString: 0 };

/** The raw value at a plain `~*root.a.b` path, for the statistics above. */
function readPath(ev: EventDP, path: string): unknown {
  let v: unknown = ev;
  for (const seg of path.slice(1).split('.')) v = (v as Record<string, unknown> | undefined)?.[seg];
  return v;
}

describe('FilterIndex (property)', () => {
  it('never changes results: candidates cover every match and evaluate as FilterS.Pass by ID', () => {
    fc.assert(
      fc.property(
        fc.array(storedFilterArb, { maxLength: 5 }),
        fc.array(opArb, { minLength: 10, maxLength: 40, size: 'medium' }),
        (initial, ops) => {
          const clock = { ms: NOW, nowMs: (): number => clock.ms };
          const fs = new FilterService({ clock, timezone: 'UTC', destinations: new Destinations() });
          const idx = fs.createIndex<MatchableProfile>('*stat_filter_indexes');
          const pass: PassFilters = (tenant, ids, filters, dp) => fs.passResolved(tenant, ids, filters, dp);
          const items = new Map<string, Map<string, MatchableProfile>>([
            [T, new Map()],
            [OTHER, new Map()],
          ]);
          for (const f of [...initial, ...STORED_IDS.map((id) => ({ id, rules: [], ai: null }))]) {
            if (fs.getFilter(T, f.id) === undefined || initial.includes(f)) {
              fs.setFilter({ Tenant: T, ID: f.id, Rules: f.rules, ActivationInterval: f.ai });
              fs.setFilter({ Tenant: OTHER, ID: f.id, Rules: f.rules, ActivationInterval: f.ai });
            }
          }
          for (const op of ops) {
            if (op.kind === 'filter') {
              fs.setFilter({ Tenant: T, ID: op.f.id, Rules: op.f.rules, ActivationInterval: op.f.ai });
            } else if (op.kind === 'item') {
              const p = profileOf(op.item.id, op.item.filterIDs);
              idx.setItem(op.item.tenant, op.item.id, op.item.filterIDs, p);
              items.get(op.item.tenant)?.set(op.item.id, p);
            } else if (op.kind === 'remove') {
              idx.removeItem(op.tenant, op.id);
              items.get(op.tenant)?.delete(op.id);
            } else {
              clock.ms = NOW + op.ev.clockOffsetMs;
              const ev: EventDP = { '*req': op.ev.req, '*opts': op.ev.opts };
              for (const [tenant, byID] of items) checkEvent(tenant, byID, ev, op.ev.clockOffsetMs);
            }
          }

          function checkEvent(
            tenant: string,
            byID: ReadonlyMap<string, MatchableProfile>,
            ev: EventDP,
            offsetMs: number,
          ): void {
            const cands = idx.candidates(tenant, ev);
            const byCandidate = new Map<string, MatchCandidate<MatchableProfile>>();
            for (const c of cands) {
              expect(byID.get(c.id)).toBe(c.payload);
              expect(byCandidate.has(c.id)).toBe(false);
              byCandidate.set(c.id, c);
            }
            for (const [id, p] of byID) {
              const expected = outcome(() => fs.pass(tenant, p.filterIDs, ev));
              const c = byCandidate.get(id);
              if (c === undefined) {
                // Hidden items are items that do not match; an evaluation error is not a match either.
                if (expected === 'pass') {
                  throw new Error(
                    `hidden match: ${tenant}/${id} filters ${JSON.stringify(p.filterIDs)} placement ${JSON.stringify(idx.placementOf(tenant, id))} event ${JSON.stringify(ev)} at +${offsetMs}ms`,
                  );
                }
                continue;
              }
              const got = outcome(() => candidatePasses(c, tenant, ev, pass));
              if (got !== expected) {
                throw new Error(
                  `${tenant}/${id} filters ${JSON.stringify(p.filterIDs)} proven=${String(c.proven)}: got ${got}, FilterS.Pass by ID ${expected}; event ${JSON.stringify(ev)} at +${offsetMs}ms`,
                );
              }
              if (c.proven) {
                seen.proven++;
                const placed = idx.placementOf(tenant, id);
                if (placed && typeof readPath(ev, placed.path) !== 'string') seen.provenNonString++;
              }
            }
            // The whole match over the candidates equals the match over every item, when nothing errs.
            const all = [...byID.values()].map((payload) => ({ payload, filters: null, proven: false }));
            const brute = outcome(() => {
              matchProfiles({
                tenant,
                candidates: all,
                dp: ev,
                atMs: () => clock.ms,
                ignoreFilters: false,
                pass,
              });
              return true;
            });
            if (brute === 'pass') {
              const ids = (cs: Iterable<MatchCandidate<MatchableProfile>>): string[] =>
                matchProfiles({
                  tenant,
                  candidates: cs,
                  dp: ev,
                  atMs: () => clock.ms,
                  ignoreFilters: false,
                  pass,
                }).map((p) => p.id);
              expect(ids(idx.candidates(tenant, ev))).toEqual(ids(all));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    // the shortcut was exercised (typically 90–200 proven candidates a run, some on non-string values)
    expect(seen.proven).toBeGreaterThan(20);
    expect(seen.provenNonString).toBeGreaterThan(0);
  });
});
