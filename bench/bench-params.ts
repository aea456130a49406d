/** Every size and duration the bench uses; printed with the results so a figure can be reproduced. */
export interface BenchParams {
  readonly mode: 'full' | 'quick';
  /** The wire, core and latency workload (DESIGN §6: 10,000 profiles, 2 matching queues of 6 metrics). */
  readonly profiles: number;
  readonly queueLength: number;
  readonly metricsPerQueue: number;
  readonly wire: {
    readonly tcpConnections: number;
    readonly tcpWindow: number;
    readonly httpConnections: number;
    readonly warmupMs: number;
    readonly durationMs: number;
    /** Calls in flight while profiles are loaded over RPC. */
    readonly loadWindow: number;
    readonly prefillConnections: number;
    readonly prefillWindow: number;
    readonly prefillBudgetMs: number;
  };
  readonly core: { readonly poolSize: number; readonly rounds: number; readonly budgetMs: number };
  readonly scale: {
    readonly smallProfiles: number;
    readonly largeProfiles: number;
    /** Shorter queues than `queueLength` so the large set can be pre-filled: the per-event work is the same. */
    readonly queueLength: number;
    readonly poolSize: number;
    readonly rounds: number;
    readonly budgetMs: number;
  };
  readonly memory: { readonly queues: number; readonly itemsPerQueue: number; readonly budgetMs: number };
  readonly design: {
    readonly requests: number;
    readonly rounds: number;
    /** A socket read's size: what the framer is fed per push. */
    readonly chunkBytes: number;
    readonly largeFrameBytes: number;
    readonly budgetMs: number;
  };
  readonly latency: {
    /** Open-loop rate as a fraction of the measured maximum TCP rate. */
    readonly rateFraction: number;
    readonly connections: number;
    readonly warmupMs: number;
    readonly durationMs: number;
    /** Timed flushes (no load) of every queue, for the flush-time figure. */
    readonly flushRepeats: number;
  };
}

export const FULL_PARAMS: BenchParams = {
  mode: 'full',
  profiles: 10_000,
  queueLength: 100,
  metricsPerQueue: 6,
  wire: {
    tcpConnections: 4,
    tcpWindow: 64,
    httpConnections: 32,
    warmupMs: 3_000,
    durationMs: 10_000,
    loadWindow: 256,
    prefillConnections: 4,
    prefillWindow: 128,
    prefillBudgetMs: 180_000,
  },
  core: { poolSize: 20_000, rounds: 9, budgetMs: 300_000 },
  scale: {
    smallProfiles: 100,
    largeProfiles: 100_000,
    queueLength: 10,
    poolSize: 20_000,
    rounds: 9,
    budgetMs: 300_000,
  },
  memory: { queues: 10_000, itemsPerQueue: 100, budgetMs: 300_000 },
  design: {
    requests: 20_000,
    rounds: 5,
    chunkBytes: 65_536,
    largeFrameBytes: 4 * 1024 * 1024,
    budgetMs: 120_000,
  },
  latency: { rateFraction: 0.5, connections: 4, warmupMs: 2_000, durationMs: 10_000, flushRepeats: 2 },
};

/** Tiny sizes and sub-second windows: every section runs and every field is emitted in seconds. */
export const QUICK_PARAMS: BenchParams = {
  mode: 'quick',
  profiles: 200,
  queueLength: 10,
  metricsPerQueue: 6,
  wire: {
    tcpConnections: 2,
    tcpWindow: 16,
    httpConnections: 4,
    warmupMs: 200,
    durationMs: 600,
    loadWindow: 64,
    prefillConnections: 2,
    prefillWindow: 32,
    prefillBudgetMs: 20_000,
  },
  core: { poolSize: 2_000, rounds: 3, budgetMs: 30_000 },
  scale: {
    smallProfiles: 100,
    largeProfiles: 2_000,
    queueLength: 10,
    poolSize: 2_000,
    rounds: 3,
    budgetMs: 30_000,
  },
  memory: { queues: 200, itemsPerQueue: 50, budgetMs: 30_000 },
  design: { requests: 2_000, rounds: 2, chunkBytes: 65_536, largeFrameBytes: 256 * 1024, budgetMs: 30_000 },
  latency: { rateFraction: 0.5, connections: 2, warmupMs: 200, durationMs: 600, flushRepeats: 1 },
};
