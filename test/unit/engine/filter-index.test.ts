import { Destinations } from '../../../src/engine/destinations';
import { EXPIRY_MARGIN_MS } from '../../../src/engine/filter-index';
import type { FilterIndex, IndexedItem } from '../../../src/engine/filter-index';
import { FilterService } from '../../../src/engine/filter-service';
import type { FilterProfile } from '../../../src/engine/filter-service';
import type { EventDP, FilterRuleSpec } from '../../../src/engine/types';

const T = 'cgrates.org';
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

const dp = (req: Record<string, unknown>, opts: Record<string, unknown> = {}): EventDP => ({
  '*req': req,
  '*opts': opts,
});
const rule = (Type: string, Element: string, Values: string[] | null): FilterRuleSpec => ({
  Type,
  Element,
  Values,
});
const iso = (ms: number): string => new Date(ms).toISOString();

function setup(): { clock: { ms: number; nowMs(): number }; fs: FilterService; idx: FilterIndex<string> } {
  const clock = {
    ms: NOW,
    nowMs(): number {
      return this.ms;
    },
  };
  const fs = new FilterService({ clock, timezone: 'UTC', destinations: new Destinations() });
  return { clock, fs, idx: fs.createIndex('*stat_filter_indexes') };
}

const sorted = (items: readonly IndexedItem<string>[]): string[] => items.map((i) => i.payload).sort();
const stored = (
  ID: string,
  Rules: FilterRuleSpec[],
  ai: FilterProfile['ActivationInterval'] = null,
): FilterProfile => ({
  Tenant: T,
  ID,
  Rules,
  ActivationInterval: ai,
});

