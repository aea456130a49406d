import { createLogger } from '../../../src/log';
import { CGRError } from '../../../src/util/cgr-error';
import {
  DEFAULT_MAX_BATCH_LENGTH,
  Dispatcher,
  INVALID_METHOD_LABEL,
  Jsonrpc2Mode,
} from '../../../src/rpc/dispatcher';
import type { DispatchOutcome, DispatcherDeps } from '../../../src/rpc/dispatcher';
import type { CallContext, RpcHandler } from '../../../src/rpc/method-table';

const TCP: CallContext = { transport: 'tcp', authorized: false };
const HTTP_AUTHORIZED: CallContext = { transport: 'http', authorized: true };

interface Harness {
  dispatcher: Dispatcher;
  logs: Record<string, unknown>[];
  calls: { method: string; arg: unknown; ctx: CallContext }[];
  requests: { method: string; durationMs: number; failed: boolean }[];
}

function harness(
  extra: Partial<Omit<DispatcherDeps, 'logger' | 'onRequest'>> = {},
  withOnRequest = true,
): Harness {
  const logs: Record<string, unknown>[] = [];
  const calls: Harness['calls'] = [];
  const requests: Harness['requests'] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const recording =
    (method: string, fn: RpcHandler): RpcHandler =>
    (arg, ctx) => {
      calls.push({ method, arg, ctx });
      return fn(arg, ctx);
    };
  const table = new Map<string, RpcHandler>([
    ['Test.Echo', recording('Test.Echo', (arg) => arg ?? 'no-arg')],
    ['Test.AsyncEcho', recording('Test.AsyncEcho', (arg) => Promise.resolve(arg ?? 'no-arg'))],
    [
      'Test.NotFound',
      recording('Test.NotFound', () => {
        throw new CGRError('NOT_FOUND');
      }),
    ],
    ['Test.AsyncNotFound', recording('Test.AsyncNotFound', () => Promise.reject(new CGRError('NOT_FOUND')))],
    [
      'Test.Boom',
      recording('Test.Boom', () => {
        throw new Error('kaboom');
      }),
    ],
    [
      'Test.AsyncBoom',
      recording('Test.AsyncBoom', async () => {
        await Promise.resolve();
        throw new TypeError('async kaboom');
      }),
    ],
    [
      'Test.ThrowString',
      recording('Test.ThrowString', () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a handler imitating jayson's string errors
        throw 'NOT_FOUND';
      }),
    ],
    ['Test.Null', recording('Test.Null', () => null)],
    ['Test.Undefined', recording('Test.Undefined', () => undefined)],
    ['Test.AsyncNull', recording('Test.AsyncNull', () => Promise.resolve(null))],
    ['Test.BigInt', recording('Test.BigInt', () => ({ n: 1n }))],
    [
      'Test.Disabled',
      recording('Test.Disabled', () => {
        throw new CGRError("rpc: can't find service Test.Disabled");
      }),
    ],
    ['Other.Ping', recording('Other.Ping', () => 'Pong')],
  ]);
  const onRequest = (method: string, durationMs: number, failed: boolean): void => {
    requests.push({ method, durationMs, failed });
  };
  const dispatcher = new Dispatcher(table, {
    logger,
    apiKey: '',
    ...(withOnRequest ? { onRequest } : {}),
    ...extra,
  });
  return { dispatcher, logs, calls, requests };
}

/** Dispatches and requires a synchronous outcome. */
function syncDispatch(h: Harness, request: unknown, ctx: CallContext = TCP): DispatchOutcome {
  const outcome = h.dispatcher.dispatch(request, ctx);
  expect(outcome).not.toBeInstanceOf(Promise);
  return outcome as DispatchOutcome;
}

/** Dispatches and requires a Promise. */
async function asyncDispatch(h: Harness, request: unknown, ctx: CallContext = TCP): Promise<DispatchOutcome> {
  const outcome = h.dispatcher.dispatch(request, ctx);
  expect(outcome).toBeInstanceOf(Promise);
  return outcome;
}

function wire(h: Harness, request: unknown, ctx: CallContext = TCP): string {
  const outcome = syncDispatch(h, request, ctx);
  if (outcome === undefined) throw new Error('no reply');
  return h.dispatcher.encode(outcome);
}

