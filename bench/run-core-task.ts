import { BenchChild } from './bench-child';
import type { CoreTask, CoreTaskResult } from './core-worker';

const SLACK_MS = 60_000;
const EXIT_GRACE_MS = 30_000;

/** Runs one in-process measurement in a fresh child process and returns its result. */
export async function runCoreTask(task: CoreTask, execArgv: readonly string[] = []): Promise<CoreTaskResult> {
  const { child } = await BenchChild.start('core-worker', task, {
    lifetimeMs: task.budgetMs + SLACK_MS,
    execArgv,
  });
  try {
    const msg = await child.next('result', task.budgetMs + SLACK_MS);
    // The worker exits by itself after reporting; a profiled one needs that exit to write its profile.
    await child.finish(EXIT_GRACE_MS);
    return msg['result'] as CoreTaskResult;
  } finally {
    await child.kill();
  }
}
