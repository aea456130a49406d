import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { createLogger } from '../../src/log';
import type { Logger } from '../../src/log';
import { Dispatcher } from '../../src/rpc/dispatcher';
import { startHttpServer } from '../../src/rpc/http-transport';
import type { HttpRoute, HttpServer, HttpServerOptions } from '../../src/rpc/http-transport';
import type { RpcHandler } from '../../src/rpc/method-table';
import { CGRError } from '../../src/util/cgr-error';
import { RawTcpClient, httpCall, httpRequestRaw, parseReplyLines } from '../helpers/rpc-client';

/** A handler that blocks until released, and a signal that it started. */
class Gate {
  readonly entered: Promise<void>;
  private signalEntered!: () => void;
  private readonly released: Promise<unknown>;
  private doRelease!: (v: unknown) => void;

  constructor() {
    this.entered = new Promise((r) => (this.signalEntered = r));
    this.released = new Promise((r) => (this.doRelease = r));
  }

  wait(): Promise<unknown> {
    this.signalEntered();
    return this.released;
  }

  release(value: unknown): void {
    this.doRelease(value);
  }
}

interface Fixture {
  server: HttpServer;
  port: number;
  gate: Gate;
  logs: Record<string, unknown>[];
}

function captureLogger(logs: Record<string, unknown>[]): Logger {
  return createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
}

const servers: HttpServer[] = [];
const rawClients: RawTcpClient[] = [];

async function startFixture(
  overrides: Partial<Omit<HttpServerOptions, 'dispatcher' | 'logger'>> = {},
): Promise<Fixture> {
  const gate = new Gate();
  const logs: Record<string, unknown>[] = [];
  const logger = captureLogger(logs);
  const table = new Map<string, RpcHandler>([
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
    ['Test.Wait', () => gate.wait()],
    ['Test.Ctx', (_arg, ctx) => ({ ...ctx })],
  ]);
  const dispatcher = new Dispatcher(table, { logger, apiKey: overrides.apiKey ?? '' });
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    rpcPath: '/jsonrpc',
    dispatcher,
    maxRequestBytes: 64 * 1024,
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    apiKey: '',
    logger,
    ...overrides,
  });
  servers.push(server);
  return { server, port: server.address().port, gate, logs };
}

async function raw(port: number): Promise<RawTcpClient> {
  const c = await RawTcpClient.connect(port);
  rawClients.push(c);
  return c;
}

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
  for (const c of rawClients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close(1000)));
});

