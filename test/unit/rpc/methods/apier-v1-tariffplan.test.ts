import path from 'node:path';
import pino from 'pino';
import { apierTariffPlanMethods } from '../../../../src/rpc/methods/apier-v1-tariffplan';
import type { TariffPlanMethodDeps } from '../../../../src/rpc/methods/apier-v1-tariffplan';
import type { CallContext, RpcHandler } from '../../../../src/rpc/method-table';
import { FakeClock } from '../../../helpers/fake-clock';
import { RecordingSink } from '../../tariffplan/recording-sink';
import type { SinkCall } from '../../tariffplan/recording-sink';
import { fixture, sharedSet } from '../../tariffplan/tp-paths';

const CTX: CallContext = { transport: 'tcp', authorized: true };

function loader(over: Partial<TariffPlanMethodDeps> = {}): {
  sink: RecordingSink;
  call: (arg: unknown) => Promise<unknown>;
} {
  const sink = (over.sink as RecordingSink | undefined) ?? new RecordingSink();
  const table = new Map<string, RpcHandler>(
    apierTariffPlanMethods({
      sink,
      timezone: 'UTC',
      clock: new FakeClock(Date.UTC(2026, 0, 1)),
      existingFilter: () => false,
      existingActions: () => false,
      logger: pino({ level: 'silent' }),
      ...over,
    }),
  );
  const handler = table.get('APIerSv1.LoadTariffPlanFromFolder');
  if (handler === undefined) throw new Error('method missing');
  return { sink, call: (arg) => Promise.resolve().then(() => handler(arg, CTX)) };
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('APIerSv1.LoadTariffPlanFromFolder', () => {
  it.each([undefined, null, {}, { FolderPath: '' }, { folderpath: '', DryRun: true }])(
    'answers MANDATORY_IE_MISSING:FolderPath (no space, no brackets) for %j',
    async (arg) => {
      expect(await errorOf(loader().call(arg))).toBe('MANDATORY_IE_MISSING:FolderPath');
    },
  );

  it('refuses a FolderPath of the wrong JSON type with the Go decode error', async () => {
    expect(await errorOf(loader().call({ FolderPath: 5 }))).toBe(
      'json: cannot unmarshal number into Go struct field utils.AttrLoadTpFromFolder.FolderPath of type string',
    );
  });

  it.each([['/nonexistent/tp'], [path.join(fixture('partial'), 'Stats.csv')]])(
    'answers INVALID_PATH for %s',
    async (folder) => {
      expect(await errorOf(loader().call({ FolderPath: folder }))).toBe('INVALID_PATH');
    },
  );

  it('DryRun reads and validates only', async () => {
    const { sink, call } = loader();
    expect(await call({ FolderPath: fixture('valid-small'), DryRun: true })).toBe('OK');
    expect(sink.calls).toEqual([]);
  });

  it('writes a clean folder in dependency order and answers OK', async () => {
    const { sink, call } = loader();
    expect(
      await call({ FolderPath: sharedSet('tutorial'), Validate: true, Caching: null, APIOpts: {} }),
    ).toBe('OK');
    const order = sink.calls.map((c: SinkCall) => c.op);
    expect(order.indexOf('setFilter')).toBeGreaterThan(order.lastIndexOf('setDestination'));
    expect(order.indexOf('setStatQueueProfile')).toBeGreaterThan(order.lastIndexOf('setActions'));
    expect(order.indexOf('setThresholdProfile')).toBeGreaterThan(order.lastIndexOf('setStatQueueProfile'));
    expect(order.filter((op) => op === 'setStatQueueProfile')).toHaveLength(2);
  });

  it('gives relative times the engine clock', async () => {
    const { sink, call } = loader();
    expect(await call({ FolderPath: fixture('timezones') })).toBe('OK');
    const now = sink.calls.find((c) => c.op === 'setStatQueueProfile' && c.arg.ID === 'STS_NOW');
    expect(now?.arg).toMatchObject({
      ActivationInterval: { ActivationTime: '2026-01-01T00:00:00Z', ExpiryTime: '2026-01-01T01:00:00Z' },
    });
  });

  it('refuses a folder with errors as SERVER_ERROR listing each file:line, and writes nothing', async () => {
    const { sink, call } = loader();
    const msg = await errorOf(call({ FolderPath: fixture('partial') }));
    expect(msg.split('\n')).toEqual([
      `SERVER_ERROR: 3 errors in ${fixture('partial')}, nothing loaded:`,
      expect.stringMatching(/^Filters\.csv:3: cgrates\.org:FLTR_BROKEN: unknown filter type <\*bogus>/),
      expect.stringMatching(/^Stats\.csv:3: cgrates\.org:STS_BROKEN_REF: FilterIDs: filter <FLTR_BROKEN>/),
      'Stats.csv:4: cgrates.org:STS_BAD_TTL: TTL: time: invalid duration "soon"',
    ]);
    expect(sink.calls).toEqual([]);
    expect(await errorOf(call({ FolderPath: fixture('partial'), DryRun: true }))).toBe(msg);
  });

  it('lets a folder reference filters and action sets the engine already has', async () => {
    const missing = await errorOf(loader().call({ FolderPath: fixture('missing-filter') }));
    expect(missing).toContain(
      'Stats.csv:2: cgrates.org:STS_MISSING: FilterIDs: broken reference to filter: <FLTR_NOPE> for item with ID: cgrates.org:STS_MISSING',
    );
    const asked: string[] = [];
    const withFilter = loader({
      existingFilter: (tenant, id) => {
        asked.push(`${tenant}:${id}`);
        return id === 'FLTR_NOPE';
      },
    });
    expect(await withFilter.call({ FolderPath: fixture('missing-filter') })).toBe('OK');
    expect(asked).toEqual(['cgrates.org:FLTR_NOPE']);
    const withActions = loader({ existingActions: (id) => id === 'ACT_NOPE' });
    expect(await withActions.call({ FolderPath: fixture('missing-actions') })).toBe('OK');
    expect(withActions.sink.applied).toEqual(['setThresholdProfile cgrates.org:TH_MISSING']);
  });

  it('reports an item the engine refuses as SERVER_ERROR naming it, and stops there', async () => {
    const sink = new RecordingSink((c) => (c.op === 'setFilter' ? 'EXISTS' : undefined));
    const msg = await errorOf(loader({ sink }).call({ FolderPath: fixture('valid-small') }));
    expect(msg).toMatch(
      /^SERVER_ERROR: the engine refused filters cgrates\.org:FLTR_A: EXISTS \(\d+ items not attempted\)$/,
    );
    expect(sink.calls.every((c) => c.op === 'setDestination')).toBe(true);
  });
});