describe('FilterIndex', () => {
  it('always lists items without FilterIDs or without an indexable rule', () => {
    const { idx } = setup();
    idx.setItem(T, 'NO_FILTERS', [], 'NO_FILTERS');
    idx.setItem(T, 'ONLY_GT', ['*gt:~*req.Usage:10'], 'ONLY_GT');
    idx.setItem(T, 'NOT_STRING', ['*notstring:~*req.Account:1001'], 'NOT_STRING');
    idx.setItem(T, 'NI', ['*nistring:~*req.Account:1001'], 'NI');
    idx.setItem(T, 'ACC', ['*string:~*req.Account:1001'], 'ACC');
    expect(sorted(idx.candidates(T, dp({})))).toEqual(['NI', 'NOT_STRING', 'NO_FILTERS', 'ONLY_GT']);
    expect(sorted(idx.candidates(T, dp({ Account: '1001' })))).toEqual([
      'ACC',
      'NI',
      'NOT_STRING',
      'NO_FILTERS',
      'ONLY_GT',
    ]);
    expect(idx.placementOf(T, 'NO_FILTERS')).toBeNull();
    expect(idx.placementOf(T, 'UNKNOWN')).toBeUndefined();
  });

  it('looks up *string keys exactly, on IfaceAsString of the field', () => {
    const { idx } = setup();
    idx.setItem(T, 'A', ['*string:~*req.Account:1001|1002'], 'A');
    idx.setItem(T, 'B', ['*string:~*req.Account:1003'], 'B');
    idx.setItem(T, 'C', ['*string:~*req.Cost:10'], 'C');
    expect(sorted(idx.candidates(T, dp({ Account: '1002' })))).toEqual(['A']);
    expect(sorted(idx.candidates(T, dp({ Account: 1003 })))).toEqual(['B']);
    expect(sorted(idx.candidates(T, dp({ Cost: 10.0, Account: '1001' })))).toEqual(['A', 'C']);
    expect(sorted(idx.candidates(T, dp({ Account: '9' })))).toEqual([]);
  });

  it('lists every matching prefix, not only the longest (unlike CGRateS)', () => {
    const { idx } = setup();
    idx.setItem(T, 'DE', ['*prefix:~*req.Destination:+49'], 'DE');
    idx.setItem(T, 'DE_MOBILE', ['*prefix:~*req.Destination:+4915|+4916'], 'DE_MOBILE');
    // No values: the rule never passes, so no key needs to reach it.
    idx.setItem(T, 'NONE', ['*prefix:~*req.Destination:'], 'NONE');
    expect(sorted(idx.candidates(T, dp({ Destination: '+4915123' })))).toEqual(['DE', 'DE_MOBILE']);
    expect(sorted(idx.candidates(T, dp({ Destination: '+49' })))).toEqual(['DE']);
    expect(sorted(idx.candidates(T, dp({ Destination: '+33' })))).toEqual([]);
  });

  it('lists every matching suffix', () => {
    const { idx } = setup();
    idx.setItem(T, 'S7', ['*suffix:~*req.Account:7'], 'S7');
    idx.setItem(T, 'S07', ['*suffix:~*req.Account:07'], 'S07');
    idx.setItem(T, 'S1007', ['*suffix:~*req.Account:1007'], 'S1007');
    expect(sorted(idx.candidates(T, dp({ Account: '1007' })))).toEqual(['S07', 'S1007', 'S7']);
    expect(sorted(idx.candidates(T, dp({ Account: '17' })))).toEqual(['S7']);
  });

  it('lists *exists items when the field is present, even null', () => {
    const { idx } = setup();
    idx.setItem(T, 'E', ['*exists:~*req.Account:'], 'E');
    expect(sorted(idx.candidates(T, dp({ Account: null })))).toEqual(['E']);
    expect(sorted(idx.candidates(T, dp({})))).toEqual([]);
  });

  it('indexes a constant element with a dynamic value under the value path', () => {
    const { idx } = setup();
    idx.setItem(T, 'I', ['*string:1001:~*req.Account'], 'I');
    expect(idx.placementOf(T, 'I')).toEqual({ type: '*string', path: '~*req.Account', keys: ['1001'] });
    expect(sorted(idx.candidates(T, dp({ Account: '1001' })))).toEqual(['I']);
    expect(sorted(idx.candidates(T, dp({ Account: '1002' })))).toEqual([]);
  });

  it('chooses the most selective indexable rule', () => {
    const { fs, idx } = setup();
    fs.setFilter(
      stored('F', [
        rule('*exists', '~*req.Account', null),
        rule('*prefix', '~*req.Destination', ['+49']),
        rule('*gt', '~*req.Usage', ['1']),
      ]),
    );
    idx.setItem(
      T,
      'I',
      ['F', '*string:~*opts.*eventType:StatUpdate|AccountUpdate', '*string:~*req.RunID:*default'],
      'I',
    );
    expect(idx.placementOf(T, 'I')).toEqual({ type: '*string', path: '~*req.RunID', keys: ['*default'] });
    idx.setItem(T, 'J', ['F'], 'J');
    expect(idx.placementOf(T, 'J')).toEqual({ type: '*prefix', path: '~*req.Destination', keys: ['+49'] });
  });

  it('keeps a placement only while its filter is active and re-places on clock changes', () => {
    const { fs, idx, clock } = setup();
    const soon = NOW + 3600_000;
    fs.setFilter(
      stored('F_FUTURE', [rule('*string', '~*req.Account', ['1001'])], {
        ActivationTime: iso(soon),
        ExpiryTime: '',
      }),
    );
    fs.setFilter(
      stored('F_EXPIRING', [rule('*string', '~*req.Account', ['1002'])], {
        ActivationTime: '',
        ExpiryTime: iso(soon),
      }),
    );
    fs.setFilter(
      stored('F_PAST', [rule('*string', '~*req.Account', ['1003'])], {
        ActivationTime: '2014-07-29T15:00:00Z',
        ExpiryTime: '',
      }),
    );
    idx.setItem(T, 'FUTURE', ['F_FUTURE'], 'FUTURE');
    idx.setItem(T, 'EXPIRING', ['F_EXPIRING'], 'EXPIRING');
    idx.setItem(T, 'PAST', ['F_PAST'], 'PAST');
    expect(idx.placementOf(T, 'FUTURE')).toBeNull();
    expect(idx.placementOf(T, 'EXPIRING')?.keys).toEqual(['1002']);
    expect(idx.placementOf(T, 'PAST')?.keys).toEqual(['1003']);
    expect(sorted(idx.candidates(T, dp({ Account: 'x' })))).toEqual(['FUTURE']);
    // Inside the safety margin before expiry the expiring filter no longer places its item.
    clock.ms = soon - EXPIRY_MARGIN_MS + 1;
    expect(sorted(idx.candidates(T, dp({ Account: 'x' })))).toEqual(['EXPIRING', 'FUTURE']);
    // After activation the future filter is indexed; after expiry the expired one is neutral: always checked.
    clock.ms = soon + 1;
    expect(sorted(idx.candidates(T, dp({ Account: 'x' })))).toEqual(['EXPIRING']);
    expect(idx.placementOf(T, 'FUTURE')?.keys).toEqual(['1001']);
    expect(fs.pass(T, ['F_EXPIRING'], dp({ Account: 'x' }))).toBe(false);
    // A clock stepping back un-places the no-longer-active filter's item; the expired one stays
    // always-checked (a superset, never a hidden match).
    clock.ms = NOW;
    expect(sorted(idx.candidates(T, dp({ Account: 'x' })))).toEqual(['EXPIRING', 'FUTURE']);
    expect(idx.placementOf(T, 'FUTURE')).toBeNull();
  });

  it('prefers a filter without an ActivationInterval at equal selectivity', () => {
    const { fs, idx } = setup();
    fs.setFilter(
      stored('F_AI', [rule('*string', '~*req.A', ['1'])], {
        ActivationTime: '2014-07-29T15:00:00Z',
        ExpiryTime: '',
      }),
    );
    idx.setItem(T, 'I', ['F_AI', '*string:~*req.B:2'], 'I');
    expect(idx.placementOf(T, 'I')).toEqual({ type: '*string', path: '~*req.B', keys: ['2'] });
  });

  it('includes the items of a path whose read throws (the rule would raise the same error)', () => {
    const { idx } = setup();
    idx.setItem(T, 'I', ['*string:~*req.A.B:1'], 'I');
    idx.setItem(T, 'J', ['*prefix:~*req.A.B:1'], 'J');
    expect(sorted(idx.candidates(T, dp({ A: 'scalar' })))).toEqual(['I', 'J']);
    expect(sorted(idx.candidates(T, dp({ A: { B: '2' } })))).toEqual([]);
  });

  it('replaces and removes items, and tracks references', () => {
    const { idx } = setup();
    idx.setItem(T, 'I', ['*string:~*req.A:1', 'F1'], 'I');
    expect(idx.itemsReferencing(T, 'F1')).toEqual(['I']);
    idx.setItem(T, 'I', ['*string:~*req.A:2'], 'I');
    expect(idx.itemsReferencing(T, 'F1')).toEqual([]);
    expect(sorted(idx.candidates(T, dp({ A: '1' })))).toEqual([]);
    expect(sorted(idx.candidates(T, dp({ A: '2' })))).toEqual(['I']);
    idx.removeItem(T, 'I');
    idx.removeItem(T, 'I');
    idx.removeItem('none.org', 'I');
    expect(sorted(idx.candidates(T, dp({ A: '2' })))).toEqual([]);
    expect(idx.placementOf(T, 'I')).toBeUndefined();
  });

  it('keeps tenants apart', () => {
    const { idx } = setup();
    idx.setItem(T, 'I', [], 'I');
    idx.setItem('other.org', 'J', ['*string:~*req.A:1'], 'J');
    expect(sorted(idx.candidates(T, dp({ A: '1' })))).toEqual(['I']);
    expect(sorted(idx.candidates('other.org', dp({ A: '1' })))).toEqual(['J']);
    expect(sorted(idx.candidates('none.org', dp({ A: '1' })))).toEqual([]);
  });

  describe('payloads and proofs', () => {
    const proven = (items: readonly IndexedItem<string>[]): Record<string, boolean> =>
      Object.fromEntries(items.map((i) => [i.id, i.proven]));

    it('hands back each item once, with its payload and compiled filters', () => {
      const { idx } = setup();
      idx.setItem(T, 'I', ['*prefix:~*req.D:49|491'], 'payload of I');
      const [only, ...rest] = idx.candidates(T, dp({ D: '4915' }));
      expect(rest).toEqual([]);
      expect(only?.payload).toBe('payload of I');
      expect(only?.filterIDs).toEqual(['*prefix:~*req.D:49|491']);
      expect(only?.filters?.map((f) => f.rules.map((r) => r.spec))).toEqual([
        [{ Type: '*prefix', Element: '~*req.D', Values: ['49', '491'] }],
      ]);
      expect(idx.item(T, 'I')?.payload).toBe('payload of I');
      expect(idx.item(T, 'J')).toBeUndefined();
      expect(idx.item('none.org', 'I')).toBeUndefined();
    });

    it('proves a lone indexed rule with constant values when found under its key', () => {
      const { fs, idx } = setup();
      fs.setFilter(stored('F_ONE', [rule('*string', '~*req.Account', ['1001'])]));
      idx.setItem(T, 'STRING', ['*string:~*req.Account:1001|1002'], 'STRING');
      idx.setItem(T, 'PREFIX', ['*prefix:~*req.Destination:+49'], 'PREFIX');
      idx.setItem(T, 'SUFFIX', ['*suffix:~*req.Destination:15'], 'SUFFIX');
      idx.setItem(T, 'STORED', ['F_ONE'], 'STORED');
      // A JSON number is compared as IfaceAsString, by the rule and the key alike.
      expect(proven(idx.candidates(T, dp({ Account: 1001, Destination: '+4915' })))).toEqual({
        STRING: true,
        PREFIX: true,
        SUFFIX: true,
        STORED: true,
      });
    });

    it('never proves what the key does not decide', () => {
      const { fs, idx } = setup();
      fs.setFilter(
        stored('F_TWO_RULES', [
          rule('*string', '~*req.Account', ['1001']),
          rule('*gt', '~*req.Usage', ['10']),
        ]),
      );
      fs.setFilter(
        stored('F_AI', [rule('*string', '~*req.Account', ['1001'])], {
          ActivationTime: '2014-07-29T15:00:00Z',
          ExpiryTime: '',
        }),
      );
      idx.setItem(T, 'TWO_RULES', ['F_TWO_RULES'], 'TWO_RULES');
      idx.setItem(T, 'WITH_AI', ['F_AI'], 'WITH_AI');
      idx.setItem(T, 'TWO_FILTERS', ['*string:~*req.Account:1001', '*gt:~*req.Usage:10'], 'TWO_FILTERS');
      idx.setItem(T, 'DYNAMIC_VALUE', ['*string:1001:~*req.Account'], 'DYNAMIC_VALUE');
      idx.setItem(T, 'EXISTS', ['*exists:~*req.Account:'], 'EXISTS');
      idx.setItem(T, 'NOT', ['*notstring:~*req.Account:1002'], 'NOT');
      idx.setItem(T, 'UNRESOLVED', ['F_LATER'], 'UNRESOLVED');
      expect(proven(idx.candidates(T, dp({ Account: '1001' })))).toEqual({
        TWO_RULES: false,
        WITH_AI: false,
        TWO_FILTERS: false,
        DYNAMIC_VALUE: false,
        EXISTS: false,
        NOT: false,
        UNRESOLVED: false,
      });
      expect(idx.item(T, 'UNRESOLVED')?.filters).toBeNull();
    });

    it('does not prove an item listed because its path read threw, and resets the flag per lookup', () => {
      const { idx } = setup();
      idx.setItem(T, 'I', ['*string:~*req.A.B:1'], 'I');
      expect(proven(idx.candidates(T, dp({ A: { B: 1 } })))).toEqual({ I: true });
      expect(proven(idx.candidates(T, dp({ A: 'scalar' })))).toEqual({ I: false });
      expect(proven(idx.candidates(T, dp({ A: { B: '1' } })))).toEqual({ I: true });
    });

    it('re-resolves filters when a referenced filter is set or changed', () => {
      const { fs, idx } = setup();
      idx.setItem(T, 'I', ['F'], 'I');
      expect(idx.item(T, 'I')?.filters).toBeNull();
      fs.setFilter(stored('F', [rule('*string', '~*req.A', ['1'])]));
      expect(proven(idx.candidates(T, dp({ A: '1' })))).toEqual({ I: true });
      fs.setFilter(stored('F', [rule('*string', '~*req.A', ['1']), rule('*string', '~*req.B', ['2'])]));
      expect(idx.item(T, 'I')?.filters?.[0]?.rules).toHaveLength(2);
      expect(proven(idx.candidates(T, dp({ A: '1' })))).toEqual({ I: false });
    });
  });

  it('costs nothing per non-matching item: one account among many', () => {
    const { idx } = setup();
    for (let i = 0; i < 5000; i++)
      idx.setItem(T, `S${i}`, [`*string:~*req.Account:${i}`, `*prefix:~*req.Destination:${i}`], `S${i}`);
    expect(sorted(idx.candidates(T, dp({ Account: '42', Destination: '42' })))).toEqual(['S42']);
  });
});
