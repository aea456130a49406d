/**
 * Tariff-plan folders into a running `statqueue serve`: through the CLI (`statqueue load`, which
 * reads locally and applies over JSON-RPC) and through `APIerSv1.LoadTariffPlanFromFolder` (which
 * the engine reads itself). The real CGRateS sample sets load cleanly; malformed folders report
 * file:line and load nothing; a 100,000-profile Stats.csv loads through the CLI (rate printed).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTariffPlan } from '../../src/tariffplan';
import type { TariffPlan } from '../../src/tariffplan';
import { ensureBuilt, startEngineProcess } from '../helpers/engine-process';
import type { EngineProcess } from '../helpers/engine-process';
import { RpcClient } from '../helpers/rpc-client';
import { runCli } from '../helpers/run-cli';
import { fixture, sharedSet } from '../unit/tariffplan/tp-paths';

const SETS = ['tutorial', 'oldtutorial', 'testit'] as const;
const ENGINE_CONFIG = { listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' } };

/** A fresh engine and a test client to it; loads are additive, so every case that loads gets its own. */
interface Engine {
  readonly process: EngineProcess;
  readonly rpc: string;
  readonly client: RpcClient;
  stop(): Promise<void>;
}

async function startEngine(): Promise<Engine> {
  const proc = await startEngineProcess(ENGINE_CONFIG);
  const client = await RpcClient.connect(proc.tcpPort);
  return {
    process: proc,
    rpc: `127.0.0.1:${proc.tcpPort}`,
    client,
    async stop() {
      await client.close();
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

async function result(client: RpcClient, method: string, arg: unknown): Promise<unknown> {
  const reply = await client.call(method, arg);
  if (reply.error !== null)
    throw new Error(`${method} ${JSON.stringify(arg)}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

function sorted(list: unknown): unknown {
  return Array.isArray(list) ? [...(list as string[])].sort() : list;
}

/** Nothing of any kind is in the engine. */
async function expectEmptyEngine(client: RpcClient): Promise<void> {
  expect(await client.call('APIerSv1.GetStatQueueProfileIDs', { Tenant: 'cgrates.org' })).toEqual({
    result: null,
    error: 'NOT_FOUND',
  });
  expect(await client.call('APIerSv1.GetFilterIDs', { Tenant: 'cgrates.org' })).toEqual({
    result: null,
    error: 'NOT_FOUND',
  });
}

/** Every item of `plan` reads back over RPC with the fields the folder gave it. */
async function expectPlanInEngine(client: RpcClient, plan: TariffPlan): Promise<void> {
  for (const d of plan.destinations) {
    const got = (await result(client, 'APIerSv1.GetDestination', d.ID)) as { Id: string; Prefixes: string[] };
    expect(got.Id).toBe(d.ID);
    expect(sorted(got.Prefixes)).toEqual(sorted(d.Prefixes));
  }
  for (const f of plan.filters) {
    const got = (await result(client, 'APIerSv1.GetFilter', { Tenant: f.Tenant, ID: f.ID })) as typeof f;
    expect(got.Rules.map((r) => ({ ...r, Values: r.Values ?? [] }))).toEqual(
      f.Rules.map((r) => ({ ...r, Values: r.Values ?? [] })),
    );
  }
  for (const a of plan.actions) {
    expect(await result(client, 'APIerSv1.GetActions', a.ActionsId)).toHaveLength(a.Actions.length);
  }
  const tenants = new Set(plan.stats.map((p) => p.Tenant));
  for (const tenant of tenants) {
    expect(sorted(await result(client, 'APIerSv1.GetStatQueueProfileIDs', { Tenant: tenant }))).toEqual(
      plan.stats
        .filter((p) => p.Tenant === tenant)
        .map((p) => p.ID)
        .sort(),
    );
  }
  for (const p of plan.stats) {
    const got = (await result(client, 'APIerSv1.GetStatQueueProfile', {
      Tenant: p.Tenant,
      ID: p.ID,
    })) as typeof p;
    expect(got).toMatchObject({
      Tenant: p.Tenant,
      ID: p.ID,
      QueueLength: p.QueueLength,
      TTL: p.TTL,
      MinItems: p.MinItems,
      Stored: p.Stored,
      Blocker: p.Blocker,
      Weight: p.Weight,
    });
    expect(sorted(got.FilterIDs)).toEqual(sorted(p.FilterIDs));
    expect(sorted(got.ThresholdIDs)).toEqual(sorted(p.ThresholdIDs));
    expect(got.Metrics.map((m) => m.MetricID)).toEqual(p.Metrics.map((m) => m.MetricID));
  }
  for (const t of plan.thresholds) {
    const got = (await result(client, 'APIerSv1.GetThresholdProfile', {
      Tenant: t.Tenant,
      ID: t.ID,
    })) as typeof t;
    expect(got).toMatchObject({
      ID: t.ID,
      MaxHits: t.MaxHits,
      MinHits: t.MinHits,
      MinSleep: t.MinSleep,
      Weight: t.Weight,
    });
    expect(sorted(got.ActionIDs)).toEqual(sorted(t.ActionIDs));
  }
}

/** The plan as the loader reads it here (the reference the engine's content is compared with). */
async function planOf(folder: string): Promise<TariffPlan> {
  const r = await readTariffPlan(folder, { timezone: 'UTC', nowMs: Date.now() });
  expect(r.errors).toEqual([]);
  return r.plan;
}

/** `read: destinations 4, filters 7, ...` / `applied: ...` → counts. */
function countsLine(stdout: string, label: 'read' | 'applied'): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label}: `));
  if (line === undefined) throw new Error(`no "${label}:" line in:\n${stdout}`);
  return Object.fromEntries(
    line
      .slice(label.length + 2)
      .split(', ')
      .map((part) => {
        const [kind, n] = part.split(' ');
        return [kind ?? '', Number(n)];
      }),
  );
}

beforeAll(() => ensureBuilt());

describe('statqueue load (reads here, applies over JSON-RPC)', () => {
  describe.each(SETS)('the CGRateS %s set', (set) => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(async () => {
      await engine.stop();
    });

    it('--dry-run needs no engine and finds no error', async () => {
      const run = await runCli(['load', '--folder', sharedSet(set), '--dry-run']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^0 errors, \d+ warnings?$/m);
      expect(run.stdout).toContain('dry run: nothing applied (the folder is valid)');
      await expectEmptyEngine(engine.client);
    });

    it('loads with no error, and every item is then readable over RPC', async () => {
      const run = await runCli(['--rpc', engine.rpc, 'load', '--folder', sharedSet(set)]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^0 errors/m);
      expect(run.stdout).not.toMatch(/^refused: /m);
      expect(run.code).toBe(0);
      expect(countsLine(run.stdout, 'applied')).toEqual(countsLine(run.stdout, 'read'));
      await expectPlanInEngine(engine.client, await planOf(sharedSet(set)));
    });
  });

  describe('malformed folders', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(async () => {
      await engine.stop();
    });

    it.each<[string, string]>([
      [
        'bad-column-count',
        'Stats.csv:3: error: bad line in Stats.csv, wrong number of fields: 12 instead of 13',
      ],
      [
        'bad-cells',
        'Stats.csv:2: error: cgrates.org:STS_CELLS: QueueLength: strconv.Atoi: parsing "ten": invalid syntax',
      ],
      [
        'bad-duration',
        'Stats.csv:2: error: cgrates.org:STS_TTL: TTL: time: unknown unit "x" in duration "3x"',
      ],
      ['bad-quotes', 'Stats.csv:3: error: bad line in Stats.csv: Invalid Closing Quote'],
      [
        'unknown-metric',
        'Stats.csv:2: error: cgrates.org:STS_METRIC: Metrics: unsupported metric type <*bogus>',
      ],
      ['unknown-filter-type', 'Filters.csv:3: error: cgrates.org:FLTR_BOGUS: unknown filter type <*bogus>'],
      ['unknown-action-type', 'Actions.csv:3: error: ACT_BAD: Action: unsupported action type <*explode>'],
      [
        'missing-filter',
        'Stats.csv:2: error: cgrates.org:STS_MISSING: FilterIDs: broken reference to filter: <FLTR_NOPE>',
      ],
    ])('%s: file:line errors, exit 1, nothing applied (all-or-nothing)', async (name, expected) => {
      const run = await runCli(['--rpc', engine.rpc, 'load', '--folder', fixture(name)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(expected);
      expect(run.stdout).toMatch(/^nothing applied: fix the \d+ errors?, or use --partial/m);
      expect(run.stdout).not.toMatch(/^applied: /m);
      await expectEmptyEngine(engine.client);
    });

    it('--partial applies the clean items, reports the others, and exits 1', async () => {
      const run = await runCli(['--rpc', engine.rpc, 'load', '--folder', fixture('partial'), '--partial']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        'Stats.csv:4: error: cgrates.org:STS_BAD_TTL: TTL: time: invalid duration "soon"',
      );
      expect(countsLine(run.stdout, 'applied')).toMatchObject({ filters: 1, stats: 1 });
      expect(
        await result(engine.client, 'APIerSv1.GetStatQueueProfileIDs', { Tenant: 'cgrates.org' }),
      ).toEqual(['STS_GOOD']);
      expect(await result(engine.client, 'APIerSv1.GetFilterIDs', { Tenant: 'cgrates.org' })).toEqual([
        'FLTR_GOOD',
      ]);
    });
  });

  describe('references to items that exist only in the engine', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(async () => {
      await engine.stop();
    });

    it('a filter: an error without an engine, fine once the engine has it (asked with GetFilter)', async () => {
      const offline = await runCli(['load', '--folder', fixture('missing-filter'), '--dry-run']);
      expect(offline.code).toBe(1);
      expect(offline.stdout).toContain('broken reference to filter: <FLTR_NOPE>');
      expect(
        await result(engine.client, 'APIerSv1.SetFilter', {
          ID: 'FLTR_NOPE',
          Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001'] }],
        }),
      ).toBe('OK');
      const checked = await runCli([
        '--rpc',
        engine.rpc,
        'load',
        '--folder',
        fixture('missing-filter'),
        '--dry-run',
      ]);
      expect(checked.stdout).toContain('dry run: nothing applied (the folder is valid)');
      expect(checked.code).toBe(0);
      const loaded = await runCli(['--rpc', engine.rpc, 'load', '--folder', fixture('missing-filter')]);
      expect(loaded.code).toBe(0);
      expect(
        await result(engine.client, 'APIerSv1.GetStatQueueProfile', { ID: 'STS_MISSING' }),
      ).toMatchObject({
        FilterIDs: ['FLTR_NOPE'],
      });
    });

    it('an action set: fine once the engine has it (asked with GetActions)', async () => {
      const offline = await runCli(['--rpc', engine.rpc, 'load', '--folder', fixture('missing-actions')]);
      expect(offline.code).toBe(1);
      expect(offline.stdout).toContain('broken reference to action set: <ACT_NOPE>');
      expect(
        await result(engine.client, 'APIerSv1.SetActions', {
          ActionsId: 'ACT_NOPE',
          Actions: [{ Identifier: '*log', Weight: 10 }],
        }),
      ).toBe('OK');
      const loaded = await runCli(['--rpc', engine.rpc, 'load', '--folder', fixture('missing-actions')]);
      expect(loaded.stdout).toMatch(/^0 errors/m);
      expect(loaded.code).toBe(0);
    });
  });

  it('usage errors exit 2; a folder that does not exist, or an engine that does not answer, exit 1', async () => {
    expect((await runCli(['load'])).code).toBe(2);
    expect((await runCli(['load', '--folder', fixture('partial'), '--timezone', 'Mars/Olympus'])).code).toBe(
      2,
    );
    expect((await runCli(['load', '--folder', fixture('partial'), 'extra'])).code).toBe(2);
    const missing = await runCli(['load', '--folder', '/nonexistent/tp', '--dry-run']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'load: INVALID_PATH: /nonexistent/tp is not a readable folder\n',
    });
    const down = await runCli([
      '--rpc',
      '127.0.0.1:1',
      '--timeout',
      '2s',
      'load',
      '--folder',
      sharedSet('tutorial'),
    ]);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^refused: destinations \S+: DISCONNECTED: /m);
  });
});