describe('Dispatcher', () => {
  describe('JSON-RPC 1.0 (Go net/rpc/jsonrpc)', () => {
    it('answers {"id","result","error":null} in that member order, synchronously for a sync handler', () => {
      const h = harness();
      expect(wire(h, { method: 'Test.Echo', params: [{ a: 1 }], id: 7 })).toBe(
        '{"id":7,"result":{"a":1},"error":null}',
      );
    });

    it('answers errors as {"id","result":null,"error":"<text>"}', () => {
      const h = harness();
      expect(wire(h, { method: 'Test.NotFound', params: [{}], id: 1 })).toBe(
        '{"id":1,"result":null,"error":"NOT_FOUND"}',
      );
    });

    it.each([
      ['a number', 42],
      ['a string', '0'],
      ['null', null],
      ['an object', { x: [1] }],
      ['a large counter', 9007199254740991],
    ])('echoes %s id', (_name, id) => {
      const h = harness();
      expect(syncDispatch(h, { method: 'Test.Echo', params: [1], id })).toEqual({
        id,
        result: 1,
        error: null,
      });
    });

    it('answers id null when the id is absent (py-cgrates sends no id)', () => {
      const h = harness();
      expect(wire(h, { method: 'Other.Ping', params: [{}] })).toBe(
        '{"id":null,"result":"Pong","error":null}',
      );
    });

    it('passes params[0] and ignores extra elements, like Go decoding into [1]interface{}', () => {
      const h = harness();
      syncDispatch(h, { method: 'Test.Echo', params: [{ a: 1 }, { b: 2 }], id: 1 });
      expect(h.calls).toEqual([{ method: 'Test.Echo', arg: { a: 1 }, ctx: TCP }]);
    });

    it('passes undefined for params: []', () => {
      const h = harness();
      expect(syncDispatch(h, { method: 'Test.Echo', params: [], id: 1 })).toEqual({
        id: 1,
        result: 'no-arg',
        error: null,
      });
      expect(h.calls[0]?.arg).toBeUndefined();
    });

    it.each([
      ['missing', undefined, 'jsonrpc: request body missing params'],
      ['null', null, 'jsonrpc: request body missing params'],
      ['an object', { a: 1 }, 'json: cannot unmarshal object into Go value of type [1]interface {}'],
      ['a string', 'x', 'json: cannot unmarshal string into Go value of type [1]interface {}'],
      ['a number', 3, 'json: cannot unmarshal number into Go value of type [1]interface {}'],
      ['a boolean', true, 'json: cannot unmarshal bool into Go value of type [1]interface {}'],
    ])('rejects params %s with the Go text', (_name, params, text) => {
      const h = harness();
      const request: Record<string, unknown> = { method: 'Test.Echo', id: 3 };
      if (params !== undefined) request['params'] = params;
      expect(syncDispatch(h, request)).toEqual({ id: 3, result: null, error: text });
      expect(h.calls).toEqual([]);
    });

    it.each([
      ['no dot', 'Ping', 'rpc: service/method request ill-formed: Ping'],
      ['an empty method', '', 'rpc: service/method request ill-formed: '],
      ['an unknown service', 'StatSv1.ProcessEvent', "rpc: can't find service StatSv1.ProcessEvent"],
      ['a known service and an unknown method', 'Test.Nope', "rpc: can't find method Test.Nope"],
      ['a case mismatch (Go is case-sensitive)', 'test.Echo', "rpc: can't find service test.Echo"],
      ['a trailing dot', 'Test.', "rpc: can't find method Test."],
    ])('answers %s with the Go lookup text', (_name, method, text) => {
      const h = harness();
      expect(syncDispatch(h, { method, params: [{}], id: 0 })).toEqual({ id: 0, result: null, error: text });
    });

    it('answers a missing method as ill-formed, as Go reads it as ""', () => {
      const h = harness();
      expect(syncDispatch(h, { params: [{}], id: 0 })).toEqual({
        id: 0,
        result: null,
        error: 'rpc: service/method request ill-formed: ',
      });
    });

    it('reports method errors before params errors, as Go looks the method up first', () => {
      const h = harness();
      expect(syncDispatch(h, { method: 'Nope.X', id: 0 })).toEqual({
        id: 0,
        result: null,
        error: "rpc: can't find service Nope.X",
      });
    });

    it('answers a method that is not a string', () => {
      const h = harness();
      expect(syncDispatch(h, { method: 5, params: [], id: 2 })).toEqual({
        id: 2,
        result: null,
        error: 'rpc: request ill-formed: method is not a string',
      });
    });

    it.each([
      ['a number', 5],
      ['a string', 'StatSv1.Ping'],
      ['null', null],
      ['a boolean', false],
    ])('answers a request that is %s with id null', (_name, request) => {
      const h = harness();
      expect(syncDispatch(h, request)).toEqual({
        id: null,
        result: null,
        error: 'rpc: request ill-formed: not a JSON object',
      });
    });

    it('treats "jsonrpc":"1.0" (or any value but "2.0") as 1.0', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '1.0', method: 'Test.Echo', params: [1], id: 1 })).toEqual({
        id: 1,
        result: 1,
        error: null,
      });
    });
  });

  describe('handler outcomes', () => {
    it('returns a Promise only when the handler returned one', async () => {
      const h = harness();
      await expect(
        asyncDispatch(h, { method: 'Test.AsyncEcho', params: [{ a: 1 }], id: 1 }),
      ).resolves.toEqual({
        id: 1,
        result: { a: 1 },
        error: null,
      });
    });

    it('answers an async CGRError with its message', async () => {
      const h = harness();
      await expect(asyncDispatch(h, { method: 'Test.AsyncNotFound', params: [{}], id: 1 })).resolves.toEqual({
        id: 1,
        result: null,
        error: 'NOT_FOUND',
      });
      expect(h.logs).toEqual([]);
    });

    it('answers any other thrown error with SERVER_ERROR: <message> and logs it once with its stack', () => {
      const h = harness();
      expect(syncDispatch(h, { method: 'Test.Boom', params: [{}], id: 1 })).toEqual({
        id: 1,
        result: null,
        error: 'SERVER_ERROR: kaboom',
      });
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatchObject({ level: 50, method: 'Test.Boom', err: { message: 'kaboom' } });
      expect(String((h.logs[0]?.['err'] as Record<string, unknown>)['stack'])).toContain('kaboom');
    });

    it('does the same for an async rejection', async () => {
      const h = harness();
      await expect(asyncDispatch(h, { method: 'Test.AsyncBoom', params: [{}], id: 1 })).resolves.toEqual({
        id: 1,
        result: null,
        error: 'SERVER_ERROR: async kaboom',
      });
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatchObject({ level: 50, method: 'Test.AsyncBoom' });
    });

    it('turns a thrown non-Error into SERVER_ERROR: <value>', () => {
      const h = harness();
      expect(syncDispatch(h, { method: 'Test.ThrowString', params: [{}], id: 1 })).toMatchObject({
        error: 'SERVER_ERROR: NOT_FOUND',
      });
    });

    it.each(['Test.Null', 'Test.Undefined'])(
      'answers %s (no result) with SERVER_ERROR: empty reply and logs it',
      (method) => {
        const h = harness();
        expect(syncDispatch(h, { method, params: [], id: 1 })).toEqual({
          id: 1,
          result: null,
          error: 'SERVER_ERROR: empty reply',
        });
        expect(h.logs).toHaveLength(1);
        expect(h.logs[0]).toMatchObject({ level: 50, method });
      },
    );

    it('answers an async null the same way', async () => {
      const h = harness();
      await expect(asyncDispatch(h, { method: 'Test.AsyncNull', params: [], id: 1 })).resolves.toMatchObject({
        error: 'SERVER_ERROR: empty reply',
      });
    });
  });

  describe('JSON-RPC 2.0', () => {
    it('answers success as {"jsonrpc","id","result"}', () => {
      const h = harness();
      expect(wire(h, { jsonrpc: '2.0', method: 'Test.Echo', params: [{ a: 1 }], id: 'u-1' })).toBe(
        '{"jsonrpc":"2.0","id":"u-1","result":{"a":1}}',
      );
    });

    it('answers CGRateS errors with code -32000 and the CGRateS text', () => {
      const h = harness();
      expect(wire(h, { jsonrpc: '2.0', method: 'Test.NotFound', params: [{}], id: 1 })).toBe(
        '{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"NOT_FOUND"}}',
      );
    });

    it('passes a params object as the argument (named params)', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', params: { ID: 'x' }, id: 1 })).toEqual({
        jsonrpc: '2.0',
        id: 1,
        result: { ID: 'x' },
      });
    });

    it('passes undefined when params are omitted', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', id: 1 })).toEqual({
        jsonrpc: '2.0',
        id: 1,
        result: 'no-arg',
      });
    });

    it.each([
      ['an unknown service', 'Nope.X', -32601, "rpc: can't find service Nope.X"],
      ['an unknown method', 'Test.X', -32601, "rpc: can't find method Test.X"],
      ['no dot', 'X', -32601, 'rpc: service/method request ill-formed: X'],
      ['a plain Error', 'Test.Boom', -32603, 'SERVER_ERROR: kaboom'],
      ['an empty reply', 'Test.Null', -32603, 'SERVER_ERROR: empty reply'],
      [
        'a disabled service reported by the handler',
        'Test.Disabled',
        -32601,
        "rpc: can't find service Test.Disabled",
      ],
    ])('answers %s with code %d', (_name, method, code, message) => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method, params: [{}], id: 9 })).toEqual({
        jsonrpc: '2.0',
        id: 9,
        error: { code, message },
      });
    });

    it.each([null, 'x', 5, true])('answers params %p with -32602', (params) => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', params, id: 1 })).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32602, message: 'invalid params: params must be an array or an object' },
      });
    });

    it('answers a method that is not a string with -32600, id null when absent', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 1 })).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'rpc: request ill-formed: method is not a string' },
      });
    });

    it('runs a notification (no id) without answering it', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', params: [1] })).toBeUndefined();
      expect(h.calls).toHaveLength(1);
    });

    it('answers a notification with id null explicitly present', () => {
      const h = harness();
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', params: [1], id: null })).toEqual({
        jsonrpc: '2.0',
        id: null,
        result: 1,
      });
    });

    it('completes an async notification (so shutdown can wait for it) with no reply', async () => {
      const h = harness();
      await expect(
        asyncDispatch(h, { jsonrpc: '2.0', method: 'Test.AsyncBoom', params: [1] }),
      ).resolves.toBeUndefined();
      expect(h.logs).toHaveLength(1);
    });

    it.each([
      ['an unknown method', { jsonrpc: '2.0', method: 'Nope.X', params: [] }],
      ['bad params', { jsonrpc: '2.0', method: 'Test.Echo', params: 5 }],
      ['a failing handler', { jsonrpc: '2.0', method: 'Test.NotFound', params: [] }],
    ])('does not answer a notification with %s', (_name, request) => {
      const h = harness();
      expect(syncDispatch(h, request)).toBeUndefined();
    });

    it('answers single 2.0 requests in 1.0 form in v1-compat mode, as CGRateS does', () => {
      const h = harness({ jsonrpc2Mode: Jsonrpc2Mode.V1_COMPAT });
      expect(wire(h, { jsonrpc: '2.0', method: 'Test.NotFound', params: [{}], id: '0' })).toBe(
        '{"id":"0","result":null,"error":"NOT_FOUND"}',
      );
    });
  });

  describe('JSON-RPC 2.0 batches', () => {
    it('answers each request in order and omits notifications', () => {
      const h = harness();
      expect(
        syncDispatch(h, [
          { jsonrpc: '2.0', method: 'Test.Echo', params: [1], id: 1 },
          { jsonrpc: '2.0', method: 'Test.Echo', params: [2] },
          { jsonrpc: '2.0', method: 'Test.NotFound', params: [], id: 3 },
          { jsonrpc: '2.0', method: 'Nope.X', params: [], id: 4 },
        ]),
      ).toEqual([
        { jsonrpc: '2.0', id: 1, result: 1 },
        { jsonrpc: '2.0', id: 3, error: { code: -32000, message: 'NOT_FOUND' } },
        { jsonrpc: '2.0', id: 4, error: { code: -32601, message: "rpc: can't find service Nope.X" } },
      ]);
      expect(h.calls.map((c) => c.arg)).toEqual([1, 2, undefined]);
    });

    it('waits for async members and keeps request order', async () => {
      const h = harness();
      await expect(
        asyncDispatch(h, [
          { jsonrpc: '2.0', method: 'Test.AsyncEcho', params: ['a'], id: 1 },
          { jsonrpc: '2.0', method: 'Test.Echo', params: ['b'], id: 2 },
          { jsonrpc: '2.0', method: 'Test.AsyncEcho', params: ['c'] },
        ]),
      ).resolves.toEqual([
        { jsonrpc: '2.0', id: 1, result: 'a' },
        { jsonrpc: '2.0', id: 2, result: 'b' },
      ]);
      expect(h.calls).toHaveLength(3);
    });

    it('gives no reply to a batch of notifications only', async () => {
      const h = harness();
      expect(syncDispatch(h, [{ jsonrpc: '2.0', method: 'Test.Echo', params: [1] }])).toBeUndefined();
      await expect(
        asyncDispatch(h, [{ jsonrpc: '2.0', method: 'Test.AsyncEcho', params: [1] }]),
      ).resolves.toBeUndefined();
    });

    it('answers an empty batch with a single -32600', () => {
      const h = harness();
      expect(syncDispatch(h, [])).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'invalid request: empty batch' },
      });
    });

    it('refuses a batch over the limit without running any of it', () => {
      const h = harness({ maxBatchLength: 2 });
      const request = { jsonrpc: '2.0', method: 'Test.Echo', params: [1], id: 1 };
      expect(syncDispatch(h, [request, request, request])).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'invalid request: batch of 3 requests exceeds the limit of 2' },
      });
      expect(h.calls).toEqual([]);
      expect(DEFAULT_MAX_BATCH_LENGTH).toBe(1000);
    });

    it('answers invalid members with -32600 (non-objects, nested arrays, 1.0 requests)', () => {
      const h = harness();
      const invalid = {
        code: -32600,
        message: 'invalid request: batch elements must be JSON-RPC 2.0 request objects',
      };
      expect(syncDispatch(h, [1, [], { method: 'Test.Echo', params: [1], id: 5 }])).toEqual([
        { jsonrpc: '2.0', id: null, error: invalid },
        { jsonrpc: '2.0', id: null, error: invalid },
        { jsonrpc: '2.0', id: 5, error: invalid },
      ]);
      expect(h.calls).toEqual([]);
    });

    it('stays 2.0 in v1-compat mode (CGRateS has no batches at all)', () => {
      const h = harness({ jsonrpc2Mode: Jsonrpc2Mode.V1_COMPAT });
      expect(syncDispatch(h, [{ jsonrpc: '2.0', method: 'Test.Echo', params: [1], id: 1 }])).toEqual([
        { jsonrpc: '2.0', id: 1, result: 1 },
      ]);
    });
  });

  describe('api key', () => {
    const KEY = 's3cret';

    it('refuses a TCP call without APIOpts["*apiKey"] with UNAUTHORIZED and does not run it', () => {
      const h = harness({ apiKey: KEY });
      expect(syncDispatch(h, { method: 'Test.Echo', params: [{ Tenant: 'cgrates.org' }], id: 1 })).toEqual({
        id: 1,
        result: null,
        error: 'UNAUTHORIZED',
      });
      expect(h.calls).toEqual([]);
    });

    it.each([
      ['a wrong key', { APIOpts: { '*apiKey': 'wrong!' } }],
      ['a key of another type', { APIOpts: { '*apiKey': 123 } }],
      ['a key in the wrong place', { '*apiKey': KEY }],
      ['APIOpts null', { APIOpts: null }],
      ['no argument', undefined],
      ['a prefix of the key', { APIOpts: { '*apiKey': 's3c' } }],
    ])('refuses %s', (_name, arg) => {
      const h = harness({ apiKey: KEY });
      expect(
        syncDispatch(h, { method: 'Test.Echo', params: arg === undefined ? [] : [arg], id: 1 }),
      ).toMatchObject({
        error: 'UNAUTHORIZED',
      });
    });

    it('accepts the key in APIOpts, as CGRateS dispatchers send it', () => {
      const h = harness({ apiKey: KEY });
      const arg = { Tenant: 'cgrates.org', APIOpts: { '*apiKey': KEY } };
      expect(syncDispatch(h, { method: 'Test.Echo', params: [arg], id: 1 })).toEqual({
        id: 1,
        result: arg,
        error: null,
      });
    });

    it('accepts a call the transport already authorized (HTTP bearer)', () => {
      const h = harness({ apiKey: KEY });
      expect(syncDispatch(h, { method: 'Test.Echo', params: [{}], id: 1 }, HTTP_AUTHORIZED)).toMatchObject({
        error: null,
      });
    });

    it('answers 2.0 calls with -32000 UNAUTHORIZED, named params included', () => {
      const h = harness({ apiKey: KEY });
      expect(syncDispatch(h, { jsonrpc: '2.0', method: 'Test.Echo', params: {}, id: 1 })).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32000, message: 'UNAUTHORIZED' },
      });
      expect(
        syncDispatch(h, {
          jsonrpc: '2.0',
          method: 'Test.Echo',
          params: { APIOpts: { '*apiKey': KEY } },
          id: 2,
        }),
      ).toMatchObject({ result: { APIOpts: { '*apiKey': KEY } } });
    });

    it('checks nothing when no key is configured', () => {
      const h = harness({ apiKey: '' });
      expect(syncDispatch(h, { method: 'Test.Echo', params: [{}], id: 1 })).toMatchObject({ error: null });
    });
  });

  describe('onRequest', () => {
    it('reports method, duration and failure for every answered request', async () => {
      const h = harness();
      syncDispatch(h, { method: 'Test.Echo', params: [1], id: 1 });
      syncDispatch(h, { method: 'Test.NotFound', params: [], id: 2 });
      await asyncDispatch(h, { method: 'Test.AsyncEcho', params: [1], id: 3 });
      expect(h.requests.map(({ method, failed }) => [method, failed])).toEqual([
        ['Test.Echo', false],
        ['Test.NotFound', true],
        ['Test.AsyncEcho', false],
      ]);
      for (const r of h.requests) expect(r.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('reports unknown or ill-formed methods under one label, to bound metric cardinality', () => {
      const h = harness();
      syncDispatch(h, { method: 'Random.Name1', params: [], id: 1 });
      syncDispatch(h, 5);
      expect(h.requests.map((r) => [r.method, r.failed])).toEqual([
        [INVALID_METHOD_LABEL, true],
        [INVALID_METHOD_LABEL, true],
      ]);
    });

    it('is optional', () => {
      const h = harness({}, false);
      expect(syncDispatch(h, { method: 'Test.Echo', params: [1], id: 1 })).toMatchObject({ result: 1 });
    });
  });

  describe('encode', () => {
    it('replaces a reply JSON cannot represent with a SERVER_ERROR for the same id', () => {
      const h = harness();
      expect(JSON.parse(wire(h, { method: 'Test.BigInt', params: [], id: 4 }))).toEqual({
        id: 4,
        result: null,
        error: 'SERVER_ERROR: cannot encode reply: Do not know how to serialize a BigInt',
      });
      expect(h.logs).toHaveLength(1);
    });

    it('replaces only the bad member of a batch', () => {
      const h = harness();
      expect(
        JSON.parse(
          wire(h, [
            { jsonrpc: '2.0', method: 'Test.BigInt', params: [], id: 1 },
            { jsonrpc: '2.0', method: 'Test.Echo', params: [2], id: 2 },
          ]),
        ),
      ).toEqual([
        {
          jsonrpc: '2.0',
          id: 1,
          error: {
            code: -32603,
            message: 'SERVER_ERROR: cannot encode reply: Do not know how to serialize a BigInt',
          },
        },
        { jsonrpc: '2.0', id: 2, result: 2 },
      ]);
    });
  });
});
