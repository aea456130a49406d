/** Runs `node dist/src/cli.js ...` as a child process (the real binary, outside Jest's sandbox). */
import { spawn } from 'node:child_process';
import { CLI } from './engine-process';

/** What a CLI run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Written to the child's stdin, which is then closed (stdin is empty otherwise). */
  readonly input?: string;
  readonly cwd?: string;
  /** The run is killed (and the promise rejects with what it printed) after this long. @default 45000 */
  readonly timeoutMs?: number;
}

/** Runs the CLI with `args` and resolves once it exited. */
export function runCli(args: readonly string[], opts: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`statqueue ${args.join(' ')} did not finish:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 45_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
