import { mandatoryMissing } from '../errors';
import { CGRError } from '../util/cgr-error';
import { parseTimeDetectLayout } from '../util/go-time';
import { DP_OPTS, DP_REQ } from './types';
import type { EventDP } from './types';

/** `utils.CGREvent`: the argument of every ProcessEvent-style method. */
export interface CGREvent {
  readonly Tenant: string;
  readonly ID: string;
  /** RFC3339 or another CGRateS time layout; null when absent. */
  readonly Time: string | null;
  readonly Event: Readonly<Record<string, unknown>>;
  readonly APIOpts: Readonly<Record<string, unknown>>;
}

const EMPTY_OPTS: Readonly<Record<string, unknown>> = Object.freeze({});

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Validates a CGREvent argument in CGRateS' order (spec §2.1): null → `[CGREvent]`, no ID → `[ID]`,
 * no Event → `[Event]`; an empty Tenant becomes the default tenant.
 */
export function cgrEventFromArgs(arg: unknown, defaultTenant: string): CGREvent {
  if (!isObject(arg)) throw mandatoryMissing(['CGREvent']);
  const id = arg['ID'];
  if (id === undefined || id === null || id === '') throw mandatoryMissing(['ID']);
  if (typeof id !== 'string') throw new CGRError('ID must be a string');
  const event = arg['Event'];
  if (event === undefined || event === null) throw mandatoryMissing(['Event']);
  if (!isObject(event)) throw new CGRError('Event must be an object');
  const tenant = arg['Tenant'];
  const time = arg['Time'];
  const opts = arg['APIOpts'];
  if (opts !== undefined && opts !== null && !isObject(opts)) throw new CGRError('APIOpts must be an object');
  if (time !== undefined && time !== null && typeof time !== 'string')
    throw new CGRError('Time must be a string');
  return {
    Tenant: typeof tenant === 'string' && tenant !== '' ? tenant : defaultTenant,
    ID: id,
    Time: typeof time === 'string' && time !== '' ? time : null,
    Event: event,
    APIOpts: isObject(opts) ? opts : EMPTY_OPTS,
  };
}

/** The data filters and metrics read: `{"*req": Event, "*opts": APIOpts}`. */
export function eventDP(ev: CGREvent): EventDP {
  return { [DP_REQ]: ev.Event, [DP_OPTS]: ev.APIOpts };
}

/** The event's Time in epoch ms, or `fallbackMs` when it has none (deviation 4). */
export function eventTimeMs(ev: CGREvent, timezone: string, fallbackMs: number): number {
  return ev.Time === null ? fallbackMs : parseTimeDetectLayout(ev.Time, timezone, fallbackMs);
}
