import { Destinations } from '../../../src/engine/destinations';
import type { IndexedItem } from '../../../src/engine/filter-index';
import { FilterService } from '../../../src/engine/filter-service';
import type { FilterProfile } from '../../../src/engine/filter-service';
import { Timings } from '../../../src/engine/timings';
import type { EventDP, FilterRuleSpec } from '../../../src/engine/types';

const T = 'cgrates.org';
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

class FakeClock {
  ms = NOW;
  nowMs(): number {
    return this.ms;
  }
}

const dp = (req: Record<string, unknown>, opts: Record<string, unknown> = {}): EventDP => ({
  '*req': req,
  '*opts': opts,
});
const rule = (Type: string, Element: string, Values: string[] | null): FilterRuleSpec => ({
  Type,
  Element,
  Values,
});
const filter = (
  ID: string,
  Rules: FilterRuleSpec[],
  ai: FilterProfile['ActivationInterval'] = null,
  Tenant = T,
): FilterProfile => ({
  Tenant,
  ID,
  Rules,
  ActivationInterval: ai,
});
const iso = (ms: number): string => new Date(ms).toISOString();
const ids = (items: readonly IndexedItem<unknown>[]): string[] => items.map((i) => i.id);

function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function setup(): { clock: FakeClock; fs: FilterService; destinations: Destinations; timings: Timings } {
  const clock = new FakeClock();
  const destinations = new Destinations();
  const timings = new Timings();
  const fs = new FilterService({ clock, timezone: 'UTC', destinations, timings });
  return { clock, fs, destinations, timings };
}

