/**
 * CGRateS filter wire names (utils/consts.go), in one place for filters/ (which may not import
 * src/engine/constants.ts).
 */

/** Every rule type StatQueue knows, by its CGRateS token. */
export const FilterType = {
  STRING: '*string',
  CONTAINS: '*contains',
  PREFIX: '*prefix',
  SUFFIX: '*suffix',
  EMPTY: '*empty',
  EXISTS: '*exists',
  REGEX: '*regex',
  RSR: '*rsr',
  GT: '*gt',
  GTE: '*gte',
  LT: '*lt',
  LTE: '*lte',
  EQ: '*eq',
  IPNET: '*ipnet',
  AI: '*ai',
  TIMINGS: '*timings',
  DESTINATIONS: '*destinations',
  NI_STRING: '*nistring',
  NI_PREFIX: '*niprefix',
  NI_SUFFIX: '*nisuffix',
  NI_EXISTS: '*niexists',
} as const;
export type FilterType = (typeof FilterType)[keyof typeof FilterType];

/** Types that need a service outside this process (APIBan, SentryPeer, an HTTP endpoint). */
export const OutsideServiceType = {
  APIBAN: '*apiban',
  SENTRYPEER: '*sentrypeer',
  HTTP: '*http',
} as const;

/** The negation prefix: `*notstring` is `*string` inverted. */
export const NOT_PREFIX = '*not';
export const NOT_EMPTY = '*notempty';
export const NOT_EXISTS = '*notexists';

/** The four types CGRateS builds filter indexes for (`utils.FilterIndexTypes`). */
export const INDEXABLE_TYPES: ReadonlySet<string> = new Set<string>([
  FilterType.STRING,
  FilterType.PREFIX,
  FilterType.SUFFIX,
  FilterType.EXISTS,
]);

/** Marks a dynamic RSR rule (`~*req.Account`); `~` alone is a constant. */
export const DYNAMIC_PREFIX = '~';

/**
 * Roots FilterS resolves from the event itself (engine/dynamicdp.go `initialDPPrefixes`). StatS and
 * ThresholdS events only carry `*req` and `*opts`; the other roots simply resolve as missing.
 */
export const EVENT_ROOTS: ReadonlySet<string> = new Set<string>([
  '*req',
  '*vars',
  '*cgreq',
  '*cgrep',
  '*rep',
  '*act',
  '*ec',
  '*uch',
  '*opts',
  '*hdr',
  '*trl',
  '*cfg',
  '*tenant',
  '*eventTimestamp',
]);

/** Element/value prefixes CGRateS never indexes (libindex.go): they are fetched over RPC. */
export const UNINDEXED_PATH_PREFIXES: readonly string[] = [
  '~*accounts',
  '~*stats',
  '~*resources',
  '~*libphonenumber',
  '~*asm',
];
