/**
 * The benchmark workload, shared by every measurement so that "the same payload" means the same
 * bytes: StatQueue profiles in pairs (one per account, one per destination prefix) and CGRateS call
 * events, each matching exactly one profile of each kind, so every event updates 2 queues of 6
 * metrics.
 *
 * Event `seq` goes to account `seq % accounts` and prefix `(seq + floor(seq / accounts)) % prefixes`:
 * with as many prefixes as accounts, the first `accounts × queueLength` events put exactly
 * `queueLength` items in every queue (a full pre-fill), and the stream keeps spreading evenly after.
 */

export const BENCH_TENANT = 'cgrates.org';
export const PROCESS_EVENT_METHOD = 'StatSv1.ProcessEvent';
export const SET_PROFILE_METHOD = 'APIerSv1.SetStatQueueProfile';

/** Six metrics per queue, as DESIGN §6 sizes the targets. */
export const BENCH_METRIC_IDS: readonly string[] = Object.freeze([
  '*asr',
  '*acd',
  '*tcd',
  '*acc',
  '*tcc',
  '*sum#~*req.Usage',
]);

const ACCOUNT_BASE = 1_000_000;
// Seven-digit prefixes, all the same length, so a destination matches exactly one prefix profile.
const PREFIX_BASE = 4_900_000;
const PREFIX_LIMIT = 9_999_999 - PREFIX_BASE;

/** Sizes of one workload. */
export interface WorkloadShape {
  /** Total profiles; half are per-account, half per-prefix. Even, >= 2. */
  readonly profiles: number;
  readonly queueLength: number;
  /** Profiles are `Stored` (their queues are written by the store scheduler). */
  readonly stored: boolean;
  /** Metrics per profile (a prefix of {@link BENCH_METRIC_IDS}); 6 unless measuring the FIFO alone. */
  readonly metrics: number;
}

/** The derived key counts of a shape. */
export interface WorkloadKeys {
  readonly accounts: number;
  readonly prefixes: number;
}

export function workloadKeys(shape: Pick<WorkloadShape, 'profiles'>): WorkloadKeys {
  const half = Math.floor(shape.profiles / 2);
  if (half < 1 || half > PREFIX_LIMIT) throw new RangeError(`profiles must be in [2, ${2 * PREFIX_LIMIT}]`);
  return { accounts: half, prefixes: half };
}

/** Events needed to fill every queue exactly (each event adds one item to 2 queues). */
export function prefillEvents(shape: WorkloadShape): number {
  return workloadKeys(shape).accounts * shape.queueLength;
}

export function accountOf(index: number): string {
  return String(ACCOUNT_BASE + index);
}

export function prefixOf(index: number): string {
  return String(PREFIX_BASE + index);
}

/** `APIerSv1.SetStatQueueProfile` arguments of profile `index` (0 ≤ index < profiles). */
export function profileArg(shape: WorkloadShape, index: number): Record<string, unknown> {
  const { accounts } = workloadKeys(shape);
  const byAccount = index < accounts;
  const key = byAccount ? index : index - accounts;
  return {
    Tenant: BENCH_TENANT,
    ID: byAccount ? `SQ_ACC_${accountOf(key)}` : `SQ_DST_${prefixOf(key)}`,
    FilterIDs: [
      byAccount ? `*string:~*req.Account:${accountOf(key)}` : `*prefix:~*req.Destination:${prefixOf(key)}`,
    ],
    ActivationInterval: null,
    QueueLength: shape.queueLength,
    TTL: 0,
    MinItems: 0,
    Metrics: BENCH_METRIC_IDS.slice(0, shape.metrics).map((id) => ({ MetricID: id, FilterIDs: null })),
    Stored: shape.stored,
    Blocker: false,
    Weight: byAccount ? 20 : 10,
    ThresholdIDs: ['*none'],
  };
}

/**
 * The parts of an event that vary with nothing but `seq % VARIANTS`: answered and unanswered calls,
 * usage and cost, as a CGRateS SessionS/CDRs event carries them. Precomputed JSON so the load
 * generator builds a request with a handful of string concatenations.
 */
const VARIANTS = 16;
const ANSWER_TIMES = [
  '2026-11-02T09:14:05Z',
  '2026-11-02T09:14:07Z',
  '2026-11-02T09:15:31Z',
  '2026-11-02T09:16:02Z',
];

