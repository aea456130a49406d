import type { EventDP } from '../src/engine/types';
import { ifaceAsFloat64 } from '../src/util/convert';
import { MISSING, compileFieldGetter } from '../src/util/field-path';
import type { FloatReader } from './float-stat-metric';
import { sharedInput } from './shared-input';
import { MetricWire, negativeError, notFoundError } from './metric-wire';

/**
 * The `~*req.Cost` reader of `*acc`/`*tcc` (engine/statmetrics.go StatACC.getFieldVal): missing →
 * `NOT_FOUND:Cost`, below zero → `NEGATIVE:Cost`, else the value as a float (shared, see sharedInput).
 */
export const COST_INPUT: FloatReader = sharedInput('cost', compileCostInput);

function compileCostInput(): FloatReader {
  const cost = compileFieldGetter(MetricWire.COST_PATH);
  return (ev: EventDP): number => {
    const v = cost(ev);
    if (v === MISSING) throw notFoundError(MetricWire.COST);
    const x = ifaceAsFloat64(v);
    if (x < 0) throw negativeError(MetricWire.COST);
    return x;
  };
}
