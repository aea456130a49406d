import type { EventDP, FilterEnv, FilterRuleSpec, TimingSpec } from '../../../src/engine/types';
import { compileRule, parseInlineFilter } from '../../../filters';

/** 2024-05-01T12:00:00Z, a Wednesday. */
export const NOW_MS = Date.UTC(2024, 4, 1, 12, 0, 0);

export interface TestEnvOptions {
  nowMs?: number;
  timezone?: string;
  destinations?: Record<string, string[]>;
  timings?: Record<string, TimingSpec>;
}

/** A FilterEnv over fixed data and a fixed clock. */
export function testEnv(o: TestEnvOptions = {}): FilterEnv {
  const now = o.nowMs ?? NOW_MS;
  return {
    nowMs: () => now,
    timezone: o.timezone ?? 'UTC',
    destinationPrefixes: (_tenant, id) => o.destinations?.[id],
    timing: (_tenant, id) => o.timings?.[id],
  };
}

/** CGRateS' MapStorage of an event. */
export function dp(req: Record<string, unknown>, opts: Record<string, unknown> = {}): EventDP {
  return { '*req': req, '*opts': opts };
}

/** Compiles an inline filter string or a rule spec, then evaluates it on `ev`. */
export function evalRule(rule: string | FilterRuleSpec, ev: EventDP, env: FilterEnv = testEnv()): boolean {
  const spec = typeof rule === 'string' ? parseInlineFilter(rule) : rule;
  return compileRule(spec).pass(ev, 'cgrates.org', env);
}

/** The thrown message of `fn`, or undefined when it returns. */
export function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
