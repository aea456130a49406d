import type { EventDP } from '../src/engine/types';
import type { FloatReader } from './float-stat-metric';

const readers = new Map<string, FloatReader>();

/**
 * The one reader of a metric input (`key` names the field and its conversion), shared by every
 * metric that reads it and remembering the value it gave for the last event. An event usually
 * reaches the same metrics in several queues, and reading a number out of a parsed event (a boxed
 * float) costs more than the metrics' own arithmetic. An EventDP is built once per event and never
 * changed (src/engine/types.ts), so the same object always gives the same value. Errors are not
 * remembered: the next call throws them again.
 */
export function sharedInput(key: string, compile: () => FloatReader): FloatReader {
  let reader = readers.get(key);
  if (reader === undefined) {
    reader = lastEventMemo(compile());
    readers.set(key, reader);
  }
  return reader;
}

function lastEventMemo(read: FloatReader): FloatReader {
  let lastEvent: EventDP | undefined;
  let lastValue = 0;
  return (ev: EventDP): number => {
    if (ev === lastEvent) return lastValue;
    const x = read(ev);
    lastEvent = ev;
    lastValue = x;
    return x;
  };
}
