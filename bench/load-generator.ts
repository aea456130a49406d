/**
 * The load generator, always in its own process so that it never shares an event loop with the
 * server it measures. Three shapes, all bounded in count and time:
 * - `closed`: C connections with W requests in flight each (TCP, pipelined) or C keep-alive
 *   connections with one request each (HTTP); throughput over a fixed window after a warm-up.
 * - `open`: a constant request rate over TCP whatever the replies do; latency is measured from
 *   each request's scheduled send time, so a stalled server is charged for the queue it causes.
 * - `count`: exactly N requests (the pre-fill), as fast as the window allows.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { childArg, runChild, toParent, toParentFlushed } from './bench-child';
import { OK_TAIL, ReplyScanner } from './reply-scanner';
import { summarizeLatency } from './sample-stats';
import type { LatencySummary } from './sample-stats';
import { EventFactory } from './workload';

const HOST = '127.0.0.1';
/** How long in-flight requests may take to come back after the window closes. */
const DRAIN_TIMEOUT_MS = 5_000;
const OPEN_TICK_MS = 1;

export interface LoadOptions {
  readonly mode: 'closed' | 'open' | 'count';
  readonly transport: 'tcp' | 'http';
  readonly port: number;
  readonly httpPath: string;
  readonly connections: number;
  /** TCP requests in flight per connection (HTTP always 1). */
  readonly window: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** `open`: requests per second. */
  readonly rate: number;
  /** `count`: requests to send. */
  readonly count: number;
  /** Profiles of the workload (decides which keys the events carry). */
  readonly profiles: number;
  /** Prefix of every event ID: unique per run, so IDs never repeat in a queue. */
  readonly runTag: string;
}

export interface LoadResult {
  readonly mode: LoadOptions['mode'];
  readonly transport: LoadOptions['transport'];
  readonly sent: number;
  readonly received: number;
  readonly errors: number;
  readonly firstError: string | null;
  /** Replies received inside the measured window. */
  readonly windowReplies: number;
  readonly windowMs: number;
  readonly rps: number;
  /** CPU the generator itself used during the window, in % of one core. */
  readonly clientCpuPct: number;
  readonly latency: LatencySummary | null;
  readonly requestBytes: number;
  /** False when the run ended on its time bound with requests unanswered. */
  readonly drained: boolean;
  /** TCP: replies per socket read, i.e. how many replies the server coalesced per write (roughly). */
  readonly repliesPerRead: number | null;
}

function firstErrorOf(scanners: readonly ReplyScanner[]): string | null {
  for (const s of scanners) if (s.firstError !== null) return s.firstError;
  return null;
}

/** Measured-window bookkeeping shared by every mode. */
class Window {
  startMs = 0;
  endMs = 0;
  repliesAtStart = 0;
  repliesAtEnd = 0;
  cpuAtStart: NodeJS.CpuUsage = process.cpuUsage();
  cpuUsedUs = 0;
  open = false;
  closed = false;

  begin(replies: number): void {
    this.startMs = performance.now();
    this.repliesAtStart = replies;
    this.cpuAtStart = process.cpuUsage();
    this.open = true;
    toParent({ type: 'mark', phase: 'start' });
  }

  end(replies: number): void {
    this.endMs = performance.now();
    this.repliesAtEnd = replies;
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.cpuUsedUs = cpu.user + cpu.system;
    this.open = false;
    this.closed = true;
    toParent({ type: 'mark', phase: 'end' });
  }

  get ms(): number {
    return this.endMs - this.startMs;
  }
}

function connectTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: HOST, port, noDelay: true });
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Closed-loop and count modes over TCP: every reply releases one more request on its connection. */
async function runTcpClosed(opts: LoadOptions): Promise<LoadResult> {
  const factory = new EventFactory({ profiles: opts.profiles });
  const sockets = await Promise.all(Array.from({ length: opts.connections }, () => connectTcp(opts.port)));
  // One scanner per socket: a reply split across reads must be stitched within its own stream.
  const scanners = sockets.map(() => new ReplyScanner(false));
  const counted = opts.mode === 'count';
  const limit = counted ? opts.count : Number.MAX_SAFE_INTEGER;
  const win = new Window();
  let seq = 0;
  let sent = 0;
  let received = 0;
  let errors = 0;
  let sending = true;
  let requestBytes = 0;
  let reads = 0;
  const onReply = (_id: number, ok: boolean): void => {
    if (!ok) errors++;
  };
  const batch = (k: number): string => {
    let out = '';
    for (let i = 0; i < k && seq < limit; i++, seq++) {
      out += factory.requestJson(seq, `${opts.runTag}${seq}`, seq);
      out += '\n';
    }
    return out;
  };

  return new Promise<LoadResult>((resolve) => {
    let finished = false;
    const finish = (drained: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimeout(hardStop);
      for (const s of sockets) s.destroy();
      if (!win.closed) win.end(received);
      resolve({
        mode: opts.mode,
        transport: 'tcp',
        sent,
        received,
        errors,
        firstError: firstErrorOf(scanners),
        windowReplies: win.repliesAtEnd - win.repliesAtStart,
        windowMs: win.ms,
        rps: win.ms > 0 ? ((win.repliesAtEnd - win.repliesAtStart) * 1000) / win.ms : 0,
        clientCpuPct: win.ms > 0 ? win.cpuUsedUs / 10 / win.ms : 0,
        latency: null,
        requestBytes,
        drained,
        repliesPerRead: reads > 0 ? received / reads : null,
      });
    };
    const maybeDone = (): void => {
      if ((!sending || sent >= limit) && received >= sent) finish(true);
    };
    const stopSending = (): void => {
      sending = false;
      maybeDone();
    };
    const totalMs = counted ? opts.durationMs : opts.warmupMs + opts.durationMs;
    const hardStop = setTimeout(() => finish(false), totalMs + DRAIN_TIMEOUT_MS);
    if (counted) {
      win.begin(0);
      setTimeout(stopSending, opts.durationMs);
    } else {
      setTimeout(() => win.begin(received), opts.warmupMs);
      setTimeout(() => {
        win.end(received);
        stopSending();
      }, opts.warmupMs + opts.durationMs);
    }
    for (const [i, s] of sockets.entries()) {
      const scanner = scanners[i] as ReplyScanner;
      s.on('data', (chunk: Buffer) => {
        reads++;
        const k = scanner.scan(chunk, onReply);
        received += k;
        if (counted && received >= limit && !win.closed) win.end(received);
        if (sending && sent < limit && k > 0) {
          const out = batch(k);
          if (out.length > 0) {
            sent += countLines(out);
            s.write(out);
          }
        }
        maybeDone();
      });
      s.on('error', () => finish(false));
      const first = batch(opts.window);
      requestBytes = first.length / Math.max(1, countLines(first));
      sent += countLines(first);
      s.write(first);
    }
  });
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Closed loop over HTTP: C keep-alive sockets, one request in flight on each (no pipelining). */
async function runHttpClosed(opts: LoadOptions): Promise<LoadResult> {
  const factory = new EventFactory({ profiles: opts.profiles });
  const agent = new Agent({
    keepAlive: true,
    maxSockets: opts.connections,
    maxFreeSockets: opts.connections,
  });
  const win = new Window();
  let seq = 0;
  let sent = 0;
  let received = 0;
  let errors = 0;
  let firstError: string | null = null;
  let sending = true;
  let requestBytes = 0;

  return new Promise<LoadResult>((resolve) => {
    let finished = false;
    const finish = (drained: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimeout(hardStop);
      agent.destroy();
      if (!win.closed) win.end(received);
      resolve({
        mode: opts.mode,
        transport: 'http',
        sent,
        received,
        errors,
        firstError,
        windowReplies: win.repliesAtEnd - win.repliesAtStart,
        windowMs: win.ms,
        rps: win.ms > 0 ? ((win.repliesAtEnd - win.repliesAtStart) * 1000) / win.ms : 0,
        clientCpuPct: win.ms > 0 ? win.cpuUsedUs / 10 / win.ms : 0,
        latency: null,
        requestBytes,
        drained,
        repliesPerRead: null,
      });
    };
    const hardStop = setTimeout(() => finish(false), opts.warmupMs + opts.durationMs + DRAIN_TIMEOUT_MS);
    setTimeout(() => win.begin(received), opts.warmupMs);
    setTimeout(() => {
      win.end(received);
      sending = false;
      if (received >= sent) finish(true);
    }, opts.warmupMs + opts.durationMs);

    const fire = (): void => {
      const n = seq++;
      const body = factory.requestJson(n, `${opts.runTag}${n}`, n);
      requestBytes = body.length;
      sent++;
      const req = httpRequest(
        {
          host: HOST,
          port: opts.port,
          path: opts.httpPath,
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            received++;
            const text = Buffer.concat(chunks).toString('utf8').trimEnd();
            if (res.statusCode !== 200 || !text.endsWith(OK_TAIL)) {
              errors++;
              firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
            }
            if (sending) fire();
            else if (received >= sent) finish(true);
          });
        },
      );
      req.on('error', (err) => {
        errors++;
        firstError ??= err.message;
        finish(false);
      });
      req.end(body);
    };
    for (let i = 0; i < opts.connections; i++) fire();
  });
}

