import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Options of {@link RedisServer.start}. */
export interface RedisServerOptions {
  /** Started with `--requirepass`. */
  readonly password?: string;
  /** Listen on this port instead of a free one (e.g. to bring Redis up where a client already waits). */
  readonly port?: number;
  /** More `redis-server` arguments (e.g. `--cluster-enabled yes`). */
  readonly extraArgs?: readonly string[];
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PING_RETRY_MS = 20;

/** Where `redis-server` is, or why it cannot be used: `REDIS_SERVER_BIN`, else the PATH. */
export function findRedisServer(): { readonly path: string } | { readonly reason: string } {
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
    if (probe.status === 0) return { path: candidate };
    return { reason: `${candidate} --version failed: ${probe.stderr || String(probe.error)}` };
  }
  return {
    reason:
      explicit !== undefined && explicit !== ''
        ? `REDIS_SERVER_BIN=${explicit} is not executable`
        : 'redis-server is not on the PATH (apt-get install redis-server, or set REDIS_SERVER_BIN)',
  };
}

/**
 * `describe` when a redis-server binary is available. Otherwise: in CI (`CI=true`) it throws, so a
 * missing Redis fails the build rather than silently skipping; elsewhere the suite is skipped and
 * the reason printed.
 */
export function describeIfRedis(name: string, fn: () => void): void {
  const found = findRedisServer();
  if ('path' in found) {
    describe(name, fn);
    return;
  }
  if (process.env['CI'] === 'true') throw new Error(`${name}: ${found.reason}`);
  console.warn(`skipping "${name}": ${found.reason}`);
  describe.skip(name, fn);
}

/** A real `redis-server` on 127.0.0.1, no persistence, owned by one test file. */
export class RedisServer {
  readonly host = HOST;
  readonly port: number;
  readonly password: string | undefined;
  private readonly bin: string;
  private readonly dir: string;
  private readonly extraArgs: readonly string[];
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(bin: string, port: number, options: RedisServerOptions) {
    this.bin = bin;
    this.port = port;
    this.password = options.password;
    this.extraArgs = options.extraArgs ?? [];
    this.dir = mkdtempSync(join(tmpdir(), 'statqueue-redis-'));
  }

  /** Starts a server on a free port (or `options.port`) and resolves once it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const found = findRedisServer();
    if (!('path' in found)) throw new Error(found.reason);
    // The free port can be taken between probe and bind; try a few before giving up.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new RedisServer(found.path, options.port ?? (await freePort()), options);
      try {
        await server.launch();
        return server;
      } catch (err) {
        lastError = err;
        server.removeDir();
        if (options.port !== undefined) break;
      }
    }
    throw lastError;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** SIGTERM, then waits for the exit (SIGKILL after 5 s). The port stays reserved for {@link restart}. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Starts the server again on the same port (an outage followed by recovery, with an empty dataset). */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and removes its working directory. */
  async dispose(): Promise<void> {
    await this.stop();
    this.removeDir();
  }

  private async launch(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
      '--daemonize',
      'no',
      '--logfile',
      '',
    ];
    if (this.password !== undefined) args.push('--requirepass', this.password);
    args.push(...this.extraArgs);
    this.output = '';
    const child = spawn(this.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (chunk: Buffer): void => {
      // Keep only the tail: it is there to explain a failed start.
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exitInfo: string | undefined;
    child.once('exit', (code, signal) => {
      exitInfo = `exited with ${code ?? signal ?? 'unknown'}`;
      if (this.child === child) this.child = undefined;
    });
    child.once('error', (err) => {
      exitInfo = `failed to spawn: ${err.message}`;
      if (this.child === child) this.child = undefined;
    });

    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitInfo !== undefined)
        throw new Error(`redis-server on port ${this.port} ${exitInfo}: ${this.output}`);
      if (await answersPing(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, PING_RETRY_MS));
    }
    await this.stop();
    throw new Error(
      `redis-server on port ${this.port} did not answer PING within ${READY_TIMEOUT_MS} ms: ${this.output}`,
    );
  }

  private removeDir(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on right now (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Sends an inline PING; any reply (`+PONG`, or `-NOAUTH` with a password set) means the server is up. */
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
    socket.once('data', (data) => done(/^[+-]/.test(data.toString('utf8'))));
  });
}

/** A Redis Cluster of masters only (no replicas), each a {@link RedisServer}. */
export class RedisClusterServers {
  readonly nodes: readonly RedisServer[];

  private constructor(nodes: readonly RedisServer[]) {
    this.nodes = nodes;
  }

  /** Starts `size` (>= 3) cluster-enabled servers, joins them with `redis-cli --cluster create`, waits for cluster_state:ok. */
  static async start(size = 3): Promise<RedisClusterServers> {
    const found = findRedisServer();
    if (!('path' in found)) throw new Error(found.reason);
    const cli = join(dirname(found.path), 'redis-cli');
    const nodes: RedisServer[] = [];
    try {
      for (let i = 0; i < size; i++) {
        nodes.push(
          await RedisServer.start({
            extraArgs: [
              '--cluster-enabled',
              'yes',
              '--cluster-config-file',
              'nodes.conf',
              '--cluster-node-timeout',
              '2000',
            ],
          }),
        );
      }
      const create = spawnSync(
        cli,
        [
          '--cluster',
          'create',
          ...nodes.map((n) => `${n.host}:${n.port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      if (create.status !== 0)
        throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (const node of nodes) {
        for (;;) {
          const info = spawnSync(cli, ['-h', node.host, '-p', String(node.port), 'cluster', 'info'], {
            encoding: 'utf8',
          });
          if (info.stdout.includes('cluster_state:ok')) break;
          if (Date.now() > deadline) throw new Error(`cluster node ${node.port} not ok: ${info.stdout}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      return new RedisClusterServers(nodes);
    } catch (err) {
      for (const node of nodes) await node.dispose();
      throw err;
    }
  }

  async dispose(): Promise<void> {
    for (const node of this.nodes) await node.dispose();
  }
}
