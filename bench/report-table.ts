import type { BenchDocument, TargetCheck } from './bench-result';

function n(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function verdict(t: TargetCheck): string {
  if (t.met === null) return 'n/a';
  const v = t.met ? 'ok' : 'MISSED';
  return t.disturbed === true ? `${v}, machine busy` : v;
}

/** The short human summary printed on stderr after the JSON document. */
export function formatTable(d: BenchDocument): string {
  const w = d.wire;
  const l = d.latency;
  const f = l.duringFlush;
  const rows: [string, string, string, string][] = [
    [
      'wire TCP req/s',
      `echo ${n(w.tcp.echoRps)}`,
      `statqueue ${n(w.tcp.statqueueRps)}`,
      `ratio ${n(w.tcp.ratio, 3)} (${verdict(d.targets.wireTcp)})`,
    ],
    [
      'wire HTTP req/s',
      `echo ${n(w.http.echoRps)}`,
      `statqueue ${n(w.http.statqueueRps)}`,
      `ratio ${n(w.http.ratio, 3)}`,
    ],
    [
      'core ns/event',
      `JSON.parse ${n(d.core.jsonParseNs)}`,
      `processEvent ${n(d.core.processEventNs)}`,
      `ratio ${n(d.core.ratio, 3)} (${verdict(d.targets.core)})`,
    ],
    [
      'scale events/s',
      `${n(d.scale.small.profiles)} p: ${n(d.scale.small.eventsPerSec)}`,
      `${n(d.scale.large.profiles)} p: ${n(d.scale.large.eventsPerSec)}`,
      `ratio ${n(d.scale.ratio, 3)} (${verdict(d.targets.scale)})`,
    ],
    [
      'match ns/event',
      `${n(d.scale.small.profiles)} p: ${n(d.scale.small.matchNs)}`,
      `${n(d.scale.large.profiles)} p: ${n(d.scale.large.matchNs)}`,
      `${n(d.core.profiles)} p: ${n(d.core.matchNs)}`,
    ],
    [
      'memory B/item',
      `6 metrics ${n(d.memory.bytesPerItem, 1)}`,
      `FIFO only ${n(d.memory.fifoOnlyBytesPerItem, 1)}`,
      `(${verdict(d.targets.memory)})`,
    ],
    [
      'latency ms @',
      `${n(l.rateRps)} req/s`,
      `p50 ${n(l.noFlush.p50Ms, 3)} p99 ${n(l.noFlush.p99Ms, 3)}`,
      `max ${n(l.noFlush.maxMs, 3)} (${verdict(d.targets.latencyP99)})`,
    ],
    [
      'echo control ms',
      `same rate`,
      `p50 ${n(l.echoControl.p50Ms, 3)} p99 ${n(l.echoControl.p99Ms, 3)}`,
      `max ${n(l.echoControl.maxMs, 3)}`,
    ],
    [
      'engine GC pauses',
      `minor ${n(l.noFlush.gc.minor)}×`,
      `mean ${n(l.noFlush.gc.minorMeanMs, 2)} max ${n(l.noFlush.gc.minorMaxMs, 2)} ms`,
      `major ${n(l.noFlush.gc.major)}×; loop delay p99 ${n(l.noFlush.gc.loopDelayP99Ms, 1)} max ${n(l.noFlush.gc.loopDelayMaxMs, 1)} ms; others ${n(l.noFlush.othersCpuPct, 0)}% CPU`,
    ],
    [
      'latency in flush',
      f === null ? 'no redis' : `base p99 ${n(f.baseline.p99Ms, 3)}`,
      f === null
        ? (l.duringFlushReason ?? '')
        : `flush p99 ${n(f.flushing.p99Ms, 3)} max ${n(f.flushing.maxMs, 1)}`,
      `ratio ${n(f?.p99Ratio, 2)} (${verdict(d.targets.latencyFlush)})`,
    ],
    [
      'flush all queues',
      `${l.flush.store} ${n(l.flush.medianMs)} ms`,
      `*internal ${n(l.flushInternal.medianMs)} ms`,
      `${n(l.flush.queues)} × ${n(l.flush.itemsPerQueue)} items`,
    ],
  ];
  const g = d.design;
  rows.push(
    [
      'framer ns/request',
      `framer ${n(g.framer.framerNsPerRequest)}`,
      `JSON.parse ${n(g.framer.jsonParseNsPerRequest)}`,
      `${n(g.framer.largeFrameBytes / 1024)} KiB frame: ${n(g.framer.largeFrameMs, 1)} ms vs rescan ${n(g.framer.largeFrameRescanMs, 1)} ms`,
    ],
    [
      'match ns, index',
      `indexed ${n(g.index.indexedMatchNs)}`,
      `brute force ${n(g.index.bruteForceMatchNs)}`,
      `×${n(g.index.speedup, 1)} at ${n(g.index.profiles)} profiles`,
    ],
    [
      'metric layout model',
      `Map/metric ${n(g.metricLayout.mapPerMetricNs)} ns ${n(g.metricLayout.mapPerMetricBytesPerItem, 1)} B`,
      `slot columns ${n(g.metricLayout.slotColumnsNs)} ns ${n(g.metricLayout.slotColumnsBytesPerItem, 1)} B`,
      'per event (2 queues) / per item',
    ],
    [
      'TCP writes/reply',
      `echo ${n(g.coalescing.echoTcpWritesPerReply, 3)}`,
      `statqueue ${n(g.coalescing.statqueueTcpWritesPerReply, 3)}`,
      `replies/read: echo ${n(g.coalescing.echoTcpRepliesPerRead, 1)}, statqueue ${n(g.coalescing.statqueueTcpRepliesPerRead, 1)}`,
    ],
  );
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `\n${d.mode} bench, ${d.machine.cpus} CPU ${d.machine.cpuModel}, node ${d.machine.nodeVersion}, ${n(d.totalMs / 1000, 1)} s\n${lines.join('\n')}\n`;
}
