import type { RulePass } from './rule-parts';

/**
 * The one `*not...` wrapper: inverts a base rule's answer. Errors propagate untouched, as CGRateS
 * returns them before applying `result != negative`.
 */
export function negate(pass: RulePass): RulePass {
  return (ev, tenant, env) => !pass(ev, tenant, env);
}