describe('APIerSv1.LoadTariffPlanFromFolder over TCP', () => {
  it.each(SETS)(
    '%s: DryRun answers OK and writes nothing; a real load answers OK and the items are readable',
    async (set) => {
      const engine = await startEngine();
      try {
        expect(
          await engine.client.call('APIerSv1.LoadTariffPlanFromFolder', {
            FolderPath: sharedSet(set),
            DryRun: true,
          }),
        ).toEqual({ result: 'OK', error: null });
        await expectEmptyEngine(engine.client);
        expect(
          await engine.client.call('APIerSv1.LoadTariffPlanFromFolder', {
            FolderPath: sharedSet(set),
            DryRun: false,
            Validate: true,
            APIOpts: null,
            Caching: null,
          }),
        ).toEqual({ result: 'OK', error: null });
        await expectPlanInEngine(engine.client, await planOf(sharedSet(set)));
      } finally {
        await engine.stop();
      }
    },
  );

  describe('errors', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(async () => {
      await engine.stop();
    });

    it('an empty FolderPath: MANDATORY_IE_MISSING:FolderPath (no space, no brackets)', async () => {
      for (const arg of [{}, { FolderPath: '' }, { FolderPath: '', DryRun: true }]) {
        expect(await engine.client.call('APIerSv1.LoadTariffPlanFromFolder', arg)).toEqual({
          result: null,
          error: 'MANDATORY_IE_MISSING:FolderPath',
        });
      }
    });

    it('a path that is not a folder: INVALID_PATH', async () => {
      for (const folder of ['/nonexistent/tp', path.join(fixture('partial'), 'Stats.csv')]) {
        expect(await engine.client.call('APIerSv1.LoadTariffPlanFromFolder', { FolderPath: folder })).toEqual(
          {
            result: null,
            error: 'INVALID_PATH',
          },
        );
      }
    });

    it.each<[string, RegExp]>([
      [
        'bad-column-count',
        /\nStats\.csv:3: bad line in Stats\.csv, wrong number of fields: 12 instead of 13/,
      ],
      ['bad-cells', /\nStats\.csv:2: cgrates\.org:STS_CELLS: QueueLength: /],
      ['unknown-filter-type', /\nFilters\.csv:3: cgrates\.org:FLTR_BOGUS: unknown filter type <\*bogus>/],
      ['partial', /^SERVER_ERROR: 3 errors in .*partial, nothing loaded:\nFilters\.csv:3: /],
    ])('%s: SERVER_ERROR listing every error with file:line; nothing is loaded', async (name, expected) => {
      for (const DryRun of [true, false]) {
        const reply = await engine.client.call('APIerSv1.LoadTariffPlanFromFolder', {
          FolderPath: fixture(name),
          DryRun,
        });
        expect(reply.result).toBeNull();
        expect(reply.error).toMatch(/^SERVER_ERROR: \d+ errors? in /);
        expect(reply.error).toMatch(expected);
      }
      await expectEmptyEngine(engine.client);
    });

    it('the console command load_tp_from_folder calls it', async () => {
      const ok = await runCli([
        '--rpc',
        engine.rpc,
        'load_tp_from_folder',
        `FolderPath="${fixture('valid-small')}" DryRun=true`,
      ]);
      expect(ok).toEqual({ code: 0, stdout: '"OK"\n', stderr: '' });
      const refused = await runCli(['--rpc', engine.rpc, 'load_tp_from_folder', 'FolderPath=""']);
      expect(refused).toEqual({ code: 1, stdout: '', stderr: 'MANDATORY_IE_MISSING:FolderPath\n' });
    });
  });
});

