/**
 * What design choices buy, measured in a child process (with --expose-gc): the stream framer (its
 * cost per request next to JSON.parse, and linear against rescanning on a large frame), the filter
 * index (matching through it against evaluating every profile's filters), and the metric layout
 * (today's Map per metric against the proposed slot columns, in a model of the queue state).
 */
import { performance } from 'node:perf_hooks';
import { DP_OPTS, DP_REQ } from '../src/engine/types';
import type { EventDP } from '../src/engine/types';
import { JsonStreamFramer } from '../src/rpc/json-stream-framer';
import { childArg, runChild, toParent, toParentFlushed } from './bench-child';
import { InProcessEngine, checkDeadline } from './in-process-engine';
import { measureMetricLayout } from './metric-layout-model';
import type { LayoutFigures } from './metric-layout-model';
import { median } from './sample-stats';
import { BENCH_TENANT, profileArg } from './workload';

export interface DesignTask {
  readonly profiles: number;
  /** Sizes of the metric layout model (the memory section's queues). */
  readonly layoutQueues: number;
  readonly layoutItems: number;
  readonly layoutEvents: number;
  readonly requests: number;
  readonly rounds: number;
  readonly chunkBytes: number;
  readonly largeFrameBytes: number;
  readonly budgetMs: number;
}

export interface FramerFigures {
  readonly requests: number;
  readonly chunkBytes: number;
  /** JsonStreamFramer.push over the stream, JSON.parse included, per request. */
  readonly framerNsPerRequest: number;
  /** JSON.parse alone of the same requests. */
  readonly jsonParseNsPerRequest: number;
  /** What finding the value boundaries costs on top of parsing. */
  readonly framingOverheadNs: number;
  readonly largeFrameBytes: number;
  /** One value of largeFrameBytes arriving in chunkBytes chunks: JsonStreamFramer. */
  readonly largeFrameMs: number;
  /** The same through a framer that rescans its whole buffer on every chunk (jayson's shape). */
  readonly largeFrameRescanMs: number;
}

export interface IndexFigures {
  readonly profiles: number;
  /** StatService.queuesForEvent: index candidates, their filters, sort. */
  readonly indexedMatchNs: number;
  /** FilterS.Pass over every profile's filters, as matching without an index must. */
  readonly bruteForceMatchNs: number;
  readonly speedup: number;
}

export interface DesignFigures {
  readonly framer: FramerFigures;
  readonly index: IndexFigures;
  readonly metricLayout: LayoutFigures;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The framing DESIGN §2 rules out: append each chunk to one buffer and scan it again from the
 * start until a complete value is found. Kept only as the comparison point.
 */
function rescanFramer(): (chunk: Buffer, onValue: (v: unknown) => void) => void {
  let buf = Buffer.alloc(0);
  return (chunk, onValue) => {
    buf = Buffer.concat([buf, chunk]);
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACE && --depth === 0) {
        onValue(JSON.parse(buf.toString('utf8', 0, i + 1)));
        buf = buf.subarray(i + 1);
        return;
      }
    }
  };
}

function chunksOf(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, Math.min(data.length, i + size)));
  return out;
}

/** A ProcessEvent request whose Event carries `bytes` of extra fields (a CDR with a big payload). */
function largeRequest(bytes: number): Buffer {
  const fields: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const f = `"Extra${i}":"${'x'.repeat(100)}"`;
    fields.push(f);
    size += f.length + 1;
  }
  return Buffer.from(
    `{"method":"StatSv1.ProcessEvent","params":[{"Tenant":"${BENCH_TENANT}","ID":"big","Event":{${fields.join(',')}}}],"id":1}\n`,
  );
}

