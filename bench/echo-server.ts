/**
 * The protocol limit: a minimal raw JSON-RPC server that frames, parses and answers each request
 * with `{"id", "result": params[0], "error": null}` and does nothing else. Its throughput on the
 * bench payload is the denominator of the wire target (DESIGN §6.1). Run as a child process.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { countSocketWrites, runChild, toParent } from './bench-child';
import type { BenchMessage } from './bench-child';
import { GcWatchHandler } from './gc-watch';

const HOST = '127.0.0.1';
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

interface EchoRequest {
  readonly id?: unknown;
  readonly params?: readonly unknown[];
}

function reply(text: string): string {
  const req = JSON.parse(text) as EchoRequest;
  return JSON.stringify({ id: req.id ?? null, result: req.params?.[0] ?? null, error: null });
}

/**
 * The simplest framer that still reads CGRateS streams: brace depth outside strings over the text
 * received so far; the scan resumes where it stopped, so nothing is rescanned.
 */
function serveTcp(socket: Socket): void {
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  let buf = '';
  let scan = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  socket.on('data', (chunk: string) => {
    buf += chunk;
    let start = 0;
    let out = '';
    for (let i = scan; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE) {
        if (depth++ === 0) start = i;
      } else if (c === CLOSE_BRACE && --depth === 0) {
        out += reply(buf.slice(start, i + 1));
        out += '\n';
        start = i + 1;
      }
    }
    buf = depth === 0 ? '' : buf.slice(start);
    scan = buf.length;
    if (out.length > 0) socket.write(out);
  });
  socket.on('error', () => socket.destroy());
}

function serveHttp(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = `${reply(Buffer.concat(chunks).toString('utf8'))}\n`;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.listen(0, HOST, resolve));
}

runChild(async () => {
  const socketWrites = countSocketWrites();
  const tcp = createTcpServer({ noDelay: true }, serveTcp);
  const http = createHttpServer({ keepAliveTimeout: 60_000 }, serveHttp);
  await listen(tcp);
  await listen(http);
  const gcWatch = new GcWatchHandler();
  process.on('message', (m: BenchMessage) => {
    if (gcWatch.handle(m)) return;
    if (m.type === 'cpu') toParent({ type: 'cpu', usage: process.cpuUsage(), writes: socketWrites() });
    else if (m.type === 'stop') {
      tcp.close();
      http.close();
      http.closeAllConnections();
      process.exit(0);
    }
  });
  toParent({
    type: 'ready',
    tcpPort: (tcp.address() as AddressInfo).port,
    httpPort: (http.address() as AddressInfo).port,
  });
});
