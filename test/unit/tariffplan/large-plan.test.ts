import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TariffPlanKind, TpStatQueueProfileJSON } from '../../../src/tariffplan';

const PROFILES = 100_000;
const FILTERS = 1_000;

interface Measurement {
  readMs: number;
  readCpuMs: number;
  applyMs: number;
  applied: number;
  counts: Record<TariffPlanKind, number>;
  errors: unknown[];
  last: TpStatQueueProfileJSON;
  heapUsedMB: number;
}

/**
 * The load runs in a plain `node` child (measure-load.cjs): inside Jest's vm sandbox every global
 * lookup is intercepted and csv-parse's per-character loop runs ~10x slower, which would measure
 * Jest rather than the loader.
 */
async function measure(folder: string): Promise<Measurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(__dirname, 'measure-load.cjs'), folder],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Measurement;
}

describe('a 100,000-profile Stats.csv', () => {
  let dir: string;

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
      // Every profile has its own inline filter, so nothing is served from the memo tables.
      stats.push(
        `cgrates.org,SQ_${i},FLTR_${i % FILTERS};*string:~*req.Account:${i},2014-07-29T15:00:00Z,100,1m,2,` +
          `*asr;*acd;*tcd;*tcc;*sum#~*req.Usage;*distinct#~*req.Destination,,true,false,${i % 50},*none`,
      );
    }
    await writeFile(path.join(dir, 'Filters.csv'), filters.join('\n') + '\n');
    await writeFile(path.join(dir, 'Stats.csv'), stats.join('\n') + '\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads and applies without errors (prints the rate; no timing assertion)', async () => {
    const m = await measure(dir);
    expect(m.errors).toEqual([]);
    expect(m.counts).toEqual({
      destinations: 0,
      filters: FILTERS,
      actions: 0,
      stats: PROFILES,
      thresholds: 0,
    });
    expect(m.applied).toBe(PROFILES + FILTERS);
    expect(m.last).toMatchObject({
      ID: `SQ_${PROFILES - 1}`,
      FilterIDs: [`FLTR_${(PROFILES - 1) % FILTERS}`, `*string:~*req.Account:${PROFILES - 1}`],
      TTL: 60_000_000_000,
      MinItems: 2,
      Stored: true,
      ThresholdIDs: ['*none'],
    });
    expect(m.last.Metrics).toHaveLength(6);
    process.stdout.write(
      `tariffplan: read ${PROFILES} stat profiles + ${FILTERS} filters in ${m.readMs.toFixed(0)} ms wall, ` +
        `${m.readCpuMs.toFixed(0)} ms CPU (${Math.round(PROFILES / (m.readMs / 1000))} profiles/s wall); ` +
        `apply to a no-op sink ${m.applyMs.toFixed(0)} ms; heap ${m.heapUsedMB} MB\n`,
    );
  }, 180_000);
});
