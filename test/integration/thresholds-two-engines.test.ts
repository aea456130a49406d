import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { startStatQueue } from '../../src/main';
import type { RunningEngine } from '../../src/main';
import { RpcClient } from '../helpers/rpc-client';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli.js');

/** Engine B: `statqueue serve` in its own process; resolves with its TCP port once it listens. */
function startB(dir: string, rpcJson: string): Promise<{ child: ChildProcess; port: number }> {
  const configPath = join(dir, `b-${Date.now()}.json`);
  writeFileSync(
    configPath,
    JSON.stringify({
      listen: { rpc_json: rpcJson, http: '127.0.0.1:0' },
      logger: { level: 'info' },
      series: { enabled: false },
    }),
  );
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePort, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`engine B did not start: ${out}${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      for (const line of out.split('\n')) {
        if (!line.includes('StatQueue listening')) continue;
        const parsed = JSON.parse(line) as { rpc_json: { port: number } };
        clearTimeout(timer);
        resolvePort({ child, port: parsed.rpc_json.port });
        return;
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine B exited with ${String(code)}: ${out}${err}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.kill('SIGKILL');
  });
}

async function ok(client: RpcClient, method: string, arg: unknown): Promise<unknown> {
  const reply = await client.call(method, arg);
  if (reply.error !== null) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

/** Profiles engine B needs (its store is *internal: a restarted B starts empty). */
async function provisionB(port: number): Promise<RpcClient> {
  const b = await RpcClient.connect(port);
  await ok(b, 'APIerSv1.SetActions', {
    ActionsId: 'ACT_LOG',
    Overwrite: true,
    Actions: [{ Identifier: '*log' }],
  });
  await ok(b, 'APIerSv1.SetThresholdProfile', {
    ID: 'TH_SQ1',
    FilterIDs: ['*string:~*req.StatID:SQ1'],
    MaxHits: -1,
    ActionIDs: ['ACT_LOG'],
  });
  return b;
}

/**
 * Two engines: A's StatS sends StatUpdate events to B's ThresholdS over TCP
 * (`stats.thresholds_conns: ["127.0.0.1:<B>"]`). Killing B makes A answer PARTIALLY_EXECUTED without
 * slowing A down; restarting B restores delivery.
 */
describe('StatS on engine A → ThresholdS on engine B', () => {
  let dir: string;
  let b: ChildProcess | undefined;
  let a: RunningEngine | undefined;
  const clients: RpcClient[] = [];

  beforeAll(() => {
    // Build once; type errors elsewhere in a tree being edited do not stop tsc from emitting.
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    if (!existsSync(CLI)) throw new Error(`build did not produce ${CLI}`);
    dir = mkdtempSync(join(tmpdir(), 'statqueue-ab-'));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await a?.close();
    if (b !== undefined) await kill(b);
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers, degrades to PARTIALLY_EXECUTED while B is down, and recovers', async () => {
    const first = await startB(dir, '127.0.0.1:0');
    b = first.child;
    const bPort = first.port;
    let bClient = await provisionB(bPort);
    clients.push(bClient);

    a = await startStatQueue(
      {
        listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' },
        stats: { thresholds_conns: [`127.0.0.1:${bPort}`], thresholds_timeout: '2s' },
        series: { enabled: false },
      },
      { logger: pino({ level: 'silent' }) },
    );
    const aClient = await RpcClient.connect(a.tcpPort);
    clients.push(aClient);
    await ok(aClient, 'APIerSv1.SetStatQueueProfile', {
      ID: 'SQ1',
      FilterIDs: ['*string:~*req.Kind:remote'],
      QueueLength: 100,
      Metrics: [{ MetricID: '*tcc' }],
    });
    await ok(aClient, 'APIerSv1.SetStatQueueProfile', {
      ID: 'SQ_LOCAL',
      FilterIDs: ['*string:~*req.Kind:local'],
      QueueLength: 100,
      Metrics: [{ MetricID: '*tcc' }],
      ThresholdIDs: ['*none'],
    });
    const event = (id: string, kind = 'remote'): Record<string, unknown> => ({
      Tenant: 'cgrates.org',
      ID: id,
      Event: { Cost: 1, Kind: kind },
    });

    expect(await aClient.call('StatSv1.ProcessEvent', event('e1'))).toEqual({ result: ['SQ1'], error: null });
    expect(
      ((await ok(bClient, 'ThresholdSv1.GetThreshold', { ID: 'TH_SQ1' })) as Record<string, unknown>)['Hits'],
    ).toBe(1);

    await kill(b);
    for (let i = 0; i < 5; i++) {
      const startedMs = performance.now();
      expect(await aClient.call('StatSv1.ProcessEvent', event(`down${i}`))).toEqual({
        result: null,
        error: 'PARTIALLY_EXECUTED',
      });
      // fails fast: no waiting for the 2s timeout
      expect(performance.now() - startedMs).toBeLessThan(1000);
    }
    // events whose queues notify no ThresholdS are not affected at all, even sent alongside
    const startedMs = performance.now();
    const [remote, local] = await Promise.all([
      aClient.call('StatSv1.ProcessEvent', event('mixed-remote')),
      aClient.call('StatSv1.ProcessEvent', event('mixed-local', 'local')),
    ]);
    expect(remote).toEqual({ result: null, error: 'PARTIALLY_EXECUTED' });
    expect(local).toEqual({ result: ['SQ_LOCAL'], error: null });
    expect(performance.now() - startedMs).toBeLessThan(1000);
    // metrics were updated for every event, delivered or not
    expect(await aClient.call('StatSv1.GetQueueFloatMetrics', { ID: 'SQ1' })).toEqual({
      result: { '*tcc': 7 },
      error: null,
    });

    const second = await startB(dir, `127.0.0.1:${bPort}`);
    b = second.child;
    bClient = await provisionB(bPort);
    clients.push(bClient);
    let reply = await aClient.call('StatSv1.ProcessEvent', event('back0'));
    for (let i = 1; i < 200 && reply.error !== null; i++) {
      await new Promise((r) => setTimeout(r, 25));
      reply = await aClient.call('StatSv1.ProcessEvent', event(`back${i}`));
    }
    expect(reply).toEqual({ result: ['SQ1'], error: null });
    expect(
      ((await ok(bClient, 'ThresholdSv1.GetThreshold', { ID: 'TH_SQ1' })) as Record<string, unknown>)['Hits'],
    ).toBe(1);
  }, 60_000);
});
