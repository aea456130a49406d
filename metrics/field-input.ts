import type { EventDP } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { ifaceAsFloat64, stringToInterface } from '../src/util/convert';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import type { FloatReader } from './float-stat-metric';
import { MetricWire, notFoundError } from './metric-wire';
import { sharedInput } from './shared-input';

// A constant parameter that parses as a relative time (`*now`) is rejected as a float anyway, so
// the reference instant never shows in a value; a fixed one keeps metrics clock-free.
const CONSTANT_REFERENCE_MS = 0;

/**
 * Compiles the parameter of `*average#`, `*highest#`, `*lowest#` once (CGRateS
 * `utils.DPDynamicInterface` + `IfaceAsFloat64`): a `~` path is read from the event (missing →
 * `NOT_FOUND:<param>`, e.g. `NOT_FOUND:~*req.Cost`); anything else is a constant converted with
 * StringToInterface, so `*average#2` averages 2.
 */
export function compileFieldInput(param: string, timezone: string): FloatReader {
  return sharedInput(`field\u0000${param}\u0000${timezone}`, () => compileInput(param, timezone));
}

function compileInput(param: string, timezone: string): FloatReader {
  if (param.startsWith(MetricWire.DYNAMIC_PREFIX)) {
    const field = compileFieldGetter(param);
    return (ev: EventDP): number => {
      const v = field(ev);
      if (v === MISSING) throw notFoundError(param);
      return ifaceAsFloat64(v);
    };
  }
  const constant = constantAsFloat(param, timezone);
  if (typeof constant === 'number') return () => constant;
  // CGRateS accepts the metric and fails every event with the conversion error; so do we.
  const message = constant.message;
  return () => {
    throw new CGRError(message);
  };
}

function constantAsFloat(param: string, timezone: string): number | Error {
  const parsed = stringToInterface(param, timezone, CONSTANT_REFERENCE_MS);
  try {
    switch (parsed.kind) {
      case 'int':
      case 'float':
        return parsed.value;
      case 'string':
      case 'bool':
        return ifaceAsFloat64(parsed.value);
      case 'time':
        return new CGRError(`cannot convert field: ${param} to float64`);
    }
  } catch (err) {
    return err instanceof Error ? err : new CGRError(String(err));
  }
}
