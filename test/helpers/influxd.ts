import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PING_RETRY_MS = 50;

/** Where `influxd` (InfluxDB 1.x) is, or why it cannot be used: `INFLUXD_BIN`, else the PATH. */
export function findInfluxd(): { readonly path: string } | { readonly reason: string } {
  const explicit = process.env['INFLUXD_BIN'];
  const candidates =
    explicit !== undefined && explicit !== ''
      ? [explicit]
      : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'influxd'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
    } catch {
      continue;
    }
    const probe = spawnSync(candidate, ['version'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0 && /InfluxDB v1\./.test(probe.stdout)) return { path: candidate };
    return {
      reason: `${candidate} version did not report InfluxDB 1.x: ${probe.stdout || probe.stderr || String(probe.error)}`,
    };
  }
  return {
    reason:
      explicit !== undefined && explicit !== ''
        ? `INFLUXD_BIN=${explicit} is not executable`
        : 'influxd is not on the PATH (apt-get install influxdb, or set INFLUXD_BIN)',
  };
}

/**
 * `describe` when an influxd binary is available. In CI (`CI=true`) a missing binary throws, so
 * the build fails instead of silently skipping; elsewhere the suite is skipped with the reason printed.
 */
export function describeIfInfluxd(name: string, fn: () => void): void {
  const found = findInfluxd();
  if ('path' in found) {
    describe(name, fn);
    return;
  }
  if (process.env['CI'] === 'true') throw new Error(`${name}: ${found.reason}`);
  console.warn(`skipping "${name}": ${found.reason}`);
  describe.skip(name, fn);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: '/ping', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 204);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A real InfluxDB 1.x (`influxd -config <tmp>`) on free loopback ports, with its meta, data and WAL
 * directories in a temp dir removed by stop(). Reporting to InfluxData, the _internal monitor
 * database and request logs are off.
 */
export class Influxd {
  readonly port: number;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private output = '';
  private exited = false;

  private constructor(child: ChildProcess, port: number, dir: string) {
    this.child = child;
    this.port = port;
    this.dir = dir;
    child.stdout?.on('data', (d: Buffer) => this.keep(d));
    child.stderr?.on('data', (d: Buffer) => this.keep(d));
    child.once('exit', () => {
      this.exited = true;
    });
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  /** Starts influxd and resolves once /ping answers 204. */
  static async start(): Promise<Influxd> {
    const found = findInfluxd();
    if (!('path' in found)) throw new Error(found.reason);
    const dir = mkdtempSync(join(tmpdir(), 'statqueue-influxd-'));
    const [httpPort, rpcPort] = [await freePort(), await freePort()];
    const config = [
      'reporting-disabled = true',
      `bind-address = "${HOST}:${rpcPort}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '  logging-enabled = false',
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "${HOST}:${httpPort}"`,
      '  log-enabled = false',
      '[continuous_queries]',
      '  log-enabled = false',
      '[logging]',
      '  level = "warn"',
      '  suppress-logo = true',
      '',
    ].join('\n');
    const configPath = join(dir, 'influxdb.conf');
    writeFileSync(configPath, config);
    const child = spawn(found.path, ['-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new Influxd(child, httpPort, dir);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (server.exited) {
        await server.stop();
        throw new Error(`influxd exited during start:\n${server.output}`);
      }
      if (await ping(httpPort)) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`influxd did not answer /ping within ${READY_TIMEOUT_MS} ms:\n${server.output}`);
      }
      await delay(PING_RETRY_MS);
    }
  }

  /** Kills the server (TERM, then KILL after a grace period) and removes its directory. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private keep(d: Buffer): void {
    this.output = (this.output + d.toString('utf8')).slice(-8000);
  }
}
