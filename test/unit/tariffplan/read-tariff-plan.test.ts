import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTariffPlan } from '../../../src/tariffplan';
import type { TariffPlanProgress, TariffPlanResult } from '../../../src/tariffplan';
import { fixture, sharedSet } from './tp-paths';

const NOW_MS = Date.UTC(2026, 0, 1);
const OPTS = { timezone: 'UTC', nowMs: NOW_MS };
const AI_2014 = { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '0001-01-01T00:00:00Z' };

function byID<T extends { ID: string }>(items: readonly T[], id: string): T | undefined {
  return items.find((i) => i.ID === id);
}

describe('readTariffPlan on the CGRateS sample sets (../shared/tp)', () => {
  it.each(['tutorial', 'testit', 'oldtutorial'] as const)('loads %s with no errors', async (name) => {
    const r = await readTariffPlan(sharedSet(name), OPTS);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.counts.filters).toBeGreaterThan(0);
    expect(r.counts.stats).toBeGreaterThan(0);
    expect(r.counts.thresholds).toBeGreaterThan(0);
  });

  describe('tutorial, field by field', () => {
    let r: TariffPlanResult;
    beforeAll(async () => {
      r = await readTariffPlan(sharedSet('tutorial'), OPTS);
    });

    it('counts every kind', () => {
      expect(r.counts).toEqual({ destinations: 4, filters: 7, actions: 3, stats: 2, thresholds: 2 });
    });

    it('builds Stats2 and Stats2_1', () => {
      expect(r.plan.stats).toEqual([
        {
          Tenant: 'cgrates.org',
          ID: 'Stats2',
          FilterIDs: ['FLTR_ACNT_1001_1002'],
          ActivationInterval: AI_2014,
          QueueLength: 100,
          TTL: -1,
          MinItems: 0,
          Metrics: [
            { MetricID: '*tcc', FilterIDs: null },
            { MetricID: '*tcd', FilterIDs: null },
          ],
          Stored: false,
          Blocker: true,
          Weight: 30,
          ThresholdIDs: ['*none'],
        },
        {
          Tenant: 'cgrates.org',
          ID: 'Stats2_1',
          FilterIDs: ['FLTR_ACNT_1003_1001'],
          ActivationInterval: AI_2014,
          QueueLength: 100,
          TTL: -1,
          MinItems: 0,
          Metrics: [
            { MetricID: '*tcc', FilterIDs: null },
            { MetricID: '*tcd', FilterIDs: null },
          ],
          Stored: false,
          Blocker: true,
          Weight: 30,
          ThresholdIDs: ['*none'],
        },
      ]);
    });

    it('builds THD_ACNT_1001 and THD_ACNT_1002', () => {
      expect(r.plan.thresholds).toEqual([
        {
          Tenant: 'cgrates.org',
          ID: 'THD_ACNT_1001',
          FilterIDs: ['FLTR_ACNT_1001'],
          ActivationInterval: AI_2014,
          MaxHits: 1,
          MinHits: 1,
          MinSleep: 1_000_000_000,
          Blocker: false,
          Weight: 10,
          ActionIDs: ['ACT_LOG_WARNING'],
          Async: true,
          EeIDs: null,
        },
        {
          Tenant: 'cgrates.org',
          ID: 'THD_ACNT_1002',
          FilterIDs: ['FLTR_ACNT_1002'],
          ActivationInterval: AI_2014,
          MaxHits: -1,
          MinHits: 1,
          MinSleep: 1_000_000_000,
          Blocker: false,
          Weight: 10,
          ActionIDs: ['ACT_LOG_WARNING'],
          Async: true,
          EeIDs: null,
        },
      ]);
    });

    it('builds the filters those profiles reference, rules in CSV order', () => {
      expect(byID(r.plan.filters, 'FLTR_ACNT_1001_1002')).toEqual({
        Tenant: 'cgrates.org',
        ID: 'FLTR_ACNT_1001_1002',
        Rules: [
          { Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] },
          { Type: '*string', Element: '~*req.RunID', Values: ['*default'] },
          { Type: '*string', Element: '~*req.Destination', Values: ['1001', '1002', '1003'] },
        ],
        ActivationInterval: AI_2014,
      });
      expect(byID(r.plan.filters, 'FLTR_ACNT_1003_1001')).toEqual({
        Tenant: 'cgrates.org',
        ID: 'FLTR_ACNT_1003_1001',
        Rules: [
          { Type: '*string', Element: '~*req.Account', Values: ['1003'] },
          { Type: '*string', Element: '~*req.RunID', Values: ['*default'] },
          { Type: '*string', Element: '~*req.Destination', Values: ['1001'] },
        ],
        ActivationInterval: AI_2014,
      });
      expect(byID(r.plan.filters, 'FLTR_ACNT_1001')).toEqual({
        Tenant: 'cgrates.org',
        ID: 'FLTR_ACNT_1001',
        Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001'] }],
        ActivationInterval: AI_2014,
      });
      expect(byID(r.plan.filters, 'FLTR_ACNT_1002')).toEqual({
        Tenant: 'cgrates.org',
        ID: 'FLTR_ACNT_1002',
        Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1002'] }],
        ActivationInterval: AI_2014,
      });
    });

    it('builds ACT_LOG_WARNING with every TPAction field from its columns', () => {
      expect(r.plan.actions.find((a) => a.ActionsId === 'ACT_LOG_WARNING')).toEqual({
        ActionsId: 'ACT_LOG_WARNING',
        Overwrite: true,
        Actions: [
          {
            Identifier: '*log',
            BalanceId: '',
            BalanceUuid: '',
            BalanceType: '',
            Units: '',
            ExpiryTime: '',
            Filters: '',
            TimingTags: '',
            DestinationIds: '',
            RatingSubject: '',
            Categories: '',
            SharedGroups: '',
            BalanceWeight: '',
            ExtraParameters: '',
            BalanceBlocker: 'false',
            BalanceDisabled: 'false',
            Weight: 10,
          },
        ],
      });
    });

    it('keeps the account actions of ACT_TOPUP_RST_10 and DISABLE_AND_LOG, with warnings naming file:line and type', () => {
      const topup = r.plan.actions.find((a) => a.ActionsId === 'ACT_TOPUP_RST_10');
      expect(topup?.Actions[0]).toMatchObject({
        Identifier: '*topup_reset',
        BalanceId: 'test',
        BalanceType: '*monetary',
        DestinationIds: '*any',
        ExpiryTime: '*unlimited',
        Units: '10',
        BalanceWeight: '10',
        Weight: 10,
      });
      const disable = r.plan.actions.find((a) => a.ActionsId === 'DISABLE_AND_LOG');
      expect(disable?.Actions.map((a) => a.Identifier)).toEqual(['*log', '*disable_account']);
      expect(r.warnings).toEqual([
        { file: 'Actions.csv', line: 2, message: expect.stringContaining('*topup_reset') as unknown },
        { file: 'Actions.csv', line: 5, message: expect.stringContaining('*disable_account') as unknown },
      ]);
      expect(r.warnings[0]?.message).toContain('ACT_TOPUP_RST_10');
      expect(r.warnings[1]?.message).toContain('DISABLE_AND_LOG');
    });

    it('builds destinations with their prefixes', () => {
      expect(r.plan.destinations).toEqual([
        { ID: 'DST_1002', Prefixes: ['1002'] },
        { ID: 'DST_1001', Prefixes: ['1001'] },
        { ID: 'DST_FS', Prefixes: ['10'] },
        { ID: 'DST_1003', Prefixes: ['1003'] },
      ]);
    });
  });

  describe('oldtutorial', () => {
    let r: TariffPlanResult;
    beforeAll(async () => {
      r = await readTariffPlan(sharedSet('oldtutorial'), OPTS);
    });

    it('merges the four rows of Stats1, with the *pdd metric filter', () => {
      expect(byID(r.plan.stats, 'Stats1')).toEqual({
        Tenant: 'cgrates.org',
        ID: 'Stats1',
        FilterIDs: ['FLTR_STS1'],
        ActivationInterval: AI_2014,
        QueueLength: 100,
        TTL: 3_000_000_000,
        MinItems: 2,
        Metrics: [
          { MetricID: '*asr', FilterIDs: null },
          { MetricID: '*acc', FilterIDs: null },
          { MetricID: '*tcc', FilterIDs: null },
          { MetricID: '*acd', FilterIDs: null },
          { MetricID: '*tcd', FilterIDs: null },
          { MetricID: '*sum#~*req.Usage', FilterIDs: null },
          { MetricID: '*average#~*req.Usage', FilterIDs: null },
          { MetricID: '*pdd', FilterIDs: ['*exists:~*req.PDD:'] },
        ],
        Stored: true,
        Blocker: false,
        Weight: 20,
        ThresholdIDs: ['*none'],
      });
    });

    it('loads the filters on ~*asm, ~*opts and *now that never match StatS events', () => {
      expect(byID(r.plan.filters, 'FLTR_ACNT_BALANCE_1')?.Rules).toEqual([
        { Type: '*string', Element: '~*req.AccountID', Values: ['1001', '1002'] },
        { Type: '*string', Element: '~*opts.*eventType', Values: ['AccountUpdate'] },
        { Type: '*gte', Element: '~*asm.BalanceSummaries.*default.Value', Values: ['10.0'] },
      ]);
      expect(byID(r.plan.filters, 'FLTR_ACNT_EXPIRED')?.Rules[1]).toEqual({
        Type: '*gte',
        Element: '~*req.ExpiryTime',
        Values: ['*now'],
      });
    });

    it('warns about *alter_sessions after the commented-out quoted *cgr_rpc line', () => {
      expect(r.warnings).toContainEqual({
        file: 'Actions.csv',
        line: 14,
        message: expect.stringContaining('*alter_sessions') as unknown,
      });
      const coa = r.plan.actions.find((a) => a.ActionsId === 'ACT_RAD_COA_ACNT_1001');
      expect(coa?.Actions[0]?.ExtraParameters).toBe(
        'cgrates.org;*string:~*req.Account:1001;1;*radCoATemplate:mycoa;CustomFilter:mycustomvalue',
      );
      expect(coa?.Actions[0]?.Weight).toBe(0);
    });
  });

  it('testit: a filter row with an empty Type carries only the ActivationInterval', async () => {
    const r = await readTariffPlan(sharedSet('testit'), OPTS);
    expect(byID(r.plan.filters, 'FLTR_1')).toEqual({
      Tenant: 'cgrates.org',
      ID: 'FLTR_1',
      Rules: [
        { Type: '*string', Element: '~*req.Account', Values: ['1003', '1002'] },
        { Type: '*prefix', Element: '~*req.Destination', Values: ['10', '20'] },
        { Type: '*rsr', Element: '~*req.Destination', Values: ['1002'] },
      ],
      ActivationInterval: AI_2014,
    });
    // Same ID, other tenant: a separate filter.
    expect(r.plan.filters.filter((f) => f.ID === 'FLTR_1').map((f) => f.Tenant)).toEqual([
      'cgrates.org',
      'cgrates.new',
    ]);
    expect(byID(r.plan.stats, 'Stat_Supplier1')).toMatchObject({
      FilterIDs: ['*string:~*req.StatID:Stat_Supplier1'],
      Metrics: [{ MetricID: '*sum#~*req.LoadReq', FilterIDs: null }],
      TTL: 1_000_000_000,
      Stored: true,
    });
  });
});