describe('HTTP transport', () => {
  it('answers a v1 call with 200, application/json and one line', async () => {
    const { port } = await startFixture();
    const res = await httpRequestRaw(port, { body: req('Test.Echo', { a: 1 }, 1) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toBe('{"id":1,"result":{"a":1},"error":null}\n');
  });

  it('answers RPC errors with HTTP 200 too', async () => {
    const { port } = await startFixture();
    await expect(httpCall(port, 'Test.NotFound', {})).resolves.toEqual({
      status: 200,
      id: 1,
      result: null,
      error: 'NOT_FOUND',
    });
    await expect(httpCall(port, 'Test.Boom', {})).resolves.toMatchObject({
      status: 200,
      error: 'SERVER_ERROR: kaboom',
    });
    await expect(httpCall(port, 'Nope.X', {})).resolves.toMatchObject({
      status: 200,
      error: "rpc: can't find service Nope.X",
    });
  });

  it('answers a request without id (py-cgrates) with id null', async () => {
    const { port } = await startFixture();
    const res = await httpRequestRaw(port, { body: JSON.stringify({ method: 'Test.Echo', params: ['x'] }) });
    expect(parseReplyLines(res.body)).toEqual([{ id: null, result: 'x', error: null }]);
  });

  it.each([
    ['application/json', { 'Content-Type': 'application/json' }],
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['form-encoded', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['no content type', { 'Content-Type': '' }],
  ])('accepts any content type (%s)', async (_name, headers) => {
    const { port } = await startFixture();
    const res = await httpRequestRaw(port, { body: req('Test.Echo', 1, 1), headers });
    expect(res.status).toBe(200);
    expect(parseReplyLines(res.body)).toEqual([{ id: 1, result: 1, error: null }]);
  });

  it('answers several concatenated requests in one body, in completion order', async () => {
    const { port, gate } = await startFixture();
    const pending = httpRequestRaw(port, {
      body: `${req('Test.Wait', null, 'slow')}\n${req('Test.Echo', 'a', 'a')}${req('Test.Echo', 'b', 'b')}`,
    });
    await gate.entered;
    gate.release('late');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(parseReplyLines(res.body).map((r) => r['id'])).toEqual(['a', 'b', 'slow']);
    expect(res.body.endsWith('\n')).toBe(true);
  });

  it('reads a chunked body split inside a value', async () => {
    const { port } = await startFixture();
    const body = req('Test.Echo', 'é€𝄞', 1);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = httpRequest(
        { host: '127.0.0.1', port, path: '/jsonrpc', method: 'POST', agent: false },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (c: string) => (text += c));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      r.on('error', reject);
      const bytes = Buffer.from(body);
      const cut = bytes.indexOf(Buffer.from('€')) + 1;
      r.write(bytes.subarray(0, cut));
      r.end(bytes.subarray(cut));
    });
    expect(parseReplyLines(res.body)).toEqual([{ id: 1, result: 'é€𝄞', error: null }]);
  });

  it('answers JSON-RPC 2.0 requests and batches in 2.0 form', async () => {
    const { port } = await startFixture();
    const res = await httpRequestRaw(port, {
      body:
        JSON.stringify({ jsonrpc: '2.0', id: 'u', method: 'Test.NotFound', params: [{}] }) +
        JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'Test.Echo', params: { ID: 'x' } },
          { jsonrpc: '2.0', method: 'Test.Echo', params: [1] },
        ]),
    });
    expect(parseReplyLines(res.body)).toEqual([
      { jsonrpc: '2.0', id: 'u', error: { code: -32000, message: 'NOT_FOUND' } },
      [{ jsonrpc: '2.0', id: 1, result: { ID: 'x' } }],
    ]);
  });

  it('answers a body of notifications only with an empty 200', async () => {
    const { port } = await startFixture();
    const res = await httpRequestRaw(port, {
      body: JSON.stringify({ jsonrpc: '2.0', method: 'Test.Echo', params: [1] }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  describe('undecodable bodies (CGRateS answers them with an empty 200; we say why)', () => {
    it.each([
      ['empty', '', 'SERVER_ERROR: empty request body'],
      [
        'garbage',
        'abc',
        "SERVER_ERROR: malformed JSON: invalid character 'a' at offset 0, expected '{' or '['",
      ],
      [
        'truncated',
        '{"method":"Test.Echo"',
        'SERVER_ERROR: malformed JSON: unexpected end of input inside a JSON value',
      ],
      ['malformed', '{"method":}', /^SERVER_ERROR: malformed JSON: /],
    ])('%s body: 200 with an error envelope', async (_name, body, text) => {
      const { port } = await startFixture();
      const res = await httpRequestRaw(port, { body });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      const error = typeof text === 'string' ? text : (expect.stringMatching(text) as unknown);
      expect(parseReplyLines(res.body)).toEqual([{ id: null, result: null, error }]);
    });

    it('still answers the requests before the bad bytes', async () => {
      const { port } = await startFixture();
      const res = await httpRequestRaw(port, { body: `${req('Test.Echo', 1, 1)} xyz` });
      expect(parseReplyLines(res.body)).toEqual([
        { id: 1, result: 1, error: null },
        { id: null, result: null, error: expect.stringMatching(/^SERVER_ERROR: malformed JSON/) as unknown },
      ]);
    });
  });

  describe('limits', () => {
    const tooLarge = {
      id: null,
      result: null,
      error: 'SERVER_ERROR: request exceeds max_request_bytes (1024)',
    };

    it('refuses a body whose Content-Length is over max_request_bytes with 413 and an envelope', async () => {
      const { port } = await startFixture({ maxRequestBytes: 1024 });
      const res = await httpRequestRaw(port, { body: req('Test.Echo', 'x'.repeat(2000), 1) });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toBe('application/json');
      expect(parseReplyLines(res.body)).toEqual([tooLarge]);
    });

    it('refuses a chunked body that grows over max_request_bytes', async () => {
      const { port } = await startFixture({ maxRequestBytes: 1024 });
      const body = Array.from({ length: 40 }, (_, i) => req('Test.Echo', i, i)).join('\n');
      const res = await httpRequestRaw(port, { body, headers: { 'Transfer-Encoding': 'chunked' } });
      expect(res.status).toBe(413);
      expect(parseReplyLines(res.body)).toEqual([tooLarge]);
    });

    it('refuses connections over max_connections, logging once per burst', async () => {
      const { server, port, logs } = await startFixture({ maxConnections: 1 });
      const holder = await raw(port);
      await until(() => server.connectionCount() === 1, 'the first connection');
      const refused = await Promise.all([raw(port), raw(port)]);
      await Promise.all(refused.map((c) => c.closed));
      expect(
        logs.filter((l) => l['msg'] === 'max_connections reached, refusing new connections'),
      ).toHaveLength(1);
      holder.destroy();
      await until(() => server.connectionCount() === 0, 'a free slot');
      await expect(httpCall(port, 'Test.Echo', 'ok')).resolves.toMatchObject({ status: 200, result: 'ok' });
    });

    it('closes idle connections after idleTimeoutMs', async () => {
      const { server, port } = await startFixture({ idleTimeoutMs: 100 });
      const idle = await raw(port);
      await idle.closed;
      await until(() => server.connectionCount() === 0, 'the idle connection to go');
    });
  });

  describe('HTTP semantics', () => {
    it('answers other methods on the RPC path with 405 and Allow', async () => {
      const { port } = await startFixture();
      const res = await httpRequestRaw(port, { method: 'GET' });
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('POST, OPTIONS');
      expect(res.body).toBe('method not allowed: send JSON-RPC requests with POST\n');
    });

    it('answers unknown paths with 404', async () => {
      const { port } = await startFixture();
      const res = await httpRequestRaw(port, { path: '/nope', body: req('Test.Echo', 1, 1) });
      expect(res.status).toBe(404);
      expect(res.body).toBe('404 page not found\n');
    });

    it('accepts a query string on the RPC path', async () => {
      const { port } = await startFixture();
      const res = await httpRequestRaw(port, { path: '/jsonrpc?x=1', body: req('Test.Echo', 1, 1) });
      expect(parseReplyLines(res.body)).toEqual([{ id: 1, result: 1, error: null }]);
    });

    it('adds the CGRateS CORS headers when Origin is present, and answers preflights', async () => {
      const { port } = await startFixture();
      const withOrigin = await httpRequestRaw(port, {
        body: req('Test.Echo', 1, 1),
        headers: { Origin: 'http://ui.example' },
      });
      expect(withOrigin.headers).toMatchObject({
        'access-control-allow-origin': 'http://ui.example',
        'access-control-allow-methods': 'POST, GET, OPTIONS, PUT, DELETE',
        'access-control-allow-headers': 'Accept, Accept-Language, Content-Type, Authorization',
      });
      const without = await httpRequestRaw(port, { body: req('Test.Echo', 1, 1) });
      expect(without.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await httpRequestRaw(port, {
        method: 'OPTIONS',
        headers: { Origin: 'http://ui.example' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('http://ui.example');
    });
  });

  describe('routes', () => {
    const routes = new Map<string, HttpRoute>([
      [
        '/metrics',
        (_req, res, url) => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end(`metrics ${url.searchParams.get('q') ?? ''}`);
        },
      ],
      [
        '/broken',
        () => {
          throw new Error('route bug');
        },
      ],
      ['/broken-async', () => Promise.reject(new Error('async route bug'))],
    ]);

    it('serves GET routes with the parsed URL', async () => {
      const { port } = await startFixture({ routes });
      const res = await httpRequestRaw(port, { method: 'GET', path: '/metrics?q=asr' });
      expect(res.status).toBe(200);
      expect(res.body).toBe('metrics asr');
    });

    it('answers other methods on a route with 405', async () => {
      const { port } = await startFixture({ routes });
      expect((await httpRequestRaw(port, { method: 'POST', path: '/metrics', body: 'x' })).status).toBe(405);
    });

    it.each(['/broken', '/broken-async'])(
      'turns a failing route (%s) into 500 and a log line',
      async (path) => {
        const { port, logs } = await startFixture({ routes });
        const res = await httpRequestRaw(port, { method: 'GET', path });
        expect(res.status).toBe(500);
        expect(logs.filter((l) => l['msg'] === 'http route failed')).toHaveLength(1);
      },
    );

    it('guards routes with the api key', async () => {
      const { port } = await startFixture({ routes, apiKey: 'k3y' });
      const anonymous = await httpRequestRaw(port, { method: 'GET', path: '/metrics' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      const authorized = await httpRequestRaw(port, {
        method: 'GET',
        path: '/metrics',
        headers: { Authorization: 'Bearer k3y' },
      });
      expect(authorized.status).toBe(200);
    });
  });

  describe('api key', () => {
    it('marks a call with the right bearer token as authorized', async () => {
      const { port } = await startFixture({ apiKey: 'k3y' });
      await expect(httpCall(port, 'Test.Ctx', {}, { Authorization: 'Bearer k3y' })).resolves.toMatchObject({
        result: { transport: 'http', authorized: true },
      });
      await expect(httpCall(port, 'Test.Ctx', {}, { Authorization: 'bearer k3y' })).resolves.toMatchObject({
        error: null,
      });
    });

    it.each([
      ['no header', undefined],
      ['a wrong token', { Authorization: 'Bearer nope' }],
      ['basic auth', { Authorization: 'Basic azN5Og==' }],
    ])(
      'dispatches a call with %s as unauthorized: UNAUTHORIZED from the dispatcher',
      async (_name, headers) => {
        const { port } = await startFixture({ apiKey: 'k3y' });
        await expect(httpCall(port, 'Test.Echo', {}, headers)).resolves.toEqual({
          status: 200,
          id: 1,
          result: null,
          error: 'UNAUTHORIZED',
        });
      },
    );

    it('still lets APIOpts["*apiKey"] authorize a call without the header', async () => {
      const { port } = await startFixture({ apiKey: 'k3y' });
      const arg = { APIOpts: { '*apiKey': 'k3y' } };
      await expect(httpCall(port, 'Test.Echo', arg)).resolves.toMatchObject({ result: arg, error: null });
    });

    it('treats every call as authorized when no key is configured', async () => {
      const { port } = await startFixture();
      await expect(httpCall(port, 'Test.Ctx', {})).resolves.toMatchObject({
        result: { transport: 'http', authorized: true },
      });
    });
  });

  describe('misbehaving clients', () => {
    it('survives a client that sends half a body and disconnects', async () => {
      const { server, port } = await startFixture();
      const client = await raw(port);
      await client.write(
        'POST /jsonrpc HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"method":"Test.Ec',
      );
      client.destroy();
      await client.closed;
      await until(() => server.connectionCount() === 0, 'the connection to close');
      await expect(httpCall(port, 'Test.Echo', 1)).resolves.toMatchObject({ result: 1 });
    });

    it('survives a client that disconnects before its reply is ready', async () => {
      const { server, port, gate } = await startFixture();
      const client = await raw(port);
      const body = req('Test.Wait', null, 1);
      await client.write(
        `POST /jsonrpc HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      await gate.entered;
      client.destroy();
      await client.closed;
      await until(() => server.connectionCount() === 0, 'the connection to close');
      gate.release('too late');
      await expect(httpCall(port, 'Test.Echo', 2)).resolves.toMatchObject({ result: 2 });
    });

    it('answers non-HTTP bytes with 400 and keeps serving', async () => {
      const { port } = await startFixture();
      const text = await new Promise<string>((resolve, reject) => {
        const socket = netConnect({ host: '127.0.0.1', port }, () => {
          socket.write('{"method":"Test.Echo","params":[1],"id":1}\r\n\r\n');
        });
        const got: Buffer[] = [];
        socket.on('data', (c: Buffer) => got.push(c));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(got).toString('utf8')));
      });
      expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      await expect(httpCall(port, 'Test.Echo', 3)).resolves.toMatchObject({ result: 3 });
    });
  });

  describe('close()', () => {
    it('finishes in-flight requests before closing, and refuses new connections', async () => {
      const { server, port, gate } = await startFixture();
      const pending = httpRequestRaw(port, { body: req('Test.Wait', null, 1) });
      await gate.entered;
      const closing = server.close(5000);
      await expect(httpRequestRaw(port, { body: req('Test.Echo', 1, 2) })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      gate.release('finished');
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.headers['connection']).toBe('close');
      expect(parseReplyLines(res.body)).toEqual([{ id: 1, result: 'finished', error: null }]);
      await closing;
      expect(server.connectionCount()).toBe(0);
    });

    it('closes idle keep-alive connections at once and destroys busy ones after the drain timeout', async () => {
      const { server, port, gate } = await startFixture();
      const idle = await raw(port);
      const busy = await raw(port);
      const body = req('Test.Wait', null, 1);
      await busy.write(`POST /jsonrpc HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      await gate.entered;
      await server.close(50);
      await Promise.all([idle.closed, busy.closed]);
      expect(server.connectionCount()).toBe(0);
    });
  });
});
