import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Dispatcher } from '../../src/rpc/dispatcher';
import { ActionTransport } from '../../src/rpc/action-transport';
import type { RpcHandler } from '../../src/rpc/method-table';
import { startTcpServer } from '../../src/rpc/tcp-transport';
import type { TcpServer } from '../../src/rpc/tcp-transport';
import { captureLogger } from '../helpers/threshold-engine';

type Respond = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A local HTTP server whose answer each test scripts; keeps every body it received. */
async function httpServer(respond: Respond): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      respond(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function rejectionOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('ActionTransport', () => {
  const log = captureLogger();
  const servers: Server[] = [];
  let transport: ActionTransport;

  beforeEach(() => {
    transport = new ActionTransport({
      logger: log.logger,
      httpTimeoutMs: 200,
      httpAttempts: 3,
      httpBackoffMs: 10,
      rpcTimeoutMs: 500,
    });
  });

  afterEach(async () => {
    await transport.close();
    await Promise.all(servers.splice(0).map(closeServer));
  });

  describe('httpPost', () => {
    it('posts the JSON body and retries until a 2xx answer', async () => {
      let n = 0;
      const s = await httpServer((req, _body, res) => {
        n++;
        expect(req.method).toBe('POST');
        expect(req.headers['content-type']).toBe('application/json');
        res.statusCode = n < 3 ? 503 : 204;
        res.end();
      });
      servers.push(s.server);
      await transport.httpPost(s.url, '{"ID":"ev1"}');
      expect(s.bodies).toEqual(['{"ID":"ev1"}', '{"ID":"ev1"}', '{"ID":"ev1"}']);
    });

    it('gives up after the attempts with the last failure', async () => {
      const s = await httpServer((_req, _body, res) => {
        res.statusCode = 500;
        res.end('no');
      });
      servers.push(s.server);
      expect(await rejectionOf(transport.httpPost(s.url, '{}'))).toBe('failed after 3 attempts: HTTP 500');
      expect(s.bodies).toHaveLength(3);
    });

    it('bounds a hanging webhook by the timeout of each attempt', async () => {
      const s = await httpServer(() => undefined);
      servers.push(s.server);
      const startedMs = performance.now();
      expect(await rejectionOf(transport.httpPost(s.url, '{}'))).toBe(
        'failed after 3 attempts: timeout after 200ms',
      );
      const tookMs = performance.now() - startedMs;
      expect(tookMs).toBeGreaterThanOrEqual(3 * 200);
      expect(tookMs).toBeLessThan(3000);
    });

    it('reports a refused connection', async () => {
      const s = await httpServer(() => undefined);
      await closeServer(s.server);
      expect(await rejectionOf(transport.httpPost(s.url, '{}'))).toMatch(
        /^failed after 3 attempts: connect ECONNREFUSED/,
      );
    });
  });

  describe('rpcCall', () => {
    let tcp: TcpServer | undefined;

    afterEach(async () => {
      await tcp?.close(100);
      tcp = undefined;
    });

    async function rpcServer(methods: [string, RpcHandler][]): Promise<string> {
      const dispatcher = new Dispatcher(new Map(methods), { logger: log.logger, apiKey: '' });
      tcp = await startTcpServer({
        host: '127.0.0.1',
        port: 0,
        dispatcher,
        maxRequestBytes: 1 << 20,
        maxConnections: 10,
        idleTimeoutMs: 60_000,
        logger: log.logger,
      });
      return `127.0.0.1:${tcp.address().port}`;
    }

    it('calls a JSON-RPC method over TCP (*json)', async () => {
      const address = await rpcServer([['StatSv1.ResetStatQueue', (arg) => `reset ${JSON.stringify(arg)}`]]);
      await expect(
        transport.rpcCall({
          address,
          transport: '*json',
          method: 'StatSv1.ResetStatQueue',
          params: { ID: 'SQ1' },
          attempts: 1,
        }),
      ).resolves.toBe('reset {"ID":"SQ1"}');
      expect(
        await rejectionOf(
          transport.rpcCall({ address, transport: '', method: 'StatSv1.Nope', params: {}, attempts: 3 }),
        ),
      ).toBe("rpc: can't find method StatSv1.Nope");
    });

    it('retries transport failures up to Attempts', async () => {
      const s = await httpServer(() => undefined);
      const port = (s.server.address() as AddressInfo).port;
      await closeServer(s.server);
      expect(
        await rejectionOf(
          transport.rpcCall({
            address: `127.0.0.1:${port}`,
            transport: '*json',
            method: 'X.Y',
            params: {},
            attempts: 2,
          }),
        ),
      ).toBe('DISCONNECTED');
    });

    it('calls over HTTP (*http_jsonrpc)', async () => {
      const s = await httpServer((_req, body, res) => {
        const req = JSON.parse(body) as { method: string; params: unknown[] };
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(
            req.method === 'X.Fail'
              ? { id: 0, result: null, error: 'NOT_FOUND' }
              : { id: 0, result: req.params[0], error: null },
          ),
        );
      });
      servers.push(s.server);
      await expect(
        transport.rpcCall({
          address: s.url,
          transport: '*http_jsonrpc',
          method: 'X.Echo',
          params: { a: 1 },
          attempts: 1,
        }),
      ).resolves.toEqual({ a: 1 });
      expect(
        await rejectionOf(
          transport.rpcCall({
            address: s.url,
            transport: '*http_jsonrpc',
            method: 'X.Fail',
            params: {},
            attempts: 1,
          }),
        ),
      ).toBe('NOT_FOUND');
    });

    it('serves *internal only when given a method table, and refuses other transports', async () => {
      expect(
        await rejectionOf(
          transport.rpcCall({ address: '*internal', transport: '', method: 'X.Y', params: {}, attempts: 1 }),
        ),
      ).toBe('*cgr_rpc to *internal is not available');
      const internal = new ActionTransport({
        logger: log.logger,
        internalCall: (method, params) => ({ method, params }),
      });
      await expect(
        internal.rpcCall({ address: '*internal', transport: '', method: 'X.Y', params: 1, attempts: 1 }),
      ).resolves.toEqual({ method: 'X.Y', params: 1 });
      await internal.close();
      expect(
        await rejectionOf(
          transport.rpcCall({
            address: '127.0.0.1:1',
            transport: '*gob',
            method: 'X.Y',
            params: {},
            attempts: 1,
          }),
        ),
      ).toBe('unsupported *cgr_rpc transport <*gob>');
    });
  });
});