function measureFramer(t: DesignTask, engine: InProcessEngine, deadline: number): FramerFigures {
  const texts = Array.from({ length: t.requests }, (_, k) => engine.factory.requestJson(k, `f${k}`, k));
  const chunks = chunksOf(Buffer.from(texts.map((x) => `${x}\n`).join('')), t.chunkBytes);
  let sink = 0;
  const onValue = (v: unknown): void => {
    sink += (v as { id: number }).id;
  };
  const framerNs: number[] = [];
  const parseNs: number[] = [];
  for (let r = 0; r <= t.rounds; r++) {
    checkDeadline(deadline, 'timing the framer');
    const framer = new JsonStreamFramer({ maxFrameBytes: 1 << 20 });
    const a = performance.now();
    for (const c of chunks) framer.push(c, onValue);
    if (r > 0) framerNs.push(((performance.now() - a) * 1e6) / t.requests);
    const b = performance.now();
    for (const x of texts) onValue(JSON.parse(x));
    if (r > 0) parseNs.push(((performance.now() - b) * 1e6) / t.requests);
  }
  const large = chunksOf(largeRequest(t.largeFrameBytes), t.chunkBytes);
  const ownMs: number[] = [];
  const rescanMs: number[] = [];
  for (let r = 0; r < 3; r++) {
    checkDeadline(deadline, 'timing a large frame');
    const framer = new JsonStreamFramer({ maxFrameBytes: t.largeFrameBytes * 2 });
    const a = performance.now();
    for (const c of large) framer.push(c, onValue);
    ownMs.push(performance.now() - a);
    const rescan = rescanFramer();
    const b = performance.now();
    for (const c of large) rescan(c, onValue);
    rescanMs.push(performance.now() - b);
  }
  if (sink === 0) throw new Error('the framer delivered nothing');
  const framer = median(framerNs);
  const parse = median(parseNs);
  return {
    requests: t.requests,
    chunkBytes: t.chunkBytes,
    framerNsPerRequest: framer,
    jsonParseNsPerRequest: parse,
    framingOverheadNs: framer - parse,
    largeFrameBytes: t.largeFrameBytes,
    largeFrameMs: median(ownMs),
    largeFrameRescanMs: median(rescanMs),
  };
}

function measureIndex(t: DesignTask, engine: InProcessEngine, deadline: number): IndexFigures {
  engine.loadProfiles(deadline);
  const filterIDs = Array.from(
    { length: t.profiles },
    (_, i) => profileArg(engine.shape, i)['FilterIDs'] as string[],
  );
  const pool = Array.from({ length: Math.min(t.requests, 2000) }, (_, k) =>
    engine.factory.eventArg(k, `x${k}`),
  );
  const indexed: number[] = [];
  const brute: number[] = [];
  let sink = 0;
  for (let r = 0; r <= t.rounds; r++) {
    checkDeadline(deadline, 'timing matching');
    const a = performance.now();
    for (const ev of pool) sink += engine.stats.queuesForEvent(ev).length;
    if (r > 0) indexed.push(((performance.now() - a) * 1e6) / pool.length);
    // Brute force on a sixteenth of the pool: it is orders of magnitude slower per event.
    const sample = pool.slice(0, Math.max(1, pool.length >> 4));
    const b = performance.now();
    for (const ev of sample) {
      const dp = { [DP_REQ]: ev['Event'], [DP_OPTS]: ev['APIOpts'] } as EventDP;
      for (const ids of filterIDs) if (engine.filters.pass(BENCH_TENANT, ids, dp)) sink++;
    }
    if (r > 0) brute.push(((performance.now() - b) * 1e6) / sample.length);
  }
  if (sink === 0) throw new Error('no event matched');
  const i = median(indexed);
  const bf = median(brute);
  return { profiles: t.profiles, indexedMatchNs: i, bruteForceMatchNs: bf, speedup: bf / i };
}

runChild(async () => {
  const t = childArg<DesignTask>();
  toParent({ type: 'ready' });
  const deadline = Date.now() + t.budgetMs;
  const engine = new InProcessEngine({ profiles: t.profiles, queueLength: 100, stored: false, metrics: 6 });
  const framer = measureFramer(t, engine, deadline);
  const index = measureIndex(t, engine, deadline);
  checkDeadline(deadline, 'starting the metric layout model');
  const metricLayout = await measureMetricLayout(t.layoutQueues, t.layoutItems, 6, t.layoutEvents);
  const result: DesignFigures = { framer, index, metricLayout };
  await toParentFlushed({ type: 'result', result });
  process.exit(0);
});
