import { loadTariffPlan, readTariffPlan } from '../../../src/tariffplan';
import type { LoadIssue } from '../../../src/tariffplan';
import { RecordingSink } from './recording-sink';
import { fixture } from './tp-paths';

const OPTS = { timezone: 'UTC', nowMs: Date.UTC(2026, 0, 1), partial: false };

/** Loads a fixture into a recording sink the way the RPC method and the CLI do. */
async function load(name: string, extra: Partial<typeof OPTS> & Record<string, unknown> = {}) {
  const sink = new RecordingSink();
  const outcome = await loadTariffPlan(fixture(name), sink, { ...OPTS, ...extra });
  return { sink, ...outcome };
}

/** An issue at file:line whose message contains the fragments, in order. */
function at(file: string, line: number, ...fragments: string[]): LoadIssue {
  const message = expect.stringMatching(fragments.map(escapeRegExp).join('.*')) as unknown as string;
  return { file, line, message };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('malformed input is refused with file:line and nothing is applied', () => {
  it('wrong number of columns', async () => {
    const { result, applied, sink } = await load('bad-column-count');
    expect(result.errors).toEqual([
      {
        file: 'Stats.csv',
        line: 3,
        message: 'bad line in Stats.csv, wrong number of fields: 12 instead of 13',
      },
    ]);
    expect(result.skipped).toEqual([{ kind: 'stats', key: 'cgrates.org:STS_SHORT' }]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('bad duration', async () => {
    const { result, applied, sink } = await load('bad-duration');
    expect(result.errors).toEqual([at('Stats.csv', 2, 'cgrates.org:STS_TTL: TTL: ', '3x')]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('unknown metric type', async () => {
    const { result, applied, sink } = await load('unknown-metric');
    expect(result.errors).toEqual([
      {
        file: 'Stats.csv',
        line: 2,
        message: 'cgrates.org:STS_METRIC: Metrics: unsupported metric type <*bogus>',
      },
    ]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('unknown filter type, an outside-service type, and a profile referencing the broken filter', async () => {
    const { result, applied, sink } = await load('unknown-filter-type');
    expect(result.errors).toEqual([
      at('Filters.csv', 3, 'cgrates.org:FLTR_BOGUS: unknown filter type <*bogus>'),
      at('Filters.csv', 4, 'cgrates.org:FLTR_APIBAN: NOT_IMPLEMENTED:*apiban'),
      at(
        'Stats.csv',
        2,
        'cgrates.org:STS_REF: FilterIDs: filter <FLTR_BOGUS> is referenced but failed to load',
      ),
    ]);
    expect(result.counts.filters).toBe(1);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('reference to a filter neither in the plan nor in the engine', async () => {
    const { result, applied, sink } = await load('missing-filter');
    expect(result.errors).toEqual([
      {
        file: 'Stats.csv',
        line: 2,
        message:
          'cgrates.org:STS_MISSING: FilterIDs: broken reference to filter: <FLTR_NOPE> for item with ID: cgrates.org:STS_MISSING',
      },
    ]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('a filter the engine already has (existingFilter) is a valid reference', async () => {
    const asked: string[] = [];
    const { result, applied, sink } = await load('missing-filter', {
      existingFilter: (tenant: string, id: string) => {
        asked.push(`${tenant}:${id}`);
        return id === 'FLTR_NOPE';
      },
    });
    expect(result.errors).toEqual([]);
    expect(asked).toEqual(['cgrates.org:FLTR_NOPE']);
    expect(applied?.failed).toEqual([]);
    expect(sink.applied).toEqual(['setStatQueueProfile cgrates.org:STS_MISSING']);
  });

  it('unknown action type, and the threshold that references that set', async () => {
    const { result, applied, sink } = await load('unknown-action-type');
    expect(result.errors).toEqual([
      { file: 'Actions.csv', line: 3, message: 'ACT_BAD: Action: unsupported action type <*explode>' },
      at(
        'Thresholds.csv',
        2,
        'cgrates.org:TH_BAD: ActionIDs: action set <ACT_BAD> is referenced but failed to load',
      ),
    ]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('reference to an action set neither in the plan nor in the engine', async () => {
    const { result, sink } = await load('missing-actions');
    expect(result.errors).toEqual([
      {
        file: 'Thresholds.csv',
        line: 2,
        message:
          'cgrates.org:TH_MISSING: ActionIDs: broken reference to action set: <ACT_NOPE> for item with ID: cgrates.org:TH_MISSING',
      },
    ]);
    expect(sink.calls).toEqual([]);
    const withEngine = await readTariffPlan(fixture('missing-actions'), {
      ...OPTS,
      existingActions: (id) => id === 'ACT_NOPE',
    });
    expect(withEngine.errors).toEqual([]);
  });

  it('reports every bad cell of every row, not only the first', async () => {
    const { result, sink } = await load('bad-cells');
    const messages = result.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(messages).toEqual([
      'Stats.csv:2: cgrates.org:STS_CELLS: ActivationInterval "yesterday": Unsupported time format',
      'Stats.csv:2: cgrates.org:STS_CELLS: QueueLength: strconv.Atoi: parsing "ten": invalid syntax',
      'Stats.csv:2: cgrates.org:STS_CELLS: MinItems: strconv.Atoi: parsing "1.5": invalid syntax',
      'Stats.csv:2: cgrates.org:STS_CELLS: Stored: strconv.ParseBool: parsing "maybe": invalid syntax',
      'Stats.csv:2: cgrates.org:STS_CELLS: Weight: strconv.ParseFloat: parsing "heavy": invalid syntax',
      'Stats.csv:3: cgrates.org:STS_CELLS2: FilterIDs: empty entry in list ";FLTR_X"',
      'Stats.csv:3: cgrates.org:STS_CELLS2: Metrics: empty entry in list "*asr;"',
      'Stats.csv:3: cgrates.org:STS_CELLS2: FilterIDs: broken reference to filter: <FLTR_X> for item with ID: cgrates.org:STS_CELLS2',
    ]);
    expect(sink.calls).toEqual([]);
  });

  it('bad RFC 4180 quoting is reported at its line', async () => {
    const { result, sink } = await load('bad-quotes');
    expect(result.errors[0]).toEqual(at('Stats.csv', 3, 'bad line in Stats.csv', 'Quote'));
    expect(result.plan.stats.map((p) => p.ID)).toContain('STS_Q1');
    expect(sink.calls).toEqual([]);
  });
});

describe('partial mode', () => {
  it('applies the clean items in dependency order and reports what was skipped', async () => {
    const { result, applied, sink } = await load('partial', { partial: true });
    expect(result.errors).toEqual([
      at('Filters.csv', 3, 'cgrates.org:FLTR_BROKEN: unknown filter type <*bogus>'),
      at(
        'Stats.csv',
        3,
        'cgrates.org:STS_BROKEN_REF: FilterIDs: filter <FLTR_BROKEN> is referenced but failed to load',
      ),
      at('Stats.csv', 4, 'cgrates.org:STS_BAD_TTL: TTL: ', 'soon'),
    ]);
    expect(result.skipped).toEqual([
      { kind: 'filters', key: 'cgrates.org:FLTR_BROKEN' },
      { kind: 'stats', key: 'cgrates.org:STS_BROKEN_REF' },
      { kind: 'stats', key: 'cgrates.org:STS_BAD_TTL' },
    ]);
    expect(sink.applied).toEqual([
      'setFilter cgrates.org:FLTR_GOOD',
      'setStatQueueProfile cgrates.org:STS_GOOD',
    ]);
    expect(applied).toEqual({
      applied: { destinations: 0, filters: 1, actions: 0, stats: 1, thresholds: 0 },
      failed: [],
      notAttempted: 0,
    });
  });

  it('without partial the same folder applies nothing', async () => {
    const { applied, sink } = await load('partial');
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('a dry run never applies, even a clean plan', async () => {
    const { result, applied, sink } = await load('valid-small', { dryRun: true });
    expect(result.errors).toEqual([]);
    expect(applied).toBeNull();
    expect(sink.calls).toEqual([]);
  });
});
