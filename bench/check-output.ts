/**
 * Checks that a bench document has every field with the right type: a structural check for CI,
 * never a timing threshold (absolute figures drift on shared machines; targets are reported, not
 * enforced). Usable as a module (run.ts checks its own output) or as a command:
 * `node dist/bench/check-output.js [file]` (stdin when no file), exit 1 with the list of problems.
 */
import { readFileSync } from 'node:fs';
import { BENCH_SCHEMA } from './bench-result';

/** A leaf type, or a nested template. `?` admits null. */
type Leaf =
  'number' | 'number?' | 'string' | 'string?' | 'boolean' | 'boolean?' | 'number[]' | 'object?' | 'params';
interface Template {
  readonly [key: string]: Leaf | Template | NullableSection;
}
/** A section that may be null only when a sibling string field says why. */
interface NullableSection {
  readonly nullableWithReason: string;
  readonly template: Template;
}

const LOAD: Template = {
  rps: 'number',
  windowMs: 'number',
  windowReplies: 'number',
  sent: 'number',
  received: 'number',
  errors: 'number',
  firstError: 'string?',
  drained: 'boolean',
  connections: 'number',
  window: 'number',
  requestBytes: 'number',
  clientCpuPct: 'number',
  serverCpuPct: 'number?',
  othersCpuPct: 'number?',
  repliesPerRead: 'number?',
  serverWritesPerReply: 'number?',
  latency: 'object?',
};

const PAIR: Template = {
  echoRps: 'number',
  statqueueRps: 'number',
  ratio: 'number',
  echo: LOAD,
  statqueue: LOAD,
};

const SETUP: Template = {
  dataDb: 'string',
  profiles: 'number',
  queueLength: 'number',
  metricsPerQueue: 'number',
  loadProfilesMs: 'number',
  prefillEvents: 'number',
  prefillMs: 'number',
  prefillRps: 'number',
  prefillErrors: 'number',
  queues: 'number',
  items: 'number',
  queuesFull: 'boolean',
};

const LATENCY_RUN: Template = {
  rateRps: 'number',
  achievedRps: 'number',
  count: 'number',
  errors: 'number',
  firstError: 'string?',
  drained: 'boolean',
  unanswered: 'number',
  p50Ms: 'number',
  p90Ms: 'number',
  p99Ms: 'number',
  p999Ms: 'number',
  maxMs: 'number',
  meanMs: 'number',
  clientCpuPct: 'number',
  serverCpuPct: 'number?',
  othersCpuPct: 'number?',
  gc: {
    minor: 'number',
    minorMeanMs: 'number',
    minorMaxMs: 'number',
    major: 'number',
    majorMaxMs: 'number',
    totalMs: 'number',
    loopDelayP99Ms: 'number',
    loopDelayMaxMs: 'number',
  },
};

const FLUSH: Template = {
  store: 'string',
  queues: 'number',
  itemsPerQueue: 'number',
  runsMs: 'number[]',
  medianMs: 'number',
  written: 'number',
};

const SCALE_POINT: Template = {
  profiles: 'number',
  processEventNs: 'number',
  matchNs: 'number',
  eventsPerSec: 'number',
  queuesFull: 'boolean',
  setupMs: 'number',
  prefillMs: 'number',
};

const SCAVENGES: Template = { count: 'number', meanMs: 'number', maxMs: 'number', msPer1kEvents: 'number' };

const TARGET: Template = { target: 'string', value: 'number?', met: 'boolean?', disturbed: 'boolean?' };

