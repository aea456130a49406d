import pino from 'pino';
import { startStatQueue } from '../../src/main';
import type { RunningEngine } from '../../src/main';
import type { ConfigInput } from '../../src/config/schema';
import { RpcClient, httpCall } from '../helpers/rpc-client';

const logger = pino({ level: 'silent' });
const PORTS = { listen: { rpc_json: '127.0.0.1:0', http: '127.0.0.1:0' } } as const;

async function withEngine(
  config: ConfigInput,
  run: (e: RunningEngine, c: RpcClient) => Promise<void>,
): Promise<void> {
  const engine = await startStatQueue(
    { ...config, listen: { ...PORTS.listen, ...config.listen } },
    { logger },
  );
  const client = await RpcClient.connect(engine.tcpPort);
  try {
    await run(engine, client);
  } finally {
    await client.close();
    await engine.close();
  }
}

describe('engine configuration seen over the wire', () => {
  it('leaves a disabled service out, with the text CGRateS clients fail over on', async () => {
    await withEngine({ stats: { enabled: false }, thresholds: { enabled: false } }, async (_e, c) => {
      expect(await c.call('StatSv1.Ping', {})).toEqual({
        result: null,
        error: "rpc: can't find service StatSv1.Ping",
      });
      expect(await c.call('ThresholdSv1.Ping', {})).toEqual({
        result: null,
        error: "rpc: can't find service ThresholdSv1.Ping",
      });
      expect(await c.call('APIerSv1.Ping', {})).toEqual({ result: 'Pong', error: null });
    });
  });

  it('refuses calls without the api key on TCP and HTTP, and accepts them with it', async () => {
    await withEngine({ listen: { api_key: 's3cret' } }, async (e, c) => {
      expect(await c.call('StatSv1.Ping', {})).toEqual({ result: null, error: 'UNAUTHORIZED' });
      expect(await c.call('StatSv1.Ping', { APIOpts: { '*apiKey': 's3cret' } })).toEqual({
        result: 'Pong',
        error: null,
      });
      expect(await httpCall(e.httpPort, 'StatSv1.Ping', {})).toMatchObject({ error: 'UNAUTHORIZED' });
      expect(
        await httpCall(e.httpPort, 'StatSv1.Ping', {}, { Authorization: 'Bearer s3cret' }),
      ).toMatchObject({ result: 'Pong', error: null });
    });
  });

  it('applies general.default_tenant and rounding_decimals', async () => {
    await withEngine({ general: { default_tenant: 'acme.net', rounding_decimals: 2 } }, async (_e, c) => {
      await c.call('APIerSv1.SetStatQueueProfile', { ID: 'Q', Metrics: [{ MetricID: '*asr' }] });
      for (const answered of [true, false, false]) {
        await c.call('StatSv1.ProcessEvent', {
          ID: `e${String(answered)}${Math.random()}`,
          Event: answered ? { AnswerTime: '2026-11-22T10:00:00Z' } : {},
        });
      }
      expect(await c.call('StatSv1.GetQueueStringMetrics', { Tenant: 'acme.net', ID: 'Q' })).toEqual({
        result: { '*asr': '33.33%' },
        error: null,
      });
      expect(await c.call('StatSv1.GetQueueIDs', {})).toEqual({ result: ['Q'], error: null });
    });
  });
});
