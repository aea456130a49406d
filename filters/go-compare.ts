import { CGRError } from '../src/util/cgr-error';
import type { GoValue } from '../src/util/convert';
import { goValueString } from '../src/util/convert';

/** A value after CGRateS `GetUniformType`: numbers as float64, times as they are, else Go nil. */
type Uniform = { readonly kind: 'float' | 'time'; readonly value: number } | null;

function uniform(v: GoValue): Uniform {
  switch (v.kind) {
    case 'int':
    case 'float':
      return { kind: 'float', value: v.value };
    case 'time':
      return v;
    case 'string':
    case 'bool':
      return null;
  }
}

interface Operands {
  readonly kind: GoValue['kind'];
  readonly a: number | string | boolean;
  readonly b: number | string | boolean;
}

/**
 * The common prelude of CGRateS `utils.GreaterThan` and `utils.EqualTo`: equal kinds compare as they
 * are; otherwise both sides go through `GetUniformType` and must then agree, else
 * `incomparable: <a> with <b>` (a side that cannot be made uniform prints as `<nil>`).
 */
function operands(x: GoValue, y: GoValue): Operands {
  if (x.kind === y.kind) return { kind: x.kind, a: x.value, b: y.value };
  const ux = uniform(x);
  const uy = uniform(y);
  // A side whose conversion failed keeps its Go type (so the types still differ) and prints as nil.
  if (ux === null || uy === null || ux.kind !== uy.kind) {
    throw new CGRError(`incomparable: <${goValueString(ux)}> with <${goValueString(uy)}>`);
  }
  return { kind: ux.kind, a: ux.value, b: uy.value };
}

function unsupported(kind: GoValue['kind']): CGRError {
  const goType = kind === 'bool' ? 'bool' : 'string';
  return new CGRError(`unsupported comparison type: ${goType}, kind: ${goType}`);
}

/**
 * CGRateS `utils.GreaterThan(a, b, orEqual)` over StringToInterface results: int64, float64 and
 * time compare; strings and bools give `unsupported comparison type: ...`.
 */
export function goGreaterThan(x: GoValue, y: GoValue, orEqual: boolean): boolean {
  const { kind, a, b } = operands(x, y);
  if (kind === 'string' || kind === 'bool') throw unsupported(kind);
  return orEqual ? (a as number) >= (b as number) : (a as number) > (b as number);
}

/** CGRateS `utils.EqualTo`: like GreaterThan, and strings compare too (bools still error). */
export function goEqualTo(x: GoValue, y: GoValue): boolean {
  const { kind, a, b } = operands(x, y);
  if (kind === 'bool') throw unsupported(kind);
  return a === b;
}
