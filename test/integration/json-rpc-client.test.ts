import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { JsonStreamFramer } from '../../src/rpc/json-stream-framer';
import {
  ConnectionState,
  JsonRpcClient,
  RpcTransportError,
  parseHostPort,
} from '../../src/rpc/json-rpc-client';
import { CGRError } from '../../src/util/cgr-error';

type Handler = (
  req: { method: string; params: unknown[]; id: unknown },
  reply: (result: unknown, error?: string) => void,
) => void;

/** A raw JSON-RPC 1.0 TCP server whose behaviour each test scripts. */
class ScriptedServer {
  readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  handler: Handler = (req, reply) => reply(req.params[0]);
  requests = 0;

  async start(port = 0): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      const framer = new JsonStreamFramer({ maxFrameBytes: 1 << 20 });
      socket.on('data', (chunk: Buffer) => {
        framer.push(chunk, (value) => {
          this.requests++;
          const req = value as { method: string; params: unknown[]; id: unknown };
          this.handler(req, (result, error) => {
            if (!socket.destroyed)
              socket.write(
                JSON.stringify({
                  id: req.id,
                  result: error === undefined ? result : null,
                  error: error ?? null,
                }) + '\n',
              );
          });
        });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port }, resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function untilState(
  client: JsonRpcClient,
  states: ConnectionState[],
  seen: ConnectionState[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (states.includes(client.state)) resolve();
      else if (Date.now() - started > 5000)
        reject(new Error(`state stayed ${client.state}, seen ${seen.join(',')}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('JsonRpcClient', () => {
  let server: ScriptedServer;
  let client: JsonRpcClient | undefined;
  const seen: ConnectionState[] = [];

  beforeEach(() => {
    server = new ScriptedServer();
    seen.length = 0;
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.stop();
  });

  function connectTo(
    port: number,
    extra: Partial<ConstructorParameters<typeof JsonRpcClient>[0]> = {},
  ): JsonRpcClient {
    client = new JsonRpcClient({
      address: `127.0.0.1:${port}`,
      callTimeoutMs: 2000,
      reconnectMinMs: 20,
      reconnectMaxMs: 50,
      onStateChange: (s) => seen.push(s),
      ...extra,
    });
    return client;
  }

  it('parses host:port addresses', () => {
    expect(parseHostPort('127.0.0.1:2012')).toEqual({ host: '127.0.0.1', port: 2012 });
    expect(parseHostPort('[::1]:2012')).toEqual({ host: '::1', port: 2012 });
    expect(parseHostPort(':2012')).toEqual({ host: '127.0.0.1', port: 2012 });
    expect(() => parseHostPort('localhost')).toThrow('invalid address <localhost>, expected host:port');
  });

  it('pipelines calls and matches replies by id, in any order', async () => {
    const held: (() => void)[] = [];
    server.handler = (req, reply) => {
      held.push(() => reply(`${req.method}:${String(req.params[0])}`));
      if (held.length === 3) for (const r of held.reverse()) r();
    };
    const c = connectTo(await server.start());
    // issued before the connection is up: they wait for the first attempt
    const replies = await Promise.all([c.call('S.A', 1), c.call('S.B', 2), c.call('S.C', 3)]);
    expect(replies).toEqual(['S.A:1', 'S.B:2', 'S.C:3']);
    expect(c.state).toBe(ConnectionState.CONNECTED);
    expect(c.pendingCalls).toBe(0);
  });

  it('rejects with the server error string as a CGRError', async () => {
    server.handler = (_req, reply) => reply(null, 'NOT_FOUND');
    const c = connectTo(await server.start());
    const err = await failureOf(c.call('ThresholdSv1.ProcessEvent', {}));
    expect(err).toBeInstanceOf(CGRError);
    expect(err).not.toBeInstanceOf(RpcTransportError);
    expect(err.message).toBe('NOT_FOUND');
  });

  it('times a call out, drops its late reply, and keeps serving others', async () => {
    let late: (() => void) | undefined;
    server.handler = (req, reply) => {
      if (req.method === 'S.Hang') late = () => reply('late');
      else reply('ok');
    };
    const c = connectTo(await server.start(), { callTimeoutMs: 100 });
    const err = await failureOf(c.call('S.Hang', null));
    expect(err).toBeInstanceOf(RpcTransportError);
    expect(err.message).toBe('REPLY_TIMEOUT');
    late?.();
    await expect(c.call('S.Ok', null)).resolves.toBe('ok');
  });

  it('bounds the calls waiting for replies', async () => {
    server.handler = () => undefined;
    const c = connectTo(await server.start(), { maxPending: 2, callTimeoutMs: 200 });
    const a = failureOf(c.call('S.A', null));
    const b = failureOf(c.call('S.B', null));
    const err = await failureOf(c.call('S.C', null));
    expect(err.message).toBe('MAX_CONCURRENT_RPC_EXCEEDED');
    expect((await a).message).toBe('REPLY_TIMEOUT');
    expect((await b).message).toBe('REPLY_TIMEOUT');
  });

  it('fails fast while the server is down', async () => {
    const port = await server.start();
    await server.stop();
    const c = connectTo(port, { reconnectMinMs: 1000, reconnectMaxMs: 1000 });
    const first = await failureOf(c.call('S.A', null));
    expect(first.message).toBe('DISCONNECTED');
    expect(c.state).toBe(ConnectionState.DISCONNECTED);
    const startedMs = performance.now();
    const second = await failureOf(c.call('S.A', null));
    expect(second).toBeInstanceOf(RpcTransportError);
    expect(performance.now() - startedMs).toBeLessThan(50);
  });

  it('fails in-flight calls when the connection drops and reconnects when the server is back', async () => {
    server.handler = (req, reply) => {
      if (req.method !== 'S.Hang') reply('ok');
    };
    const port = await server.start();
    const c = connectTo(port);
    await expect(c.call('S.Ok', null)).resolves.toBe('ok');
    const inFlight = failureOf(c.call('S.Hang', null));
    await server.stop();
    expect((await inFlight).message).toBe('DISCONNECTED');
    await untilState(c, [ConnectionState.DISCONNECTED], seen);
    expect((await failureOf(c.call('S.Ok', null))).message).toBe('DISCONNECTED');

    await server.start(port);
    await untilState(c, [ConnectionState.CONNECTED], seen);
    await expect(c.call('S.Ok', null)).resolves.toBe('ok');
    expect(seen).toContain(ConnectionState.DISCONNECTED);
  });

  it('fails pending calls on close and refuses new ones', async () => {
    server.handler = () => undefined;
    const c = connectTo(await server.start());
    const pending = failureOf(c.call('S.Hang', null));
    await untilState(c, [ConnectionState.CONNECTED], seen);
    await c.close();
    expect((await pending).message).toBe('DISCONNECTED');
    const err = (await failureOf(c.call('S.A', null))) as RpcTransportError;
    expect(err.detail).toBe('client closed');
    expect(c.state).toBe(ConnectionState.CLOSED);
  });
});