describe('FilterService', () => {
  describe('setFilter / getFilter / filterIDs', () => {
    it('stores a filter and returns a copy with the ActivationInterval in Go form', () => {
      const { fs } = setup();
      fs.setFilter(
        filter('FLTR_1', [rule('*string', '~*req.Account', ['1001', '1002'])], {
          ActivationTime: '2014-07-29T15:00:00Z',
          ExpiryTime: '',
        }),
      );
      const got = fs.getFilter(T, 'FLTR_1');
      expect(got).toEqual({
        Tenant: T,
        ID: 'FLTR_1',
        Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] }],
        ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '0001-01-01T00:00:00Z' },
      });
      got?.Rules.push(rule('*string', '~*req.X', ['1']));
      expect(fs.getFilter(T, 'FLTR_1')?.Rules).toHaveLength(1);
      expect(fs.getFilter('other.org', 'FLTR_1')).toBeUndefined();
    });

    it('lists IDs per tenant, sorted', () => {
      const { fs } = setup();
      fs.setFilter(filter('FLTR_B', []));
      fs.setFilter(filter('FLTR_A', []));
      fs.setFilter(filter('FLTR_C', [], null, 'other.org'));
      expect(fs.filterIDs(T)).toEqual(['FLTR_A', 'FLTR_B']);
      expect(fs.filterIDs('other.org')).toEqual(['FLTR_C']);
      expect(fs.filterIDs('none.org')).toEqual([]);
    });

    it.each<[FilterProfile, string]>([
      [filter('*FLTR', []), 'filter ID <*FLTR> must not start with "*": that is the inline filter syntax'],
      [filter('F', [rule('*string', '~*req..A', ['1'])]), 'Empty field path  for filter <F>'],
      [filter('F', [rule('*exists', '~*req.A', [''])]), 'value of filter <F> is not empty <>'],
      [filter('F', [rule('*notexists', '~*req.A', ['x'])]), 'value of filter <F> is not empty <x>'],
      [
        filter('F', [rule('*regex', '~*req.A', ['('])]),
        'error parsing regexp: Invalid regular expression: /(/: Unterminated group: `(`',
      ],
      [
        filter('F', [rule('*string', '~*req.A{*x}', ['1'])]),
        'invalid converter value in string: <*x>, err: unsupported converter definition: <*x>',
      ],
      [filter('F', [rule('*apiban', '~*req.IP', ['*all'])]), 'NOT_IMPLEMENTED:*apiban'],
      [
        filter('F', [rule('*http#[http://127.0.0.1:80/x]', '*any', null)]),
        'NOT_IMPLEMENTED:*http#[http://127.0.0.1:80/x]',
      ],
      [filter('F', [rule('*string', '', ['1'])]), 'empty RSRParser in rule: <>'],
    ])('refuses %j: %s', (f, msg) => {
      const { fs } = setup();
      fs.setFilter(filter('F', [rule('*string', '~*req.A', ['1'])]));
      expect(errorOf(() => fs.setFilter(f))).toBe(msg);
      // Nothing changed on failure.
      expect(fs.getFilter(T, 'F')?.Rules).toEqual([rule('*string', '~*req.A', ['1'])]);
    });

    it('refuses a bad ActivationInterval', () => {
      const { fs } = setup();
      expect(errorOf(() => fs.setFilter(filter('F', [], { ActivationTime: 'never', ExpiryTime: '' })))).toBe(
        'Unsupported time format',
      );
    });

    it('accepts unknown types like CGRateS (they fail at Pass)', () => {
      const { fs } = setup();
      fs.setFilter(filter('F', [rule('*notgt', '~*req.A', ['1'])]));
      expect(errorOf(() => fs.pass(T, ['F'], dp({ A: 2 })))).toBe('NOT_IMPLEMENTED:*notgt');
    });
  });

  describe('removeFilter', () => {
    it('removes, and answers NOT_FOUND when missing', () => {
      const { fs } = setup();
      fs.setFilter(filter('F', []));
      fs.removeFilter(T, 'F');
      expect(fs.getFilter(T, 'F')).toBeUndefined();
      expect(errorOf(() => fs.removeFilter(T, 'F'))).toBe('NOT_FOUND');
    });

    it('refuses while items reference it, with the CGRateS text', () => {
      const { fs } = setup();
      const stats = fs.createIndex('*stat_filter_indexes');
      fs.setFilter(filter('FLTR_1', [rule('*string', '~*req.Account', ['1001'])]));
      stats.setItem(T, 'Stats1', ['FLTR_1'], 'Stats1');
      expect(errorOf(() => fs.removeFilter(T, 'FLTR_1'))).toBe(
        'cannot remove filter <cgrates.org:FLTR_1> because will broken the reference to following items: {"*stat_filter_indexes":{"Stats1":{}}}',
      );
      const thresholds = fs.createIndex('*threshold_filter_indexes');
      thresholds.setItem(T, 'THD_2', ['FLTR_1'], 'THD_2');
      thresholds.setItem(T, 'THD_10', ['FLTR_1', '*string:~*req.A:1'], 'THD_10');
      stats.setItem(T, 'Stats0', ['FLTR_1'], 'Stats0');
      expect(errorOf(() => fs.removeFilter(T, 'FLTR_1'))).toBe(
        'cannot remove filter <cgrates.org:FLTR_1> because will broken the reference to following items: ' +
          '{"*stat_filter_indexes":{"Stats0":{},"Stats1":{}},"*threshold_filter_indexes":{"THD_10":{},"THD_2":{}}}',
      );
      stats.removeItem(T, 'Stats0');
      stats.removeItem(T, 'Stats1');
      thresholds.setItem(T, 'THD_2', [], 'THD_2');
      thresholds.removeItem(T, 'THD_10');
      fs.removeFilter(T, 'FLTR_1');
      expect(fs.filterIDs(T)).toEqual([]);
    });

    it('only counts references of the same tenant', () => {
      const { fs } = setup();
      const stats = fs.createIndex('*stat_filter_indexes');
      fs.setFilter(filter('F', []));
      stats.setItem('other.org', 'S', ['F'], 'S');
      fs.removeFilter(T, 'F');
    });
  });

  describe('checkFilterIDs', () => {
    it('accepts stored and valid inline filters', () => {
      const { fs } = setup();
      fs.setFilter(filter('FLTR_1', []));
      expect(() =>
        fs.checkFilterIDs(T, 'Stats1', ['FLTR_1', '*string:~*req.Account:1001', '*exists:~*req.A:']),
      ).not.toThrow();
      expect(() => fs.checkFilterIDs(T, 'Stats1', [])).not.toThrow();
    });

    it.each([
      'FLTR_MISSING',
      '*string:~*req.Account',
      '*exists:~*req.A:x',
      '*string:~*req..A:1',
      '*regex:~*req.A:(',
      '*string:~*req.A{*bad}:1',
      '*apiban:~*req.IP:*all',
    ])('refuses %s as a broken reference', (id) => {
      const { fs } = setup();
      expect(errorOf(() => fs.checkFilterIDs(T, 'Stats1', [id]))).toBe(
        `broken reference to filter: <${id}> for item with ID: cgrates.org:Stats1`,
      );
    });

    it('does not see stored filters of another tenant', () => {
      const { fs } = setup();
      fs.setFilter(filter('F', [], null, 'other.org'));
      expect(errorOf(() => fs.checkFilterIDs(T, 'S', ['F']))).toBe(
        'broken reference to filter: <F> for item with ID: cgrates.org:S',
      );
    });
  });

  describe('pass (FilterS.Pass)', () => {
    it('passes with no filters', () => {
      expect(setup().fs.pass(T, [], dp({}))).toBe(true);
    });

    it('requires every rule of every filter (AND), values OR', () => {
      const { fs } = setup();
      fs.setFilter(
        filter('F1', [
          rule('*string', '~*req.Account', ['1001', '1002']),
          rule('*prefix', '~*req.Destination', ['10']),
        ]),
      );
      fs.setFilter(filter('F2', [rule('*gte', '~*req.Usage', ['1m'])]));
      expect(fs.pass(T, ['F1'], dp({ Account: '1002', Destination: '1003' }))).toBe(true);
      expect(fs.pass(T, ['F1'], dp({ Account: '1002', Destination: '2003' }))).toBe(false);
      expect(fs.pass(T, ['F1', 'F2'], dp({ Account: '1001', Destination: '10', Usage: '2m' }))).toBe(true);
      expect(fs.pass(T, ['F1', 'F2'], dp({ Account: '1001', Destination: '10', Usage: '30s' }))).toBe(false);
      expect(
        fs.pass(
          T,
          ['F1', '*string:~*opts.*eventType:StatUpdate'],
          dp({ Account: '1001', Destination: '10' }, { '*eventType': 'StatUpdate' }),
        ),
      ).toBe(true);
    });

    it('passes a filter with no rules', () => {
      const { fs } = setup();
      fs.setFilter(filter('EMPTY', []));
      expect(fs.pass(T, ['EMPTY'], dp({}))).toBe(true);
    });

    it('answers NOT_FOUND:<id> for an unknown stored filter', () => {
      const { fs } = setup();
      expect(errorOf(() => fs.pass(T, ['FLTR_X'], dp({})))).toBe('NOT_FOUND:FLTR_X');
      fs.setFilter(filter('FLTR_X', [], null, 'other.org'));
      expect(errorOf(() => fs.pass(T, ['FLTR_X'], dp({})))).toBe('NOT_FOUND:FLTR_X');
    });

    it('propagates inline parse errors and rule errors', () => {
      const { fs } = setup();
      expect(errorOf(() => fs.pass(T, ['*string:~*req.A'], dp({})))).toBe(
        'inline parse error for string: <*string:~*req.A>',
      );
      expect(errorOf(() => fs.pass(T, ['*gt:~*req.A:10'], dp({ A: 'x' })))).toBe(
        'incomparable: <<nil>> with <10>',
      );
    });

    it('stops at the first failing filter before evaluating later ones', () => {
      const { fs } = setup();
      expect(fs.pass(T, ['*string:~*req.A:1', '*gt:~*req.B:10'], dp({ A: 2, B: 'x' }))).toBe(false);
    });

    it('treats an inactive filter as neutral and fails when every filter is inactive', () => {
      const { fs, clock } = setup();
      const later = { ActivationTime: iso(NOW + 3600_000), ExpiryTime: '' };
      fs.setFilter(filter('F_LATER', [rule('*string', '~*req.Account', ['1001'])], later));
      fs.setFilter(filter('F_NOW', [rule('*string', '~*req.Dest', ['10'])]));
      expect(fs.pass(T, ['F_LATER'], dp({ Account: '1001' }))).toBe(false);
      expect(fs.pass(T, ['F_LATER', 'F_NOW'], dp({ Account: '9999', Dest: '10' }))).toBe(true);
      clock.ms = NOW + 3600_001;
      expect(fs.pass(T, ['F_LATER'], dp({ Account: '1001' }))).toBe(true);
      expect(fs.pass(T, ['F_LATER', 'F_NOW'], dp({ Account: '9999', Dest: '10' }))).toBe(false);
    });

    it('checks ActivationInterval bounds strictly against the clock, not the event', () => {
      const { fs, clock } = setup();
      fs.setFilter(filter('F', [], { ActivationTime: iso(NOW), ExpiryTime: iso(NOW + 1000) }));
      expect(fs.pass(T, ['F'], dp({ AnswerTime: iso(NOW + 500) }))).toBe(false);
      clock.ms = NOW + 500;
      expect(fs.pass(T, ['F'], dp({}))).toBe(true);
      clock.ms = NOW + 1000;
      expect(fs.pass(T, ['F'], dp({}))).toBe(false);
    });

    it('reads destinations and timings through its deps, live', () => {
      const { fs, destinations, timings } = setup();
      fs.setFilter(filter('F_DST', [rule('*destinations', '~*req.Destination', ['DST_DE'])]));
      expect(fs.pass(T, ['F_DST'], dp({ Destination: '+4915' }))).toBe(false);
      destinations.set({ ID: 'DST_DE', Prefixes: ['+49'] });
      expect(fs.pass(T, ['F_DST'], dp({ Destination: '+4915' }))).toBe(true);
      timings.set({
        ID: 'WEEKEND',
        Years: [],
        Months: [],
        MonthDays: [],
        WeekDays: [0, 6],
        StartTime: '',
        EndTime: '',
      });
      expect(
        fs.pass(T, ['*timings:~*req.AnswerTime:WEEKEND'], dp({ AnswerTime: '2024-05-04T10:00:00Z' })),
      ).toBe(true);
      expect(
        fs.pass(T, ['*timings:~*req.AnswerTime:WEEKEND'], dp({ AnswerTime: '2024-05-01T10:00:00Z' })),
      ).toBe(false);
    });

    it('uses the configured timezone for zone-less times', () => {
      const clock = new FakeClock();
      const fs = new FilterService({ clock, timezone: 'Europe/Berlin', destinations: new Destinations() });
      // 12:30 in Berlin (CEST) is 10:30Z.
      expect(fs.pass(T, ['*gt:~*req.T:2024-05-01T10:00:00Z'], dp({ T: '2024-05-01 12:30:00' }))).toBe(true);
      expect(fs.pass(T, ['*gt:~*req.T:2024-05-01T11:00:00Z'], dp({ T: '2024-05-01 12:30:00' }))).toBe(false);
    });

    it('sees a filter update at once', () => {
      const { fs } = setup();
      fs.setFilter(filter('F', [rule('*string', '~*req.A', ['1'])]));
      expect(fs.pass(T, ['F'], dp({ A: '2' }))).toBe(false);
      fs.setFilter(filter('F', [rule('*string', '~*req.A', ['2'])]));
      expect(fs.pass(T, ['F'], dp({ A: '2' }))).toBe(true);
    });
  });

  describe('indexes', () => {
    it('re-indexes referencing items when a filter changes', () => {
      const { fs } = setup();
      const idx = fs.createIndex('*stat_filter_indexes');
      fs.setFilter(filter('FLTR_1', [rule('*string', '~*req.Account', ['1001'])]));
      idx.setItem(T, 'Stats1', ['FLTR_1'], 'Stats1');
      expect(ids(idx.candidates(T, dp({ Account: '1001' })))).toEqual(['Stats1']);
      expect(ids(idx.candidates(T, dp({ Account: '1002' })))).toEqual([]);
      fs.setFilter(filter('FLTR_1', [rule('*string', '~*req.Account', ['1002'])]));
      expect(ids(idx.candidates(T, dp({ Account: '1001' })))).toEqual([]);
      expect(ids(idx.candidates(T, dp({ Account: '1002' })))).toEqual(['Stats1']);
      // A change to a non-indexable rule makes the item an always-candidate.
      fs.setFilter(filter('FLTR_1', [rule('*gt', '~*req.Usage', ['1'])]));
      expect(ids(idx.candidates(T, dp({ Account: '1001' })))).toEqual(['Stats1']);
    });

    it('indexes items set before their filters once the filters arrive (restore order)', () => {
      const { fs } = setup();
      const idx = fs.createIndex('*stat_filter_indexes');
      idx.setItem(T, 'Stats1', ['FLTR_1'], 'Stats1');
      expect(idx.placementOf(T, 'Stats1')).toBeNull();
      expect(ids(idx.candidates(T, dp({ Account: '1002' })))).toEqual(['Stats1']);
      fs.setFilter(filter('FLTR_1', [rule('*string', '~*req.Account', ['1001'])]));
      expect(idx.placementOf(T, 'Stats1')).toEqual({
        type: '*string',
        path: '~*req.Account',
        keys: ['1001'],
      });
      expect(ids(idx.candidates(T, dp({ Account: '1002' })))).toEqual([]);
    });

    it('indexes the real tariff-plan shape: stored filters with a past ActivationInterval', () => {
      const { fs } = setup();
      const idx = fs.createIndex('*stat_filter_indexes');
      fs.setFilter(
        filter('FLTR_STAT_1', [rule('*string', '~*req.Account', ['1001'])], {
          ActivationTime: '2014-07-29T15:00:00Z',
          ExpiryTime: '',
        }),
      );
      idx.setItem(T, 'Stats1', ['FLTR_STAT_1'], 'Stats1');
      expect(idx.placementOf(T, 'Stats1')).toEqual({
        type: '*string',
        path: '~*req.Account',
        keys: ['1001'],
      });
    });
  });
});
