/**
 * FilterS rules for StatQueue: CGRateS filter types compiled once into closures, the inline syntax,
 * CheckFilter validation and the index keys of indexable rules. Depends only on
 * src/engine/types.ts and src/util/.
 */
export { FilterType, OutsideServiceType, INDEXABLE_TYPES } from './filter-type';
export { parseInlineFilter } from './parse-inline-filter';
export { checkFilterRule } from './check-filter-rule';
export { compileRule, isKnownFilterType, isOutsideServiceType, FILTER_REGISTRY } from './compile-rule';
export { indexKeysOf, indexKeyStrings } from './index-keys-of';
export type { IndexKeys, IndexType } from './index-keys-of';
export { PathReaderCache, compilePathReader } from './path-reader';
export type { PathReader } from './path-reader';
export type { FilterTypeDescriptor, RulePass } from './rule-parts';
