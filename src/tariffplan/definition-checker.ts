/**
 * Validates metric IDs and filter rules by building them with the same registries the engine uses
 * (metrics/, filters/), so whatever loads here also sets and runs. Results are memoised by their
 * text: a 100,000-profile plan repeats the same few metric IDs and inline filters.
 */
import {
  checkFilterRule,
  compileRule,
  isKnownFilterType,
  isOutsideServiceType,
  parseInlineFilter,
} from '../../filters';
import { createMetric } from '../../metrics';
import type { FilterRuleSpec } from '../engine/types';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class DefinitionChecker {
  private readonly timezone: string;
  private readonly metricMemo = new Map<string, string | null>();
  private readonly inlineMemo = new Map<string, string | null>();

  constructor(timezone: string) {
    this.timezone = timezone;
  }

  /** Why a MetricID cannot be built (`unsupported metric type <*x>`...), or null. */
  metricProblem(metricID: string): string | null {
    let problem = this.metricMemo.get(metricID);
    if (problem === undefined) {
      try {
        createMetric(metricID, { minItems: 0, filterIDs: [], timezone: this.timezone });
        problem = null;
      } catch (err) {
        problem = errorText(err);
      }
      this.metricMemo.set(metricID, problem);
    }
    return problem;
  }

  /** Why an inline FilterID (`*string:~*req.Account:1001`) is unusable, or null. */
  inlineFilterProblem(filterID: string): string | null {
    let problem = this.inlineMemo.get(filterID);
    if (problem === undefined) {
      try {
        const rule = parseInlineFilter(filterID);
        problem = this.filterRuleProblems(filterID, rule)[0] ?? null;
      } catch (err) {
        problem = errorText(err);
      }
      this.inlineMemo.set(filterID, problem);
    }
    return problem;
  }

  /**
   * Everything wrong with one rule: its type (CGRateS accepts any type and fails each event with
   * NOT_IMPLEMENTED; refusing at load is a deliberate deviation), CheckFilter's path/value rules,
   * and compilation (regexes, converters, comparison values).
   */
  filterRuleProblems(filterID: string, rule: FilterRuleSpec): string[] {
    if (isOutsideServiceType(rule.Type)) {
      return [`NOT_IMPLEMENTED:${rule.Type} (the type needs an outside service StatQueue does not call)`];
    }
    if (!isKnownFilterType(rule.Type)) {
      return [
        `unknown filter type <${rule.Type}> (CGRateS would fail every event with NOT_IMPLEMENTED:${rule.Type})`,
      ];
    }
    const problems: string[] = [];
    try {
      checkFilterRule(filterID, rule);
    } catch (err) {
      problems.push(errorText(err));
    }
    try {
      compileRule(rule);
    } catch (err) {
      problems.push(errorText(err));
    }
    return problems;
  }
}
