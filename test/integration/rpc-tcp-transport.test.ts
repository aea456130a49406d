import { connect as netConnect } from 'node:net';
import { createLogger } from '../../src/log';
import type { Logger } from '../../src/log';
import { Dispatcher } from '../../src/rpc/dispatcher';
import type { RpcHandler } from '../../src/rpc/method-table';
import { startTcpServer } from '../../src/rpc/tcp-transport';
import type { TcpServer, TcpServerOptions } from '../../src/rpc/tcp-transport';
import { CGRError } from '../../src/util/cgr-error';
import { RawTcpClient, RpcClient } from '../helpers/rpc-client';

/** Handlers that block until the test releases them, to control completion order without sleeping. */
class Gates {
  private readonly gates = new Map<string, { release: (v: unknown) => void; promise: Promise<unknown> }>();
  private readonly entered = new Map<string, { resolve: () => void; promise: Promise<void> }>();

  wait(name: string): Promise<unknown> {
    this.enteredSignal(name).resolve();
    return this.gate(name).promise;
  }

  /** Resolves once a handler is waiting on `name`. */
  whenEntered(name: string): Promise<void> {
    return this.enteredSignal(name).promise;
  }

  release(name: string, value: unknown = name): void {
    this.gate(name).release(value);
  }

  private gate(name: string): { release: (v: unknown) => void; promise: Promise<unknown> } {
    let g = this.gates.get(name);
    if (g === undefined) {
      let release!: (v: unknown) => void;
      const promise = new Promise<unknown>((resolve) => (release = resolve));
      g = { release, promise };
      this.gates.set(name, g);
    }
    return g;
  }

  private enteredSignal(name: string): { resolve: () => void; promise: Promise<void> } {
    let e = this.entered.get(name);
    if (e === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      e = { resolve, promise };
      this.entered.set(name, e);
    }
    return e;
  }
}

interface Fixture {
  server: TcpServer;
  port: number;
  gates: Gates;
  counter: { value: number };
  logs: Record<string, unknown>[];
}

function methodTable(gates: Gates, counter: { value: number }): Map<string, RpcHandler> {
  return new Map<string, RpcHandler>([
    ['Test.Echo', (arg) => arg ?? 'no-arg'],
    [
      'Test.NotFound',
      () => {
        throw new CGRError('NOT_FOUND');
      },
    ],
    [
      'Test.Boom',
      () => {
        throw new Error('kaboom');
      },
    ],
    ['Test.Wait', (arg) => gates.wait(String(arg))],
    ['Test.Count', () => ++counter.value],
    ['Test.Big', (arg) => 'x'.repeat(Number(arg))],
  ]);
}

function captureLogger(logs: Record<string, unknown>[]): Logger {
  return createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
}

const servers: TcpServer[] = [];
const clients: { destroy(): void }[] = [];

async function startFixture(
  overrides: Partial<Omit<TcpServerOptions, 'dispatcher' | 'logger'>> = {},
): Promise<Fixture> {
  const gates = new Gates();
  const counter = { value: 0 };
  const logs: Record<string, unknown>[] = [];
  const logger = captureLogger(logs);
  const dispatcher = new Dispatcher(methodTable(gates, counter), { logger, apiKey: '' });
  const server = await startTcpServer({
    host: '127.0.0.1',
    port: 0,
    dispatcher,
    maxRequestBytes: 64 * 1024,
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    logger,
    ...overrides,
  });
  servers.push(server);
  return { server, port: server.address().port, gates, counter, logs };
}

async function raw(port: number): Promise<RawTcpClient> {
  const c = await RawTcpClient.connect(port);
  clients.push(c);
  return c;
}

async function rpc(port: number): Promise<RpcClient> {
  const c = await RpcClient.connect(port);
  clients.push({ destroy: () => void c.close() });
  return c;
}

/** Waits (without sleeping) until `cond` holds, yielding to the event loop between checks. */
async function until(cond: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function req(method: string, arg: unknown, id: unknown): string {
  return JSON.stringify({ method, params: [arg], id });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close(1000)));
});

