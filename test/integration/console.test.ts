/**
 * The cgr-console commands and `statqueue call` against a real `statqueue serve` child process.
 * The cases run in order and build on each other (filter → profile → events → metrics → removal).
 */
import { ensureBuilt, startEngineProcess } from '../helpers/engine-process';
import type { EngineProcess } from '../helpers/engine-process';
import { runCli } from '../helpers/run-cli';
import type { CliRun } from '../helpers/run-cli';

/** The reply as the console must print it: JSON indented by two spaces, then a newline. */
function printed(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function ok(run: CliRun): unknown {
  if (run.code !== 0) throw new Error(`exit ${String(run.code)}: ${run.stderr}${run.stdout}`);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as unknown;
}

describe('statqueue console commands', () => {
  let engine: EngineProcess;
  let rpc: string;
  const cli = (...args: string[]): Promise<CliRun> => runCli(['--rpc', rpc, ...args]);

  beforeAll(async () => {
    ensureBuilt();
    engine = await startEngineProcess({ listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' } });
    rpc = `127.0.0.1:${engine.tcpPort}`;
  });

  afterAll(async () => {
    engine.child.kill('SIGTERM');
    await engine.exited;
  });

  it('filter_set stores a filter (Rules as a JSON list of objects)', async () => {
    const run = await cli(
      'filter_set',
      'ID="FLTR_ACC" Rules=[{"Type":"*string","Element":"~*req.Account","Values":["1001","1002"]}]',
    );
    expect(run.stdout).toBe(printed('OK'));
    expect(ok(run)).toBe('OK');
    expect(ok(await cli('filter', 'ID="FLTR_ACC"'))).toMatchObject({
      Tenant: 'cgrates.org',
      ID: 'FLTR_ACC',
      Rules: [{ Type: '*string', Element: '~*req.Account', Values: ['1001', '1002'] }],
    });
    expect(ok(await cli('filter_ids', 'Tenant="cgrates.org"'))).toEqual(['FLTR_ACC']);
  });

  it('stats_profile_set takes numbers, lists, a duration string and objects; each pair may be its own argument', async () => {
    const run = await cli(
      'stats_profile_set',
      'Tenant="cgrates.org"',
      'ID="Stats1"',
      'FilterIDs=["FLTR_ACC"]',
      'QueueLength=100',
      'TTL="1h"',
      'MinItems=1',
      'Metrics=[{"MetricID":"*asr"},{"MetricID":"*acd"},{"MetricID":"*sum#~*req.Cost"}]',
      'ThresholdIDs=["*none"]',
      'Weight=20',
    );
    expect(ok(run)).toBe('OK');
    expect(ok(await cli('stats_profile', 'ID="Stats1"'))).toMatchObject({
      Tenant: 'cgrates.org',
      ID: 'Stats1',
      FilterIDs: ['FLTR_ACC'],
      QueueLength: 100,
      TTL: 3_600_000_000_000,
      MinItems: 1,
      ThresholdIDs: ['*none'],
      Weight: 20,
    });
  });

  it('stats_profile_ids lists the profile; field names match case-insensitively, as in Go', async () => {
    expect(ok(await cli('stats_profile_ids', 'tenant="cgrates.org"'))).toEqual(['Stats1']);
  });

  it('stats_for_event matches without processing; stats_process_event processes (Event as an object)', async () => {
    expect(ok(await cli('stats_for_event', 'ID="q1" Event={"Account":"1001"}'))).toEqual(['Stats1']);
    const run = await cli(
      'stats_process_event',
      'ID="ev1" Event={"Account":"1001","AnswerTime":"2026-01-01T10:00:00Z","Usage":"90s","Cost":1.5}',
    );
    expect(run.stdout).toBe(printed(['Stats1']));
  });

  it('stats_metrics prints the string metrics as indented JSON', async () => {
    const run = await cli('stats_metrics', 'ID="Stats1"');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ '*asr': '100%', '*acd': '1m30s', '*sum#~*req.Cost': '1.5' });
    expect(run.stdout).toBe(printed(JSON.parse(run.stdout)));
  });

  it('an event nobody matches: non-zero exit and NOT_FOUND on stderr', async () => {
    const run = await cli('stats_process_event', 'ID="ev2" Event={"Account":"9999"}');
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'NOT_FOUND\n' });
  });

  it('stats_reset_queue empties the queue', async () => {
    expect(ok(await cli('stats_reset_queue', 'ID="Stats1"'))).toBe('OK');
    expect(ok(await cli('stats_metrics', 'ID="Stats1"'))).toEqual({
      '*asr': 'N/A',
      '*acd': 'N/A',
      '*sum#~*req.Cost': 'N/A',
    });
  });

  it('filter_remove is refused while a profile references the filter: exit 1 and the CGRateS error string', async () => {
    const run = await cli('filter_remove', 'ID="FLTR_ACC"');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'SERVER_ERROR: cannot remove filter <cgrates.org:FLTR_ACC> because will broken the reference to ' +
        'following items: {"*stat_filter_indexes":{"Stats1":{}}}\n',
    );
  });

  it('call sends raw JSON as params[0], from the command line or from stdin (-)', async () => {
    expect(
      ok(await cli('call', 'StatSv1.GetQueueFloatMetrics', '{"Tenant":"cgrates.org","ID":"Stats1"}')),
    ).toEqual({
      '*asr': -1,
      '*acd': -1,
      '*sum#~*req.Cost': -1,
    });
    const fromStdin = await runCli(['call', '--rpc', rpc, 'StatSv1.GetQueueIDs', '-'], {
      input: '{"Tenant":"cgrates.org"}',
    });
    expect(ok(fromStdin)).toEqual(['Stats1']);
    expect(ok(await cli('call', 'CoreSv1.Ping'))).toBe('Pong');
  });

  it('call reports the engine error for an unknown method, and refuses JSON that does not parse', async () => {
    expect(await cli('call', 'StatSv1.Nope', '{}')).toEqual({
      code: 1,
      stdout: '',
      stderr: "rpc: can't find method StatSv1.Nope\n",
    });
    const bad = await cli('call', 'StatSv1.Ping', '{nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not JSON');
  });

  it('thresholds_profile_set / thresholds_profile / thresholds_profile_ids', async () => {
    expect(
      ok(
        await cli(
          'thresholds_profile_set',
          'ID="THD_1" FilterIDs=["*string:~*req.Account:1001"] MaxHits=-1 MinHits=1 MinSleep="1s" Weight=10',
        ),
      ),
    ).toBe('OK');
    expect(ok(await cli('thresholds_profile', 'ID="THD_1"'))).toMatchObject({
      Tenant: 'cgrates.org',
      ID: 'THD_1',
      FilterIDs: ['*string:~*req.Account:1001'],
      MaxHits: -1,
      MinHits: 1,
      MinSleep: 1_000_000_000,
      Weight: 10,
    });
    expect(ok(await cli('thresholds_profile_ids', 'Tenant="cgrates.org"'))).toEqual(['THD_1']);
  });

  it('thresholds_for_event, thresholds_process_event and threshold', async () => {
    expect(ok(await cli('thresholds_for_event', 'ID="q2" Event={"Account":"1001"}'))).toMatchObject([
      { Tenant: 'cgrates.org', ID: 'THD_1', Hits: 0 },
    ]);
    expect(ok(await cli('thresholds_process_event', 'ID="tev1" Event={"Account":"1001"}'))).toEqual([
      'THD_1',
    ]);
    expect(ok(await cli('threshold', 'ID="THD_1"'))).toMatchObject({
      Tenant: 'cgrates.org',
      ID: 'THD_1',
      Hits: 1,
    });
    expect(ok(await cli('thresholds_profile_remove', 'ID="THD_1"'))).toBe('OK');
  });

  it('stats_profile_remove, then stats_profile answers NOT_FOUND', async () => {
    expect(ok(await cli('stats_profile_remove', 'ID="Stats1"'))).toBe('OK');
    expect(await cli('stats_profile', 'ID="Stats1"')).toEqual({ code: 1, stdout: '', stderr: 'NOT_FOUND\n' });
    expect(ok(await cli('filter_remove', 'ID="FLTR_ACC"'))).toBe('OK');
  });

  it('accepts --rpc after the command too', async () => {
    expect(ok(await runCli(['call', 'StatSv1.Ping', '--rpc', rpc]))).toBe('Pong');
  });

  it('usage errors exit 2 without calling the engine', async () => {
    const unquoted = await cli('stats_metrics', 'ID=Stats1');
    expect(unquoted.code).toBe(2);
    expect(unquoted.stderr).toContain(`strings need double quotes: ID="Stats1"`);
    const unknownField = await cli('stats_metrics', 'Identifier="x"');
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toContain('unknown field Identifier (fields: Tenant, ID, APIOpts)');
    const unknownCommand = await cli('stats_nope');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command: stats_nope');
    expect((await cli('stats_metrics', '--bogus')).code).toBe(2);
    expect((await runCli(['--rpc', 'nohostport', 'stats_metrics', 'ID="x"'])).code).toBe(2);
  });

  it('an unreachable engine: exit 1 and DISCONNECTED on stderr', async () => {
    const run = await runCli(['--rpc', '127.0.0.1:1', '--timeout', '2s', 'stats_metrics', 'ID="x"']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^DISCONNECTED: /);
  });

  it('statqueue --help lists every command with its RPC method', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const [name, method] of [
      ['stats_process_event', 'StatSv1.ProcessEvent'],
      ['stats_metrics', 'StatSv1.GetQueueStringMetrics'],
      ['stats_for_event', 'StatSv1.GetStatQueuesForEvent'],
      ['stats_reset_queue', 'StatSv1.ResetStatQueue'],
      ['stats_profile', 'APIerSv1.GetStatQueueProfile'],
      ['stats_profile_ids', 'APIerSv1.GetStatQueueProfileIDs'],
      ['stats_profile_set', 'APIerSv1.SetStatQueueProfile'],
      ['stats_profile_remove', 'APIerSv1.RemoveStatQueueProfile'],
      ['thresholds_process_event', 'ThresholdSv1.ProcessEvent'],
      ['threshold', 'ThresholdSv1.GetThreshold'],
      ['thresholds_for_event', 'ThresholdSv1.GetThresholdsForEvent'],
      ['thresholds_profile', 'APIerSv1.GetThresholdProfile'],
      ['thresholds_profile_ids', 'APIerSv1.GetThresholdProfileIDs'],
      ['thresholds_profile_set', 'APIerSv1.SetThresholdProfile'],
      ['thresholds_profile_remove', 'APIerSv1.RemoveThresholdProfile'],
      ['filter', 'APIerSv1.GetFilter'],
      ['filter_ids', 'APIerSv1.GetFilterIDs'],
      ['filter_set', 'APIerSv1.SetFilter'],
      ['filter_remove', 'APIerSv1.RemoveFilter'],
      ['load_tp_from_folder', 'APIerSv1.LoadTariffPlanFromFolder'],
    ] as const) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} +${method.replace('.', '\\.')}$`, 'm'));
    }
    expect(run.stdout).toMatch(/^ {2}load --folder DIR/m);
    expect(run.stdout).toMatch(/^ {2}call METHOD/m);
  });

  it('<command> --help shows the RPC method and every argument field with its type', async () => {
    const run = await runCli(['stats_profile_set', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Calls APIerSv1.SetStatQueueProfile');
    for (const [field, type] of [
      ['ID', 'string'],
      ['FilterIDs', '[]string'],
      ['QueueLength', 'int'],
      ['TTL', 'duration'],
      ['Metrics', '[{MetricID,FilterIDs}]'],
      ['Stored', 'bool'],
      ['Weight', 'float64'],
      ['APIOpts', 'object'],
    ] as const) {
      expect(run.stdout).toMatch(new RegExp(`^  ${field} +${type.replace(/[[\]{}]/g, '\\$&')}`, 'm'));
    }
    const event = await runCli(['stats_process_event', '-h']);
    expect(event.stdout).toContain('Calls StatSv1.ProcessEvent');
    expect(event.stdout).toMatch(/^ {2}Event +object/m);
    expect((await runCli(['call', '--help'])).stdout).toContain('usage: statqueue call METHOD');
    expect((await runCli(['load', '--help'])).stdout).toContain('usage: statqueue load --folder DIR');
  });
});
