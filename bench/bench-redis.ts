import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const PING_RETRY_MS = 25;
/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The `redis-server` binary on the PATH (or REDIS_SERVER_BIN), or why there is none. */
export function findRedisServer():
  { readonly path: string; readonly version: string } | { readonly reason: string } {
  const explicit = process.env['REDIS_SERVER_BIN'];
  const candidates =
    explicit !== undefined && explicit !== ''
      ? [explicit]
      : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'redis-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
    } catch {
      continue;
    }
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 5000 });
    if (probe.status === 0) return { path: candidate, version: probe.stdout.trim() };
    return { reason: `${candidate} --version failed` };
  }
  return {
    reason:
      explicit !== undefined && explicit !== ''
        ? `REDIS_SERVER_BIN=${explicit} is not an executable file`
        : 'no redis-server binary on the PATH (set REDIS_SERVER_BIN or install redis-server)',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('+PONG')));
  });
}

/** A throw-away `redis-server` on a free loopback port with persistence off, owned by the bench. */
export class BenchRedis {
  readonly port: number;
  readonly version: string;
  private readonly child: ChildProcess;
  private readonly dir: string;

  private constructor(port: number, version: string, child: ChildProcess, dir: string) {
    this.port = port;
    this.version = version;
    this.child = child;
    this.dir = dir;
  }

  static async start(bin: string, version: string): Promise<BenchRedis> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'statqueue-bench-redis-'));
    const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir];
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    const redis = new BenchRedis(port, version, child, dir);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await answersPing(port)) return redis;
      await new Promise((r) => setTimeout(r, PING_RETRY_MS));
    }
    await redis.stop();
    throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
  }

  /**
   * CPU seconds the server has used so far (user + system, from /proc), or null where /proc is
   * not there: Redis shares the machine with the engine and the load generator.
   */
  cpuSeconds(): number | null {
    const pid = this.child.pid;
    if (pid === undefined) return null;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
    } catch {
      return null;
    }
  }

  /** Stops this server (by its own process handle) and removes its directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