describe('readTariffPlan merge rules (fixture valid-small)', () => {
  let r: TariffPlanResult;
  beforeAll(async () => {
    r = await readTariffPlan(fixture('valid-small'), OPTS);
  });

  it('has no errors and finds Thresholds.csv in a subfolder', () => {
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual({ destinations: 2, filters: 4, actions: 2, stats: 2, thresholds: 2 });
  });

  it('merges Stats rows: unions, non-zero overwrites, OR-ed flags, last ActivationInterval, metric filters', () => {
    expect(byID(r.plan.stats, 'STS_A')).toEqual({
      Tenant: 'cgrates.org',
      ID: 'STS_A',
      FilterIDs: ['FLTR_A', 'FLTR_B', '*string:~*req.Tenant:cgrates.org'],
      ActivationInterval: { ActivationTime: '2015-01-01T00:00:00Z', ExpiryTime: '0001-01-01T00:00:00Z' },
      QueueLength: 20,
      // Row 4's TTL cell is `""`: empty, so the 1m of row 2 stays.
      TTL: 60_000_000_000,
      MinItems: 5,
      Metrics: [
        { MetricID: '*asr', FilterIDs: null },
        { MetricID: '*acd', FilterIDs: ['*exists:~*req.Usage:', 'FLTR_A'] },
        { MetricID: '*sum#~*req.Usage', FilterIDs: ['*exists:~*req.Usage:'] },
        { MetricID: '*average#~*req.Cost', FilterIDs: ['*string:~*req.Account:1001', 'FLTR_B'] },
      ],
      Stored: true,
      Blocker: true,
      Weight: 2.5,
      ThresholdIDs: ['TH_A', 'TH_B'],
    });
    expect(byID(r.plan.stats, 'STS_B')).toMatchObject({
      QueueLength: -1,
      TTL: -1,
      ActivationInterval: null,
      FilterIDs: [],
      ThresholdIDs: ['*none'],
    });
  });

  it('merges Threshold rows: first-row MaxHits/MinHits/MinSleep/Blocker/Async, later Weight, unions', () => {
    expect(byID(r.plan.thresholds, 'TH_A')).toEqual({
      Tenant: 'cgrates.org',
      ID: 'TH_A',
      FilterIDs: ['FLTR_A', '*string:~*req.EventType:StatUpdate'],
      ActivationInterval: AI_2014,
      MaxHits: -1,
      MinHits: 1,
      MinSleep: 1_000_000_000,
      Blocker: false,
      Weight: 20,
      ActionIDs: ['ACT_LOG', 'ACT_RESET'],
      Async: true,
      EeIDs: ['EE_1'],
    });
    expect(byID(r.plan.thresholds, 'TH_B')).toEqual({
      Tenant: 'cgrates.org',
      ID: 'TH_B',
      FilterIDs: [],
      ActivationInterval: null,
      MaxHits: 0,
      MinHits: 0,
      MinSleep: 0,
      Blocker: false,
      Weight: 0,
      ActionIDs: [],
      Async: false,
      EeIDs: null,
    });
    expect(r.warnings).toEqual([
      {
        file: 'more/Thresholds.csv',
        line: 3,
        message: 'cgrates.org:TH_A: MaxHits differ from the first row of the profile and are ignored',
      },
    ]);
  });

  it('merges Filter rows: same (Type, Element) values, AI-only rows, tenants apart', () => {
    expect(r.plan.filters).toEqual([
      {
        Tenant: 'cgrates.org',
        ID: 'FLTR_A',
        Rules: [
          { Type: '*string', Element: '~*req.Account', Values: ['1001', '1002', '1003'] },
          { Type: '*prefix', Element: '~*req.Destination', Values: ['10'] },
        ],
        ActivationInterval: AI_2014,
      },
      {
        Tenant: 'cgrates.org',
        ID: 'FLTR_B',
        Rules: [{ Type: '*exists', Element: '~*req.Usage', Values: null }],
        ActivationInterval: { ActivationTime: '2014-07-29T15:00:00Z', ExpiryTime: '2030-01-01T00:00:00Z' },
      },
      {
        Tenant: 'cgrates.org',
        ID: 'FLTR_DST',
        Rules: [{ Type: '*destinations', Element: '~*req.Destination', Values: ['DST_A'] }],
        ActivationInterval: null,
      },
      {
        Tenant: 'tenant2.org',
        ID: 'FLTR_A',
        Rules: [{ Type: '*notstring', Element: '~*req.Account', Values: ['1001'] }],
        ActivationInterval: null,
      },
    ]);
  });

  it('groups Actions rows by ActionsId in CSV order, empty Weight = 0', () => {
    const reset = r.plan.actions.find((a) => a.ActionsId === 'ACT_RESET');
    expect(reset?.Actions.map((a) => [a.Identifier, a.ExtraParameters, a.Weight])).toEqual([
      ['*reset_stat_queue', 'cgrates.org:STS_A', 20],
      ['*log', '', 0],
    ]);
  });

  it('de-duplicates destination prefixes', () => {
    expect(r.plan.destinations).toEqual([
      { ID: 'DST_A', Prefixes: ['10', '20'] },
      { ID: 'DST_B', Prefixes: ['+4915'] },
    ]);
  });

  it('reports progress per file up to rowsTotal', async () => {
    const seen: TariffPlanProgress[] = [];
    await readTariffPlan(fixture('valid-small'), { ...OPTS, onProgress: (p) => seen.push(p) });
    const last = new Map(seen.map((p) => [p.file, p]));
    expect([...last.keys()]).toEqual([
      'Destinations.csv',
      'Filters.csv',
      'Actions.csv',
      'Stats.csv',
      'more/Thresholds.csv',
    ]);
    expect(last.get('Stats.csv')).toEqual({ file: 'Stats.csv', rowsDone: 8, rowsTotal: 8 });
  });

  it('throws INVALID_PATH for a folder that does not exist', async () => {
    await expect(readTariffPlan(fixture('no-such-folder'), OPTS)).rejects.toThrow('INVALID_PATH');
  });
});

