import type { CompiledRule, FilterRuleSpec } from '../src/engine/types';
import { CGRError } from '../src/util/cgr-error';
import { aiFilter } from './ai';
import { containsFilter } from './contains';
import { destinationsFilter } from './destinations';
import { emptyFilter } from './empty';
import { eqFilter } from './eq';
import { existsFilter } from './exists';
import { FilterType, NOT_PREFIX, OutsideServiceType } from './filter-type';
import { gtFilter } from './gt';
import { gteFilter } from './gte';
import { ipnetFilter } from './ipnet';
import { ltFilter } from './lt';
import { lteFilter } from './lte';
import { negate } from './negate';
import { PathReaderCache } from './path-reader';
import { prefixFilter } from './prefix';
import { regexFilter } from './regex';
import { rsrFilter } from './rsr';
import { compileElement, compileValueParsers } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';
import { stringFilter } from './string';
import { suffixFilter } from './suffix';
import { timingsFilter } from './timings';

// `*ni...` types evaluate like their base type but are never indexed; they have no `*not` form.
function notIndexed(type: string, base: FilterTypeDescriptor): FilterTypeDescriptor {
  return { type, negatable: false, compile: (spec, readers) => base.compile(spec, readers) };
}

const BUILT_INS: readonly FilterTypeDescriptor[] = [
  stringFilter,
  containsFilter,
  prefixFilter,
  suffixFilter,
  emptyFilter,
  existsFilter,
  regexFilter,
  rsrFilter,
  gtFilter,
  gteFilter,
  ltFilter,
  lteFilter,
  eqFilter,
  ipnetFilter,
  aiFilter,
  timingsFilter,
  destinationsFilter,
  notIndexed(FilterType.NI_STRING, stringFilter),
  notIndexed(FilterType.NI_PREFIX, prefixFilter),
  notIndexed(FilterType.NI_SUFFIX, suffixFilter),
  notIndexed(FilterType.NI_EXISTS, existsFilter),
];

/** The rule-type registry, keyed by CGRateS token; built once, never mutated. */
export const FILTER_REGISTRY: ReadonlyMap<string, FilterTypeDescriptor> = new Map(
  BUILT_INS.map((d) => [d.type, d]),
);

function baseOf(type: string): string | undefined {
  return type.startsWith(NOT_PREFIX) ? `*${type.slice(NOT_PREFIX.length)}` : undefined;
}

/**
 * True for types that need a service outside this process: `*apiban`, `*sentrypeer`,
 * `*http#[URL]` and their `*not` forms. StatQueue refuses them with `NOT_IMPLEMENTED:<type>`.
 */
export function isOutsideServiceType(type: string): boolean {
  const t = baseOf(type) ?? type;
  return (
    t === OutsideServiceType.APIBAN ||
    t === OutsideServiceType.SENTRYPEER ||
    t.startsWith(OutsideServiceType.HTTP)
  );
}

/** True when rules of this type evaluate (a base type, a `*ni...` type, or a negatable base's `*not` form). */
export function isKnownFilterType(type: string): boolean {
  if (FILTER_REGISTRY.has(type)) return true;
  const base = baseOf(type);
  return base !== undefined && FILTER_REGISTRY.get(base)?.negatable === true;
}

/**
 * Compiles a rule once into a closure. Throws CGRError on compile errors (bad regex, bad converter,
 * empty Element: CGRateS' texts) and `NOT_IMPLEMENTED:<type>` for outside-service types. Like
 * CGRateS, an unknown type (e.g. `*notgt`) compiles and fails at evaluation with
 * `NOT_IMPLEMENTED:<type>`; use isKnownFilterType to refuse it earlier.
 */
export function compileRule(
  spec: FilterRuleSpec,
  readers: PathReaderCache = new PathReaderCache(),
): CompiledRule {
  const type = spec.Type;
  if (isOutsideServiceType(type)) throw new CGRError(`NOT_IMPLEMENTED:${type}`);
  const direct = FILTER_REGISTRY.get(type);
  if (direct !== undefined) return { spec, pass: direct.compile(spec, readers) };
  const base = baseOf(type);
  const desc = base === undefined ? undefined : FILTER_REGISTRY.get(base);
  if (desc?.negatable === true) return { spec, pass: negate(desc.compile(spec, readers)) };
  // CGRateS still compiles values and element of an unknown type, so their errors surface first.
  compileValueParsers(spec, readers);
  compileElement(spec, readers);
  const message = `NOT_IMPLEMENTED:${type}`;
  return {
    spec,
    pass: () => {
      throw new CGRError(message);
    },
  };
}