/**
 * Open loop over TCP: request n is due at start + n / rate. Each 1 ms tick sends what is due,
 * round-robin over the connections, whatever is still unanswered.
 */
async function runTcpOpen(opts: LoadOptions): Promise<LoadResult> {
  const factory = new EventFactory({ profiles: opts.profiles });
  const sockets = await Promise.all(Array.from({ length: opts.connections }, () => connectTcp(opts.port)));
  const scanners = sockets.map(() => new ReplyScanner(true));
  const totalMs = opts.warmupMs + opts.durationMs;
  const maxRequests = Math.ceil((opts.rate * totalMs) / 1000) + 1;
  const periodMs = 1000 / opts.rate;
  // Latency of the requests scheduled inside the window, in ms.
  const firstMeasured = Math.ceil((opts.rate * opts.warmupMs) / 1000);
  const samples = new Float64Array(Math.max(0, maxRequests - firstMeasured));
  const win = new Window();
  let nSamples = 0;
  let sent = 0;
  let received = 0;
  let errors = 0;
  let requestBytes = 0;
  let reads = 0;
  let t0 = 0;
  let next = 0;

  return new Promise<LoadResult>((resolve) => {
    let finished = false;
    const finish = (drained: boolean): void => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearTimeout(hardStop);
      for (const s of sockets) s.destroy();
      if (!win.closed) win.end(received);
      resolve({
        mode: 'open',
        transport: 'tcp',
        sent,
        received,
        errors,
        firstError: firstErrorOf(scanners),
        windowReplies: win.repliesAtEnd - win.repliesAtStart,
        windowMs: win.ms,
        rps: win.ms > 0 ? ((win.repliesAtEnd - win.repliesAtStart) * 1000) / win.ms : 0,
        clientCpuPct: win.ms > 0 ? win.cpuUsedUs / 10 / win.ms : 0,
        latency: summarizeLatency(samples.subarray(0, nSamples)),
        requestBytes,
        drained,
        repliesPerRead: reads > 0 ? received / reads : null,
      });
    };
    const onReply = (id: number, ok: boolean): void => {
      received++;
      if (!ok) errors++;
      if (id >= firstMeasured && id < maxRequests && nSamples < samples.length) {
        samples[nSamples++] = performance.now() - (t0 + id * periodMs);
      }
    };
    for (const [i, s] of sockets.entries()) {
      const scanner = scanners[i] as ReplyScanner;
      s.on('data', (chunk: Buffer) => {
        reads++;
        scanner.scan(chunk, onReply);
        if (next >= maxRequests && received >= sent) finish(true);
      });
      s.on('error', () => finish(false));
    }
    const outs: string[] = sockets.map(() => '');
    const tick = (): void => {
      const due = Math.min(maxRequests, Math.floor((performance.now() - t0) / periodMs) + 1);
      if (!win.open && !win.closed && next >= firstMeasured) win.begin(received);
      let c = next % sockets.length;
      for (; next < due; next++) {
        outs[c] += factory.requestJson(next, `${opts.runTag}${next}`, next);
        outs[c] += '\n';
        c = (c + 1) % sockets.length;
        sent++;
      }
      for (let i = 0; i < sockets.length; i++) {
        const out = outs[i] as string;
        if (out.length === 0) continue;
        if (requestBytes === 0) requestBytes = out.length / Math.max(1, countLines(out));
        (sockets[i] as Socket).write(out);
        outs[i] = '';
      }
      if (next >= maxRequests) {
        clearInterval(ticker);
        if (win.open) win.end(received);
        if (received >= sent) finish(true);
      }
    };
    t0 = performance.now();
    const ticker = setInterval(tick, OPEN_TICK_MS);
    const hardStop = setTimeout(() => finish(false), totalMs + DRAIN_TIMEOUT_MS);
    tick();
  });
}

runChild(async () => {
  const opts = childArg<LoadOptions>();
  toParent({ type: 'ready' });
  let result: LoadResult;
  if (opts.mode === 'open') result = await runTcpOpen(opts);
  else if (opts.transport === 'http') result = await runHttpClosed(opts);
  else result = await runTcpClosed(opts);
  await toParentFlushed({ type: 'result', result });
  // Nothing else is pending; leaving at once frees the CPU for whatever the bench runs next.
  process.exit(0);
});
