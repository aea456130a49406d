/**
 * Design choices: what the stream framer, the filter index and reply coalescing buy, measured
 * against the alternatives DESIGN §2 rules out (a rescanning framer, matching without an index,
 * one write per reply), and what the metric layout costs against the proposed slot columns.
 */
import { BenchChild } from './bench-child';
import type { BenchParams } from './bench-params';
import type { DesignFigures, DesignTask, FramerFigures, IndexFigures } from './design-worker';
import type { LayoutFigures } from './metric-layout-model';
import { round3 } from './sample-stats';
import type { WireResult } from './wire-bench';

export interface CoalescingFigures {
  /** Replies per client read from the echo server, which writes once per request chunk it reads. */
  readonly echoTcpRepliesPerRead: number | null;
  /** Replies per client read from StatQueue, which writes once per socket per event-loop turn. */
  readonly statqueueTcpRepliesPerRead: number | null;
  /** Socket writes per reply made by the echo server (one per chunk it read). */
  readonly echoTcpWritesPerReply: number | null;
  /** Socket writes per reply made by StatQueue: the inverse is the replies one write carries. */
  readonly statqueueTcpWritesPerReply: number | null;
}

export interface DesignResult {
  readonly framer: FramerFigures;
  readonly index: IndexFigures;
  readonly metricLayout: LayoutFigures;
  readonly coalescing: CoalescingFigures;
}

const SLACK_MS = 60_000;

function rounded<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'number' ? round3(v) : v;
  return out as T;
}

export async function measureDesign(p: BenchParams, wire: WireResult): Promise<DesignResult> {
  const task: DesignTask = {
    profiles: p.profiles,
    layoutQueues: p.memory.queues,
    layoutItems: p.memory.itemsPerQueue,
    layoutEvents: p.design.requests * 10,
    requests: p.design.requests,
    rounds: p.design.rounds,
    chunkBytes: p.design.chunkBytes,
    largeFrameBytes: p.design.largeFrameBytes,
    budgetMs: p.design.budgetMs,
  };
  const { child } = await BenchChild.start('design-worker', task, {
    lifetimeMs: task.budgetMs + SLACK_MS,
    execArgv: ['--expose-gc'],
  });
  try {
    const figures = (await child.next('result', task.budgetMs + SLACK_MS))['result'] as DesignFigures;
    return {
      framer: rounded(figures.framer),
      index: rounded(figures.index),
      metricLayout: {
        ...rounded(figures.metricLayout),
        mapPerMetricScavenges: rounded(figures.metricLayout.mapPerMetricScavenges),
        slotColumnsScavenges: rounded(figures.metricLayout.slotColumnsScavenges),
      },
      coalescing: {
        echoTcpRepliesPerRead: wire.tcp.echo.repliesPerRead,
        statqueueTcpRepliesPerRead: wire.tcp.statqueue.repliesPerRead,
        echoTcpWritesPerReply: wire.tcp.echo.serverWritesPerReply,
        statqueueTcpWritesPerReply: wire.tcp.statqueue.serverWritesPerReply,
      },
    };
  } finally {
    await child.kill();
  }
}