interface Variant {
  readonly answered: boolean;
  readonly answerTime: string;
  readonly setupTime: string;
  readonly usageNs: number;
  readonly cost: number;
  readonly json: string;
}

const VARIANT_TABLE: readonly Variant[] = Array.from({ length: VARIANTS }, (_, v): Variant => {
  // One call in five is not answered (no AnswerTime, zero usage and cost), so *asr is not a constant.
  const answered = v % 5 !== 4;
  const answerTime = ANSWER_TIMES[v % ANSWER_TIMES.length] as string;
  const usageNs = answered ? (17 + 23 * v) * 1_000_000_000 + v * 125_000_000 : 0;
  const cost = answered ? Math.round((0.0125 + v * 0.0731) * 10_000) / 10_000 : 0;
  const setupTime = answerTime.replace(/:(\d\d)Z$/, ':00Z');
  const setup = `"SetupTime":"${setupTime}"`;
  const json =
    `"ToR":"*voice","RequestType":"*prepaid","Category":"call",${setup},` +
    (answered ? `"AnswerTime":"${answerTime}",` : '') +
    `"Usage":${usageNs},"Cost":${cost}`;
  return { answered, answerTime, setupTime, usageNs, cost, json };
});

const DEST_SUFFIXES: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  String(1000 + i * 37).slice(-4),
);

/** Builds request texts and parsed arguments of one workload; caches the per-key strings. */
export class EventFactory {
  readonly keys: WorkloadKeys;
  private readonly accountJson: string[];
  private readonly prefixStr: string[];

  constructor(shape: Pick<WorkloadShape, 'profiles'>) {
    this.keys = workloadKeys(shape);
    this.accountJson = Array.from({ length: this.keys.accounts }, (_, i) => {
      const a = accountOf(i);
      return `"Account":"${a}","Subject":"${a}"`;
    });
    this.prefixStr = Array.from({ length: this.keys.prefixes }, (_, i) => prefixOf(i));
  }

  accountIndex(seq: number): number {
    return seq % this.keys.accounts;
  }

  prefixIndex(seq: number): number {
    return (seq + Math.floor(seq / this.keys.accounts)) % this.keys.prefixes;
  }

  /** The CGREvent JSON of event `seq` with the given event ID. */
  eventJson(seq: number, eventID: string): string {
    const a = this.accountJson[this.accountIndex(seq)] as string;
    const dest = (this.prefixStr[this.prefixIndex(seq)] as string) + (DEST_SUFFIXES[seq % 100] as string);
    const v = VARIANT_TABLE[seq % VARIANTS] as Variant;
    return (
      `{"Tenant":"${BENCH_TENANT}","ID":"${eventID}","Time":"${v.answerTime}","Event":{${a},` +
      `"Destination":"${dest}","OriginID":"${eventID}","OriginHost":"10.0.0.12",${v.json}},"APIOpts":{}}`
    );
  }

  /** A whole JSON-RPC 1.0 request (no trailing newline). */
  requestJson(seq: number, eventID: string, rpcID: number): string {
    return `{"method":"${PROCESS_EVENT_METHOD}","params":[${this.eventJson(seq, eventID)}],"id":${rpcID}}`;
  }

  /**
   * The parsed CGREvent of event `seq`, built directly (same shape and values as
   * `JSON.parse(eventJson(seq, eventID))`), for in-process pre-fills of millions of events.
   */
  eventArg(seq: number, eventID: string): Record<string, unknown> {
    const account = accountOf(this.accountIndex(seq));
    const v = VARIANT_TABLE[seq % VARIANTS] as Variant;
    const event: Record<string, unknown> = {
      Account: account,
      Subject: account,
      Destination: (this.prefixStr[this.prefixIndex(seq)] as string) + (DEST_SUFFIXES[seq % 100] as string),
      OriginID: eventID,
      OriginHost: '10.0.0.12',
      ToR: '*voice',
      RequestType: '*prepaid',
      Category: 'call',
      SetupTime: v.setupTime,
    };
    if (v.answered) event['AnswerTime'] = v.answerTime;
    event['Usage'] = v.usageNs;
    event['Cost'] = v.cost;
    return { Tenant: BENCH_TENANT, ID: eventID, Time: v.answerTime, Event: event, APIOpts: {} };
  }
}
