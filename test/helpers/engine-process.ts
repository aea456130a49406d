import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const CLI = join(REPO_ROOT, 'dist/src/cli.js');

/** Builds dist/ once if a test runs without `npm test` having built it. */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const out = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`build failed: ${out.stdout}${out.stderr}`);
}

/** A `statqueue serve` child process and the addresses it logged. */
export interface EngineProcess {
  readonly child: ChildProcess;
  readonly tcpPort: number;
  readonly httpPort: number;
  /** Every stdout line so far (pino JSON). */
  readonly lines: string[];
  /** Resolves with the exit code (or signal) once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Writes `config` to a temp file and starts `node dist/src/cli.js serve --config <file>`. */
export function startEngineProcess(
  config: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<EngineProcess> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'statqueue-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${lines.join('\n')}`)), timeoutMs);
    let partial = '';
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      partial += d.toString();
      let nl = partial.indexOf('\n');
      while (nl >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        lines.push(line);
        const msg = JSON.parse(line) as {
          msg?: string;
          rpc_json?: { port: number };
          http?: { port: number };
        };
        if (msg.msg === 'StatQueue listening' && msg.rpc_json && msg.http) {
          clearTimeout(timer);
          resolvePromise({ child, tcpPort: msg.rpc_json.port, httpPort: msg.http.port, lines, exited });
        }
        nl = partial.indexOf('\n');
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`engine exited with ${String(code)} before listening: ${stderr}${lines.join('\n')}`));
    });
  });
}