describe('TCP transport', () => {
  it('answers v1 calls: results, CGRateS errors, unexpected errors', async () => {
    const { port } = await startFixture();
    const client = await rpc(port);
    await expect(client.call('Test.Echo', { Tenant: 'cgrates.org' })).resolves.toEqual({
      result: { Tenant: 'cgrates.org' },
      error: null,
    });
    await expect(client.call('Test.NotFound', {})).resolves.toEqual({ result: null, error: 'NOT_FOUND' });
    await expect(client.call('Test.Boom', {})).resolves.toEqual({
      result: null,
      error: 'SERVER_ERROR: kaboom',
    });
    await expect(client.call('StatSv1.Ping', {})).resolves.toEqual({
      result: null,
      error: "rpc: can't find service StatSv1.Ping",
    });
  });

  it('writes each reply as Go does: {"id","result","error"} followed by a newline', async () => {
    const { port } = await startFixture();
    const client = await raw(port);
    const bytes: Buffer[] = [];
    client.raw.on('data', (b: Buffer | string) => bytes.push(Buffer.from(b)));
    await client.write(req('Test.Echo', 'a', 0));
    await client.readReplies(1);
    expect(Buffer.concat(bytes).toString()).toBe('{"id":0,"result":"a","error":null}\n');
  });

  it('answers 1000 pipelined back-to-back requests on one connection', async () => {
    const { port, counter } = await startFixture();
    const client = await raw(port);
    let payload = '';
    for (let i = 0; i < 1000; i++) payload += req('Test.Count', {}, i);
    await client.write(payload);
    const replies = await client.readReplies(1000);
    expect(replies.map((r) => r['id'])).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new Set(replies.map((r) => r['result'])).size).toBe(1000);
    expect(counter.value).toBe(1000);
  });

  it('reads newline-free, pretty-printed and arbitrarily split requests', async () => {
    const { port } = await startFixture();
    const client = await raw(port);
    const pretty = JSON.stringify({ method: 'Test.Echo', params: ['é€𝄞 "}{"'], id: 'p' }, null, 2);
    const bytes = Buffer.from(`${req('Test.Echo', 1, 1)}${pretty}\n\n${req('Test.Echo', 2, 2)}`);
    // Cut inside the multi-byte characters and the escapes.
    const cuts = [5, bytes.indexOf('€') + 1, bytes.indexOf('\\') + 1, bytes.length - 3];
    let prev = 0;
    for (const cut of cuts) {
      await client.write(bytes.subarray(prev, cut));
      prev = cut;
    }
    await client.write(bytes.subarray(prev));
    expect(await client.readReplies(3)).toEqual([
      { id: 1, result: 1, error: null },
      { id: 'p', result: 'é€𝄞 "}{"', error: null },
      { id: 2, result: 2, error: null },
    ]);
  });

  it('answers JSON-RPC 2.0 requests and batches in 2.0 form', async () => {
    const { port } = await startFixture();
    const client = await raw(port);
    await client.write(
      JSON.stringify({ jsonrpc: '2.0', method: 'Test.NotFound', params: [{}], id: 'a' }) +
        JSON.stringify([
          { jsonrpc: '2.0', method: 'Test.Echo', params: { ID: 1 }, id: 'b' },
          { jsonrpc: '2.0', method: 'Test.Echo', params: [2] },
        ]),
    );
    expect(await client.readReplies(2)).toEqual([
      { jsonrpc: '2.0', id: 'a', error: { code: -32000, message: 'NOT_FOUND' } },
      [{ jsonrpc: '2.0', id: 'b', result: { ID: 1 } }],
    ]);
  });

  it('sends replies out of order when an earlier request is slower', async () => {
    const { port, gates } = await startFixture();
    const client = await rpc(port);
    const order: string[] = [];
    const slow = client.call('Test.Wait', 'A').then((r) => order.push(`slow:${String(r.result)}`));
    await gates.whenEntered('A');
    const fast = client.call('Test.Echo', 'B').then((r) => order.push(`fast:${String(r.result)}`));
    await fast;
    gates.release('A');
    await slow;
    expect(order).toEqual(['fast:B', 'slow:A']);
  });

  it('keeps answering after the client half-closes (FIN after the last request)', async () => {
    const { port, gates } = await startFixture();
    const client = await raw(port);
    await client.write(req('Test.Wait', 'H', 1) + req('Test.Echo', 'x', 2));
    client.end();
    await gates.whenEntered('H');
    gates.release('H', 'late');
    expect(await client.readReplies(2)).toEqual([
      { id: 2, result: 'x', error: null },
      { id: 1, result: 'late', error: null },
    ]);
    await client.closed;
  });

  describe('bad input closes only its own connection', () => {
    it.each([
      [
        'an oversized frame',
        `{"method":"Test.Echo","params":["${'x'.repeat(2000)}"],"id":1}`,
        'SERVER_ERROR: request exceeds max_request_bytes (1024)',
      ],
      ['malformed JSON', '{"method":}', /^SERVER_ERROR: malformed JSON: /],
      [
        'top-level garbage',
        'abc',
        "SERVER_ERROR: malformed JSON: invalid character 'a' at offset 0, expected '{' or '['",
      ],
      [
        'a bare number',
        '42 ',
        "SERVER_ERROR: malformed JSON: invalid character '4' at offset 0, expected '{' or '['",
      ],
      ['an HTTP request on the TCP port', 'GET / HTTP/1.1\r\n\r\n', /invalid character 'G'/],
    ])('%s: one error reply with id null, then close; others unaffected', async (_name, input, text) => {
      const { server, port, logs } = await startFixture({ maxRequestBytes: 1024 });
      const healthy = await rpc(port);
      await expect(healthy.call('Test.Echo', 'before')).resolves.toEqual({ result: 'before', error: null });
      const bad = await raw(port);
      await bad.write(input);
      const [reply] = await bad.readReplies(1);
      const error = typeof text === 'string' ? text : (expect.stringMatching(text) as unknown);
      expect(reply).toEqual({ id: null, result: null, error });
      await bad.closed;
      expect(bad.endedByServer).toBe(true);
      await expect(healthy.call('Test.Echo', 'after')).resolves.toEqual({ result: 'after', error: null });
      await until(() => server.connectionCount() === 1, 'the bad connection to go');
      expect(logs.filter((l) => l['msg'] === 'closing connection after a framing error')).toHaveLength(1);
    });

    it('answers the requests before the bad bytes', async () => {
      const { port } = await startFixture();
      const bad = await raw(port);
      await bad.write(`${req('Test.Echo', 1, 1)}${req('Test.Echo', 2, 2)}}`);
      expect(await bad.readReplies(3)).toEqual([
        { id: 1, result: 1, error: null },
        { id: 2, result: 2, error: null },
        { id: null, result: null, error: expect.stringMatching(/^SERVER_ERROR: malformed JSON/) as unknown },
      ]);
      await bad.closed;
    });
  });

  it('survives a half-sent request followed by a disconnect', async () => {
    const { server, port } = await startFixture();
    const client = await raw(port);
    await client.write('{"method":"Test.Echo","params":["abc');
    await until(() => server.connectionCount() === 1, 'the connection to be accepted');
    client.destroy();
    await client.closed;
    await until(() => server.connectionCount() === 0, 'the connection to close');
    const other = await rpc(port);
    await expect(other.call('Test.Echo', 1)).resolves.toEqual({ result: 1, error: null });
  });

  it('survives a client that disconnects while its reply is being written', async () => {
    const { server, port } = await startFixture({ maxRequestBytes: 1024 });
    const client = await raw(port);
    const firstBytes = new Promise<void>((resolve) => client.raw.once('data', () => resolve()));
    await client.write(req('Test.Big', 8 * 1024 * 1024, 1) + req('Test.Big', 8 * 1024 * 1024, 2));
    await firstBytes;
    client.destroy();
    await client.closed;
    await until(() => server.connectionCount() === 0, 'the connection to close');
    const other = await rpc(port);
    await expect(other.call('Test.Echo', 'still here')).resolves.toEqual({
      result: 'still here',
      error: null,
    });
  });

  it('stops reading from a client that does not read its replies, without blocking others', async () => {
    const { port, counter } = await startFixture();
    const greedy = await raw(port);
    greedy.raw.pause();
    // 24 MB of replies: more than the kernel buffers hold, so the server's write reports backpressure.
    const big = 8 * 1024 * 1024;
    await greedy.write(
      req('Test.Big', big, 'b1') +
        req('Test.Big', big, 'b2') +
        req('Test.Big', big, 'b3') +
        req('Test.Count', {}, 'c0'),
    );
    await until(() => counter.value === 1, 'the first requests to be read');
    let more = '';
    for (let i = 1; i <= 50; i++) more += req('Test.Count', {}, `c${i}`);
    await greedy.write(more);
    const other = await rpc(port);
    await expect(other.call('Test.Echo', 'ok')).resolves.toEqual({ result: 'ok', error: null });
    await expect(other.call('Test.Echo', 'ok')).resolves.toEqual({ result: 'ok', error: null });
    // The server stopped reading the greedy connection: its later requests have not run.
    expect(counter.value).toBe(1);
    greedy.raw.resume();
    const replies = await greedy.readReplies(54);
    expect(replies.map((r) => r['id'])).toEqual([
      'b1',
      'b2',
      'b3',
      ...Array.from({ length: 51 }, (_, i) => `c${i}`),
    ]);
    expect(counter.value).toBe(51);
  });

  it('refuses connections over max_connections immediately, logging once per burst', async () => {
    const { server, port, logs } = await startFixture({ maxConnections: 2 });
    const a = await rpc(port);
    const b = await raw(port);
    await until(() => server.connectionCount() === 2, 'two connections');
    const refused = await Promise.all([raw(port), raw(port), raw(port)]);
    await Promise.all(refused.map((c) => c.closed));
    await expect(a.call('Test.Echo', 'a')).resolves.toEqual({ result: 'a', error: null });
    expect(logs.filter((l) => l['msg'] === 'max_connections reached, refusing new connections')).toHaveLength(
      1,
    );
    b.destroy();
    await until(() => server.connectionCount() === 1, 'a free slot');
    const c = await rpc(port);
    await expect(c.call('Test.Echo', 'c')).resolves.toEqual({ result: 'c', error: null });
  });

  it('closes idle connections after idleTimeoutMs', async () => {
    const { server, port } = await startFixture({ idleTimeoutMs: 100 });
    const idle = await raw(port);
    await idle.closed;
    await until(() => server.connectionCount() === 0, 'the idle connection to go');
  });

  it('does not close a connection whose request is still running when it goes idle', async () => {
    const { port, gates } = await startFixture({ idleTimeoutMs: 50 });
    const client = await rpc(port);
    const slow = client.call('Test.Wait', 'I');
    await gates.whenEntered('I');
    // Wait on a second, independent idle connection to be closed: the timeout has surely passed.
    const witness = await raw(port);
    await witness.closed;
    gates.release('I', 'done');
    await expect(slow).resolves.toEqual({ result: 'done', error: null });
  });

  describe('close()', () => {
    it('stops accepting, finishes and flushes in-flight requests, then closes', async () => {
      const { server, port, gates } = await startFixture();
      const client = await rpc(port);
      const inFlight = client.call('Test.Wait', 'G');
      await gates.whenEntered('G');
      const closing = server.close(5000);
      await expect(
        new Promise((resolve, reject) => {
          const s = netConnect({ port, host: '127.0.0.1' });
          s.on('connect', () => {
            s.destroy();
            reject(new Error('connected during shutdown'));
          });
          s.on('error', resolve);
        }),
      ).resolves.toMatchObject({ code: 'ECONNREFUSED' });
      gates.release('G', 'finished');
      await expect(inFlight).resolves.toEqual({ result: 'finished', error: null });
      await closing;
      expect(server.connectionCount()).toBe(0);
    });

    it('destroys connections still busy after the drain timeout', async () => {
      const { server, port, gates } = await startFixture();
      const client = await raw(port);
      await client.write(req('Test.Wait', 'never', 1));
      await gates.whenEntered('never');
      await server.close(50);
      await client.closed;
      expect(server.connectionCount()).toBe(0);
    });
  });

  it('survives every bad input at once while a healthy connection keeps working', async () => {
    const { server, port } = await startFixture({ maxRequestBytes: 4096 });
    const healthy = await rpc(port);
    const deep = '['.repeat(2000) + ']'.repeat(2000);
    const inputs: (string | Buffer)[] = [
      'abc',
      '{"method":}',
      '{"method":"Test.Echo","params":["' + 'x'.repeat(5000) + '"],"id":1}',
      '"just a string"',
      '12345',
      'null',
      Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      Buffer.from('{"method":"Test.Echo","params":["\xff\xfe"],"id":1}', 'latin1'),
      '{"method":"Test.Boom","params":[{}],"id":{"nested":[1,2,3]}}',
      '{"method":"Nope","params":{},"id":1}{"method":"Test.Echo","params":{"a":1},"id":2}',
      '[]',
      JSON.stringify(
        Array.from({ length: 1001 }, (_, i) => ({ jsonrpc: '2.0', method: 'Test.Echo', params: [i], id: i })),
      ).slice(0, 4000),
      deep,
      '{"method":"Test.Echo","params":[1],"id":1',
      '\u0000\u0001\u0002',
      'GET /jsonrpc HTTP/1.1\r\nHost: x\r\n\r\n',
      '}}}]]]',
      '{"__proto__":{"polluted":true},"method":"Test.Echo","params":[{"__proto__":{"x":1}}],"id":1}',
    ];
    const bad = await Promise.all(inputs.map(() => raw(port)));
    await Promise.all(bad.map((c, i) => c.write(inputs[i] as string | Buffer).catch(() => undefined)));
    // Half of them disconnect abruptly, the others wait for the server to act.
    bad.forEach((c, i) => {
      if (i % 2 === 0) c.destroy();
      else c.end();
    });
    await Promise.all(bad.map((c) => c.closed));
    await until(() => server.connectionCount() === 1, 'only the healthy connection to remain');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    for (let i = 0; i < 10; i++)
      await expect(healthy.call('Test.Echo', i)).resolves.toEqual({ result: i, error: null });
  });
});
