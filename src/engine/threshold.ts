import { CGRError } from '../util/cgr-error';
import { GO_ZERO_TIME_MS, formatRFC3339Nano, parseTimeDetectLayout } from '../util/go-time';
import type { ThresholdProfile } from './threshold-profile';

/** `Threshold` on the wire and in the store: `{"Tenant","ID","Hits","Snooze"}`, zero Snooze `0001-01-01T00:00:00Z`. */
export interface ThresholdJSON {
  readonly Tenant: string;
  readonly ID: string;
  readonly Hits: number;
  readonly Snooze: string;
}

/**
 * The runtime state of one threshold (engine/thresholds.go `Threshold`): one per profile, same
 * Tenant:ID. Mutated in place, synchronously, by the service.
 */
export class Threshold {
  readonly tenant: string;
  readonly id: string;
  profile: ThresholdProfile;
  hits = 0;
  /** Actions stay suppressed until the clock passes this (epoch ms); GO_ZERO_TIME_MS never snoozes. */
  snoozeMs = GO_ZERO_TIME_MS;

  constructor(profile: ThresholdProfile) {
    this.tenant = profile.tenant;
    this.id = profile.id;
    this.profile = profile;
  }

  /** `ResetThreshold` and the profile-change reset: no hits, no snooze. */
  reset(): void {
    this.hits = 0;
    this.snoozeMs = GO_ZERO_TIME_MS;
  }

  /** MaxHits reached: CGRateS master keeps the threshold but skips it until a reset. */
  get exhausted(): boolean {
    const max = this.profile.maxHits;
    return max !== -1 && this.hits >= max;
  }

  toJSON(): ThresholdJSON {
    return { Tenant: this.tenant, ID: this.id, Hits: this.hits, Snooze: formatRFC3339Nano(this.snoozeMs) };
  }

  /** Restores Hits and Snooze from a stored threshold. Throws CGRError on a bad shape. */
  loadJSON(json: Readonly<Record<string, unknown>>, timezone: string, nowMs: number): void {
    const hits = json['Hits'];
    const snooze = json['Snooze'];
    if (typeof hits !== 'number' || !Number.isInteger(hits))
      throw new CGRError('Threshold.Hits must be an integer');
    if (snooze !== undefined && snooze !== null && typeof snooze !== 'string') {
      throw new CGRError('Threshold.Snooze must be a time string');
    }
    this.hits = hits;
    this.snoozeMs =
      typeof snooze === 'string' && snooze !== ''
        ? parseTimeDetectLayout(snooze, timezone, nowMs)
        : GO_ZERO_TIME_MS;
  }
}
