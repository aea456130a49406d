import { consoleCommandArg, consoleCommandHelp } from '../../../src/cli/console-command';
import { CONSOLE_COMMANDS, findConsoleCommand } from '../../../src/cli/console-commands';
import type { ConsoleCommand } from '../../../src/cli/console-commands';
import { UsageError } from '../../../src/cli/usage-error';

const NOW = '2026-01-01T12:00:00.000Z';

function cmd(name: string): ConsoleCommand {
  const c = findConsoleCommand(name);
  if (c === undefined) throw new Error(`no command ${name}`);
  return c;
}

describe('the console command table', () => {
  it('maps the cgr-console names to the CGRateS methods', () => {
    expect(Object.fromEntries(CONSOLE_COMMANDS.map((c) => [c.name, c.method]))).toEqual({
      stats_process_event: 'StatSv1.ProcessEvent',
      stats_metrics: 'StatSv1.GetQueueStringMetrics',
      stats_for_event: 'StatSv1.GetStatQueuesForEvent',
      stats_reset_queue: 'StatSv1.ResetStatQueue',
      stats_profile: 'APIerSv1.GetStatQueueProfile',
      stats_profile_ids: 'APIerSv1.GetStatQueueProfileIDs',
      stats_profile_set: 'APIerSv1.SetStatQueueProfile',
      stats_profile_remove: 'APIerSv1.RemoveStatQueueProfile',
      thresholds_process_event: 'ThresholdSv1.ProcessEvent',
      threshold: 'ThresholdSv1.GetThreshold',
      thresholds_for_event: 'ThresholdSv1.GetThresholdsForEvent',
      thresholds_profile: 'APIerSv1.GetThresholdProfile',
      thresholds_profile_ids: 'APIerSv1.GetThresholdProfileIDs',
      thresholds_profile_set: 'APIerSv1.SetThresholdProfile',
      thresholds_profile_remove: 'APIerSv1.RemoveThresholdProfile',
      filter: 'APIerSv1.GetFilter',
      filter_ids: 'APIerSv1.GetFilterIDs',
      filter_set: 'APIerSv1.SetFilter',
      filter_remove: 'APIerSv1.RemoveFilter',
      load_tp_from_folder: 'APIerSv1.LoadTariffPlanFromFolder',
    });
    expect(findConsoleCommand('nope')).toBeUndefined();
  });

  it('has an example for every command that uses only its own fields', () => {
    for (const c of CONSOLE_COMMANDS) {
      const names = new Set(c.fields.map((f) => f.name));
      for (const m of c.example.matchAll(/(?:^|\s)(\w+)=/g)) expect(names).toContain(m[1]);
    }
  });
});

describe('consoleCommandArg', () => {
  it('rewrites field names to the struct spelling, case-insensitively, keeping the values', () => {
    expect(
      consoleCommandArg(cmd('stats_profile_set'), { id: 'S1', queuelength: 5, FILTERIDS: ['a'] }, NOW),
    ).toEqual({
      ID: 'S1',
      QueueLength: 5,
      FilterIDs: ['a'],
    });
  });

  it('refuses a field the argument struct does not have, naming the fields it has', () => {
    expect(() => consoleCommandArg(cmd('stats_metrics'), { Identifier: 'x' }, NOW)).toThrow(
      new UsageError('stats_metrics: unknown field Identifier (fields: Tenant, ID, APIOpts)'),
    );
    expect(() => consoleCommandArg(cmd('stats_metrics'), { ID: 'a', id: 'b' }, NOW)).toThrow(
      'ID given twice',
    );
  });

  it('fills Time with now for the event commands that cgr-console stamps, unless given', () => {
    expect(consoleCommandArg(cmd('stats_process_event'), { ID: 'e', Event: {} }, NOW)).toEqual({
      ID: 'e',
      Event: {},
      Time: NOW,
    });
    expect(consoleCommandArg(cmd('stats_for_event'), { time: '2020-01-01T00:00:00Z' }, NOW)).toEqual({
      Time: '2020-01-01T00:00:00Z',
    });
    expect(consoleCommandArg(cmd('thresholds_process_event'), {}, NOW)).toEqual({ Time: NOW });
    expect(consoleCommandArg(cmd('thresholds_for_event'), {}, NOW)).toEqual({});
    expect(consoleCommandArg(cmd('stats_metrics'), {}, NOW)).toEqual({});
  });
});

describe('consoleCommandHelp', () => {
  it('names the method and lists every field with its type', () => {
    const help = consoleCommandHelp(cmd('filter_set'));
    expect(help).toContain('Calls APIerSv1.SetFilter; argument fields (engine.FilterWithAPIOpts):');
    expect(help).toMatch(/^ {2}Rules +\[\{Type,Element,Values\}\] +e\.g\./m);
    expect(help).toMatch(/^ {2}ActivationInterval +\{ActivationTime,ExpiryTime\}/m);
    expect(help).toContain(`statqueue filter_set 'ID="FLTR_1" Rules=[`);
  });
});
