import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../../../src/series/http-route';

/** What a route wrote. */
export interface FakeReply {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** Calls a route with an in-memory request/response pair (no sockets): unit tests do no I/O. */
export async function callRoute(
  route: HttpRoute,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<FakeReply> {
  const reply: FakeReply = { status: 0, headers: {}, body: '' };
  const req = { method, headers } as unknown as IncomingMessage;
  const fake = {
    headersSent: false,
    writeHead(status: number, h: Record<string, string | number>): unknown {
      reply.status = status;
      reply.headers = h;
      fake.headersSent = true;
      return fake;
    },
    end(body?: string): void {
      reply.body = body ?? '';
    },
  };
  const res = fake as unknown as ServerResponse;
  await route(req, res, new URL(pathAndQuery, 'http://localhost'));
  return reply;
}

/** The decoded `{"alerts":[…]}` text of an error reply. */
export function alertText(reply: FakeReply): string {
  const parsed = JSON.parse(reply.body) as { alerts: Array<{ text: string; level: string }> };
  expect(parsed.alerts).toHaveLength(1);
  expect(parsed.alerts[0]?.level).toBe('error');
  return parsed.alerts[0]?.text ?? '';
}
