import fc from 'fast-check';
import { Destinations } from '../../../src/engine/destinations';
import { FilterService } from '../../../src/engine/filter-service';
import type { FilterProfile } from '../../../src/engine/filter-service';
import type { EventDP, FilterRuleSpec } from '../../../src/engine/types';

// Property (DESIGN deviation 1): the index never hides a match. For random stored and inline
// filters of every kind (indexable or not, with and without ActivationIntervals), random items,
// filter updates, item changes, clock moves and events: every item whose filters pass is a candidate.

const T = 'cgrates.org';
const OTHER = 'other.org';
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const FIELDS = ['A', 'B'];
const VALUES = ['a', 'ab', 'b', '1', '10'];
const STORED_IDS = ['F0', 'F1', 'F2', 'F3'];
const ITEM_IDS = ['I0', 'I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7'];

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS).map((f) => `~*req.${f}`) },
  { weight: 1, arbitrary: fc.constant('~*opts.O') },
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

const storedFilterArb = fc.record({
  id: fc.constantFrom(...STORED_IDS),
  rules: fc.array(ruleArb, { minLength: 0, maxLength: 2 }),
  ai: aiArb,
});

const filterRefArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STORED_IDS) },
  { weight: 2, arbitrary: ruleArb.map(inline) },
  { weight: 1, arbitrary: fc.constant('F_MISSING') },
);

const itemArb = fc.record({
  tenant: fc.constantFrom(T, T, T, OTHER),
  id: fc.constantFrom(...ITEM_IDS),
  filterIDs: fc.array(filterRefArb, { minLength: 0, maxLength: 3 }),
});

const fieldValue = fc.oneof(
  { weight: 6, arbitrary: value },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('', 1, 10, 2.5, null, true, { x: 1 }, ['a']) },
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

function passes(fs: FilterService, tenant: string, filterIDs: readonly string[], ev: EventDP): boolean {
  try {
    return fs.pass(tenant, filterIDs, ev);
  } catch {
    // An evaluation error is not a match (NOT_FOUND:F_MISSING, incomparable values, ...).
    return false;
  }
}

describe('FilterIndex (property)', () => {
  it('never hides an item whose filters pass, and never leaks another tenant', () => {
    fc.assert(
      fc.property(
        fc.array(storedFilterArb, { maxLength: 5 }),
        fc.array(opArb, { minLength: 1, maxLength: 60 }),
        (initial, ops) => {
          const clock = { ms: NOW, nowMs: (): number => clock.ms };
          const fs = new FilterService({ clock, timezone: 'UTC', destinations: new Destinations() });
          const idx = fs.createIndex('*stat_filter_indexes');
          const items = new Map<string, Map<string, string[]>>([
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
              idx.setItem(op.item.tenant, op.item.id, op.item.filterIDs);
              items.get(op.item.tenant)?.set(op.item.id, op.item.filterIDs);
            } else if (op.kind === 'remove') {
              idx.removeItem(op.tenant, op.id);
              items.get(op.tenant)?.delete(op.id);
            } else {
              clock.ms = NOW + op.ev.clockOffsetMs;
              const ev: EventDP = { '*req': op.ev.req, '*opts': op.ev.opts };
              for (const [tenant, byID] of items) {
                const cands = idx.candidates(tenant, ev);
                for (const c of cands) expect(byID.has(c)).toBe(true);
                for (const [id, filterIDs] of byID) {
                  if (passes(fs, tenant, filterIDs, ev) && !cands.has(id)) {
                    throw new Error(
                      `hidden match: ${tenant}/${id} filters ${JSON.stringify(filterIDs)} placement ${JSON.stringify(idx.placementOf(tenant, id))} event ${JSON.stringify(ev)} at +${op.ev.clockOffsetMs}ms`,
                    );
                  }
                }
              }
            }
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