describe('readTariffPlan cell semantics', () => {
  it('reads zone-less ActivationInterval times in the configured timezone and relative ones from nowMs', async () => {
    const r = await readTariffPlan(fixture('timezones'), { timezone: 'Europe/Berlin', nowMs: NOW_MS });
    expect(r.errors).toEqual([]);
    expect(byID(r.plan.stats, 'STS_LOCAL')?.ActivationInterval).toEqual({
      ActivationTime: '2014-07-29T13:00:00Z',
      ExpiryTime: '2014-12-31T22:00:00Z',
    });
    expect(byID(r.plan.stats, 'STS_NOW')?.ActivationInterval).toEqual({
      ActivationTime: '2026-01-01T00:00:00Z',
      ExpiryTime: '2026-01-01T01:00:00Z',
    });
    // A bare number in a duration cell is nanoseconds (ParseDurationWithNanosecs).
    expect(byID(r.plan.stats, 'STS_NS')?.TTL).toBe(1500);
  });

  describe('files written by the test', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'statqueue-tp-cells-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads CRLF files, and numbers rows after a quoted multi-line cell by their first line', async () => {
      const actions = [
        '#ActionsId[0],Action[1],ExtraParameters[2],Filter[3],BalanceId[4],BalanceType[5],Categories[6],DestinationIds[7],RatingSubject[8],SharedGroup[9],ExpiryTime[10],TimingIds[11],Units[12],BalanceWeight[13],BalanceBlocker[14],BalanceDisabled[15],Weight[16]',
        'ACT_A,*log,"two\r\nlines, and a ""quote""",,,,,,,,,,,,false,false,10',
        'ACT_B,*topup,,,,,,,,,,,,,false,false,10',
      ];
      await writeFile(path.join(dir, 'Actions.csv'), actions.join('\r\n') + '\r\n');
      const r = await readTariffPlan(dir, OPTS);
      expect(r.errors).toEqual([]);
      expect(
        r.plan.actions.map((a) => [a.ActionsId, a.Actions[0]?.ExtraParameters, a.Actions[0]?.Weight]),
      ).toEqual([
        // Go drops the CR of a CRLF inside a quoted cell too.
        ['ACT_A', 'two\nlines, and a "quote"', 10],
        ['ACT_B', '', 10],
      ]);
      expect(r.warnings).toEqual([
        { file: 'Actions.csv', line: 4, message: expect.stringContaining('*topup') as unknown },
      ]);
    });

    it('keeps # inside values and leading spaces, skips blank lines and whole-line comments', async () => {
      const destinations = ['#Id,Prefix', '', '# DST_X,1', 'DST_A, 49', 'DST_A,#1'];
      await writeFile(path.join(dir, 'Destinations.csv'), destinations.join('\n'));
      const r = await readTariffPlan(dir, OPTS);
      expect(r.errors).toEqual([]);
      expect(r.plan.destinations).toEqual([{ ID: 'DST_A', Prefixes: [' 49', '#1'] }]);
    });

    it('reads every file of a kind in every subfolder, folder first, then subfolders by name', async () => {
      const header = '#Id,Prefix';
      await mkdir(path.join(dir, 'b'));
      await mkdir(path.join(dir, 'a', 'deep'), { recursive: true });
      await writeFile(path.join(dir, 'b', 'Destinations.csv'), `${header}\nDST,3\n`);
      await writeFile(path.join(dir, 'a', 'deep', 'Destinations.csv'), `${header}\nDST,2\n`);
      await writeFile(path.join(dir, 'Destinations.csv'), `${header}\nDST,1\n`);
      await writeFile(path.join(dir, 'a', 'Stats.txt'), 'ignored');
      const r = await readTariffPlan(dir, OPTS);
      expect(r.plan.destinations).toEqual([{ ID: 'DST', Prefixes: ['1', '2', '3'] }]);
    });
  });
});
