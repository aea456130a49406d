/** The CGRateS argument structs of the methods we serve, as Go decoders see them (utils/*.go). */
import {
  activationIntervalField,
  goArgs,
  goBool,
  goDuration,
  goFloat,
  goInt,
  goIntPtr,
  goMap,
  goString,
  goStringList,
  goStructList,
  goTimeString,
} from './go-args';

export const cgrEventArgs = goArgs('utils.CGREvent', {
  Tenant: goString,
  ID: goString,
  Time: goTimeString,
  Event: goMap,
  APIOpts: goMap,
});

export const tenantIDArgs = goArgs('utils.TenantIDWithAPIOpts', {
  Tenant: goString,
  ID: goString,
  APIOpts: goMap,
});

export const tenantArgs = goArgs('utils.TenantWithAPIOpts', { Tenant: goString, APIOpts: goMap });

export const paginatorArgs = goArgs('utils.PaginatorWithTenant', {
  Tenant: goString,
  Search: goString,
  Limit: goIntPtr,
  Offset: goIntPtr,
  APIOpts: goMap,
});

export const statQueueProfileArgs = goArgs('engine.StatQueueProfileWithAPIOpts', {
  Tenant: goString,
  ID: goString,
  FilterIDs: goStringList,
  ActivationInterval: activationIntervalField,
  QueueLength: goInt,
  TTL: goDuration,
  MinItems: goInt,
  Metrics: goStructList({ MetricID: goString, FilterIDs: goStringList }, '*engine.MetricWithFilters'),
  Stored: goBool,
  Blocker: goBool,
  Weight: goFloat,
  ThresholdIDs: goStringList,
  APIOpts: goMap,
});

export const filterArgs = goArgs('engine.FilterWithAPIOpts', {
  Tenant: goString,
  ID: goString,
  Rules: goStructList({ Type: goString, Element: goString, Values: goStringList }, '*engine.FilterRule'),
  ActivationInterval: activationIntervalField,
  APIOpts: goMap,
});

export const setDestinationArgs = goArgs('utils.AttrSetDestination', {
  Id: goString,
  Prefixes: goStringList,
  Overwrite: goBool,
});

export const removeDestinationArgs = goArgs('AttrRemoveDestination', {
  DestinationIDs: goStringList,
  Prefixes: goStringList,
});

export const thresholdProfileArgs = goArgs('engine.ThresholdProfileWithAPIOpts', {
  Tenant: goString,
  ID: goString,
  FilterIDs: goStringList,
  ActivationInterval: activationIntervalField,
  MaxHits: goInt,
  MinHits: goInt,
  MinSleep: goDuration,
  Blocker: goBool,
  Weight: goFloat,
  ActionIDs: goStringList,
  Async: goBool,
  EeIDs: goStringList,
  APIOpts: goMap,
});

export const loadTariffPlanArgs = goArgs('utils.AttrLoadTpFromFolder', {
  FolderPath: goString,
  DryRun: goBool,
  Validate: goBool,
  APIOpts: goMap,
  Caching: { schema: { type: ['string', 'null'] }, goType: '*string' },
});