/** Every field of a bench document. */
export const DOCUMENT_TEMPLATE: Template = {
  schema: 'string',
  mode: 'string',
  startedAt: 'string',
  totalMs: 'number',
  machine: {
    cpus: 'number',
    availableParallelism: 'number',
    cpuModel: 'string',
    cpuMHz: 'number',
    totalMemMB: 'number',
    nodeVersion: 'string',
    v8Version: 'string',
    platform: 'string',
    arch: 'string',
    osRelease: 'string',
    loadAvg1: 'number',
  },
  params: 'params',
  wire: { setup: SETUP, tcp: PAIR, http: PAIR, queuesFullAfter: 'boolean' },
  core: {
    profiles: 'number',
    queueLength: 'number',
    metricsPerQueue: 'number',
    poolSize: 'number',
    rounds: 'number',
    requestBytes: 'number',
    queuesFull: 'boolean',
    processEventNs: 'number',
    jsonParseNs: 'number',
    ratio: 'number',
    matchNs: 'number',
    eventsPerSec: 'number',
    setupMs: 'number',
    prefillMs: 'number',
  },
  scale: {
    queueLength: 'number',
    metricsPerQueue: 'number',
    small: SCALE_POINT,
    large: SCALE_POINT,
    ratio: 'number',
  },
  memory: {
    queues: 'number',
    itemsPerQueue: 'number',
    metricsPerQueue: 'number',
    items: 'number',
    queuesFull: 'boolean',
    heapBeforeBytes: 'number',
    heapAfterBytes: 'number',
    bytesPerItem: 'number',
    fifoOnlyBytesPerItem: 'number',
    metricsBytesPerItem: 'number',
  },
  latency: {
    rateFraction: 'number',
    maxTcpRps: 'number',
    rateRps: 'number',
    connections: 'number',
    warmupMs: 'number',
    durationMs: 'number',
    noFlush: LATENCY_RUN,
    echoControl: LATENCY_RUN,
    flush: FLUSH,
    flushInternal: FLUSH,
    duringFlush: {
      nullableWithReason: 'duringFlushReason',
      template: {
        store: 'string',
        redisVersion: 'string',
        setup: SETUP,
        baseline: LATENCY_RUN,
        flushing: LATENCY_RUN,
        flushRuns: 'number',
        flushMsMedian: 'number',
        baselineRedisCpuPct: 'number?',
        flushingRedisCpuPct: 'number?',
        p99Ratio: 'number',
      },
    },
    duringFlushReason: 'string?',
  },
  design: {
    framer: {
      requests: 'number',
      chunkBytes: 'number',
      framerNsPerRequest: 'number',
      jsonParseNsPerRequest: 'number',
      framingOverheadNs: 'number',
      largeFrameBytes: 'number',
      largeFrameMs: 'number',
      largeFrameRescanMs: 'number',
    },
    index: { profiles: 'number', indexedMatchNs: 'number', bruteForceMatchNs: 'number', speedup: 'number' },
    metricLayout: {
      queues: 'number',
      itemsPerQueue: 'number',
      metrics: 'number',
      mapPerMetricNs: 'number',
      slotColumnsNs: 'number',
      mapPerMetricBytesPerItem: 'number',
      slotColumnsBytesPerItem: 'number',
      mapPerMetricScavenges: SCAVENGES,
      slotColumnsScavenges: SCAVENGES,
    },
    coalescing: {
      echoTcpRepliesPerRead: 'number',
      statqueueTcpRepliesPerRead: 'number',
      echoTcpWritesPerReply: 'number',
      statqueueTcpWritesPerReply: 'number',
    },
  },
  targets: {
    wireTcp: TARGET,
    core: TARGET,
    scale: TARGET,
    memory: TARGET,
    latencyP99: TARGET,
    latencyFlush: TARGET,
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkLeaf(leaf: Leaf, v: unknown, path: string, problems: string[]): void {
  const finite = typeof v === 'number' && Number.isFinite(v);
  let ok: boolean;
  switch (leaf) {
    case 'number':
      ok = finite;
      break;
    case 'number?':
      ok = v === null || finite;
      break;
    case 'string':
      ok = typeof v === 'string' && v !== '';
      break;
    case 'string?':
      ok = v === null || typeof v === 'string';
      break;
    case 'boolean':
      ok = typeof v === 'boolean';
      break;
    case 'boolean?':
      ok = v === null || typeof v === 'boolean';
      break;
    case 'number[]':
      ok = Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
      break;
    case 'object?':
      ok = v === null || isRecord(v);
      break;
    case 'params':
      ok = isRecord(v) && Object.keys(v).length > 0;
      break;
  }
  if (!ok) problems.push(`${path}: expected ${leaf}, got ${JSON.stringify(v) ?? 'nothing'}`);
}

function checkTemplate(t: Template, v: unknown, path: string, problems: string[]): void {
  if (!isRecord(v)) {
    problems.push(`${path}: expected an object, got ${JSON.stringify(v) ?? 'nothing'}`);
    return;
  }
  for (const [key, spec] of Object.entries(t)) {
    const p = path === '' ? key : `${path}.${key}`;
    const value = v[key];
    if (typeof spec === 'string') checkLeaf(spec, value, p, problems);
    else if ('nullableWithReason' in spec && typeof spec.nullableWithReason === 'string') {
      const section = spec as NullableSection;
      if (value === null) {
        const reason = v[section.nullableWithReason];
        if (typeof reason !== 'string' || reason === '')
          problems.push(`${p}: null without a ${section.nullableWithReason}`);
      } else checkTemplate(section.template, value, p, problems);
    } else checkTemplate(spec as Template, value, p, problems);
  }
}

/** Every problem with a bench document's field set; empty when it is complete. */
export function checkBenchDocument(doc: unknown): string[] {
  const problems: string[] = [];
  checkTemplate(DOCUMENT_TEMPLATE, doc, '', problems);
  if (isRecord(doc) && doc['schema'] !== BENCH_SCHEMA) problems.push(`schema: expected ${BENCH_SCHEMA}`);
  return problems;
}

function main(): void {
  const file = process.argv[2];
  const text = readFileSync(file ?? 0, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    process.stderr.write(`not one JSON document: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const problems = checkBenchDocument(doc);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problem(s):\n${problems.map((x) => `  ${x}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stderr.write('bench document: every field present\n');
}

if (require.main === module) main();
