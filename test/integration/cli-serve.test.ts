import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, startEngineProcess } from '../helpers/engine-process';
import { RpcClient, httpCall } from '../helpers/rpc-client';

describe('statqueue serve', () => {
  beforeAll(() => ensureBuilt());

  it('listens on TCP and HTTP, answers Ping, and exits 0 on SIGTERM after finishing', async () => {
    const engine = await startEngineProcess({ listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' } });
    const client = await RpcClient.connect(engine.tcpPort);
    expect(await client.call('StatSv1.Ping', {})).toEqual({ result: 'Pong', error: null });
    expect(await httpCall(engine.httpPort, 'StatSv1.Ping', {})).toMatchObject({
      status: 200,
      result: 'Pong',
    });
    await client.close();
    engine.child.kill('SIGTERM');
    expect(await engine.exited).toEqual({ code: 0, signal: null });
    expect(engine.lines.some((l) => l.includes('StatQueue stopped'))).toBe(true);
  });

  it('refuses an invalid config with exit code 2 and names the unknown key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statqueue-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ stats: { store_intervall: '1s' } }));
    const out = spawnSync(process.execPath, [CLI, 'serve', '--config', file], { encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('/stats/store_intervall: unknown key');
  });
});