/**
 * Replaces the old unit-level large-plan test: the CLI runs as a plain node child against dist/
 * (inside Jest's vm sandbox csv-parse alone runs ~10x slower, which would measure Jest).
 */
describe('a 100,000-profile Stats.csv through the CLI', () => {
  const PROFILES = 100_000;
  const FILTERS = 1_000;
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'statqueue-tp-'));
    const filters = ['#Tenant[0],ID[1],Type[2],Element[3],Values[4],ActivationInterval[5]'];
    for (let i = 0; i < FILTERS; i++) {
      filters.push(`cgrates.org,FLTR_${i},*string,~*req.Route,R${i},2014-07-29T15:00:00Z`);
    }
    const stats = [
      '#Tenant[0],Id[1],FilterIDs[2],ActivationInterval[3],QueueLength[4],TTL[5],MinItems[6],Metrics[7],MetricFilterIDs[8],Stored[9],Blocker[10],Weight[11],ThresholdIDs[12]',
    ];
    for (let i = 0; i < PROFILES; i++) {
      // Every profile has its own inline filter, so nothing is served from the loader's memo tables.
      stats.push(
        `cgrates.org,SQ_${i},FLTR_${i % FILTERS};*string:~*req.Account:${i},2014-07-29T15:00:00Z,100,1m,2,` +
          `*asr;*acd;*tcd;*tcc;*sum#~*req.Usage;*distinct#~*req.Destination,,true,false,${i % 50},*none`,
      );
    }
    await writeFile(path.join(dir, 'Filters.csv'), filters.join('\n') + '\n');
    await writeFile(path.join(dir, 'Stats.csv'), stats.join('\n') + '\n');
    engine = await startEngine();
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads, applies and reads back every profile (prints the rates; no timing assertion)', async () => {
    const dryStartMs = performance.now();
    const dry = await runCli(['load', '--folder', dir, '--dry-run'], { timeoutMs: 120_000 });
    const dryMs = performance.now() - dryStartMs;
    expect(dry.code).toBe(0);
    expect(countsLine(dry.stdout, 'read')).toEqual({
      destinations: 0,
      filters: FILTERS,
      actions: 0,
      stats: PROFILES,
      thresholds: 0,
    });

    const run = await runCli(['--rpc', engine.rpc, 'load', '--folder', dir], { timeoutMs: 240_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(countsLine(run.stdout, 'applied')).toEqual(countsLine(run.stdout, 'read'));
    const rate = /^applied (\d+) items to \S+ in ([\d.]+) s \((\d+) items\/s\)$/m.exec(run.stdout);
    expect(rate).not.toBeNull();
    expect(Number(rate?.[1])).toBe(PROFILES + FILTERS);

    const last = await result(engine.client, 'APIerSv1.GetStatQueueProfile', { ID: `SQ_${PROFILES - 1}` });
    expect(last).toMatchObject({
      ID: `SQ_${PROFILES - 1}`,
      FilterIDs: [`FLTR_${(PROFILES - 1) % FILTERS}`, `*string:~*req.Account:${PROFILES - 1}`],
      TTL: 60_000_000_000,
      MinItems: 2,
      Stored: true,
      ThresholdIDs: ['*none'],
    });
    expect((last as { Metrics: unknown[] }).Metrics).toHaveLength(6);
    expect(
      await result(engine.client, 'APIerSv1.GetStatQueueProfileIDs', { Tenant: 'cgrates.org' }),
    ).toHaveLength(PROFILES);
    process.stdout.write(
      `tariffplan: ${PROFILES} stat profiles + ${FILTERS} filters: dry run (read + validate, whole CLI process) ` +
        `${(dryMs / 1000).toFixed(1)} s (${Math.round(PROFILES / (dryMs / 1000))} profiles/s); ` +
        `applied over JSON-RPC in ${rate?.[2] ?? '?'} s (${rate?.[3] ?? '?'} items/s)\n`,
    );
  }, 300_000);
});
