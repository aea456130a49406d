/** CGRateS wire names used by the engine and the RPC layer (utils/consts.go), in one place. */

export const DEFAULT_TENANT = 'cgrates.org';

/** APIOpts keys. */
export const Opt = {
  STS_PROFILE_IDS: '*stsProfileIDs',
  STS_PROFILE_IGNORE_FILTERS: '*stsProfileIgnoreFilters',
  THD_PROFILE_IDS: '*thdProfileIDs',
  THD_PROFILE_IGNORE_FILTERS: '*thdProfileIgnoreFilters',
  EVENT_TYPE: '*eventType',
  ACCOUNT_ID: '*accountID',
  CACHE: '*cache',
  API_KEY: '*apiKey',
} as const;

/** Config `stats.opts` keys. */
export const ConfigOpt = {
  PROFILE_IDS: '*profileIDs',
  PROFILE_IGNORE_FILTERS: '*profileIgnoreFilters',
} as const;

/** Values of `*eventType`. */
export const EventType = {
  STAT_UPDATE: 'StatUpdate',
  ACCOUNT_UPDATE: 'AccountUpdate',
  THRESHOLD_HIT: 'ThresholdHit',
} as const;

/** Event fields of a StatUpdate event. */
export const StatUpdateField = {
  EVENT_TYPE: 'EventType',
  STAT_ID: 'StatID',
} as const;

/** `ThresholdIDs: ["*none"]` disables StatUpdate events for a queue. */
export const META_NONE = '*none';
export const META_INTERNAL = '*internal';
export const META_UNLIMITED = '*unlimited';

/** `APIOpts["*cache"]` values accepted on Set/Remove (we keep no separate cache: all are accepted). */
export const CacheAction = ['*none', '*reload', '*load', '*remove', '*clear'] as const;
