import type { EventDP, MetricDescriptor, MetricOptions, StatMetric } from '../src/engine/types';
import { MetricType } from '../src/engine/types';
import { ifaceAsTime } from '../src/util/convert';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import { formatFloatV, roundMiddle } from '../src/util/go-float';
import { isZeroTime } from '../src/util/go-time';
import { CompressFactorMetric } from './compress-factor-metric';
import type { FloatReader } from './float-stat-metric';
import { sharedInput } from './shared-input';
import { MetricWire, StateField } from './metric-wire';

// Only relative time strings (`*now`, `+1h`) use the reference instant, and those are never the zero
// time; *asr needs no more than "zero or not", so a fixed instant keeps the metric clock-free.
const ANSWER_TIME_REFERENCE_MS = 0;

/**
 * `*asr`, Answer-Seizure Ratio in percent (mirrors engine/statmetrics.go StatASR).
 * An event is answered when `~*req.AnswerTime` is present and not the zero time; a missing field is
 * "not answered", an unparsable one throws. String form: Go `%v` plus `%` (`"66.66667%"`, `"1e-05%"`).
 */
export class AsrMetric extends CompressFactorMetric {
  readonly isDuration = false;
  private readonly answered: FloatReader;

  constructor(metricID: string, opts: MetricOptions) {
    super(metricID, opts, { sum: StateField.ANSWERED, stat: StateField.STAT });
    this.answered = sharedInput(`answered\u0000${opts.timezone}`, () => compileAnswered(opts.timezone));
  }

  protected readInput(ev: EventDP): number {
    return this.answered(ev);
  }

  protected override removedContribution(stat: number): number {
    // CGRateS kept quirk: a folded ID counts as answered only above one half, so an ID seen once
    // answered and once not (Stat 0.5) is removed as unanswered.
    return stat > 0.5 ? 1 : 0;
  }

  protected override statAfterRemoval(stat: number, cf: number, removed: number): number {
    return (stat * cf - removed) / (cf - 1);
  }

  protected computeValue(decimals: number): number {
    return roundMiddle((this.sum / this.count) * 100, decimals);
  }

  protected formatValue(value: number): string {
    return `${formatFloatV(value)}%`;
  }
}

/** 1 when `~*req.AnswerTime` is present and not the zero time, 0 when missing or zero; throws when unparsable. */
function compileAnswered(timezone: string): FloatReader {
  const answerTime = compileFieldGetter(MetricWire.ANSWER_TIME_PATH);
  return (ev: EventDP): number => {
    const v = answerTime(ev);
    if (v === MISSING) return 0;
    return isZeroTime(ifaceAsTime(v, timezone, ANSWER_TIME_REFERENCE_MS)) ? 0 : 1;
  };
}

/** Creates an `*asr` metric; any parameter after `#` is ignored, as in CGRateS. */
export function createAsrMetric(metricID: string, opts: MetricOptions): StatMetric {
  return new AsrMetric(metricID, opts);
}

/** Registry entry for `*asr`. */
export const ASR_DESCRIPTOR: MetricDescriptor = Object.freeze({
  type: MetricType.ASR,
  create: (metricID: string, _param: string | undefined, opts: MetricOptions) =>
    createAsrMetric(metricID, opts),
});
