import type { StatefulServices } from '../../engine/state-persistence';
import type { TariffPlanSink } from '../../tariffplan';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../log';
import type { MethodTable, RpcHandler } from '../method-table';
import { apierV1Methods } from './apier-v1';
import { apierTariffPlanMethods } from './apier-v1-tariffplan';
import { apierThresholdMethods } from './apier-v1-thresholds';
import { coreV1Methods } from './core-v1';
import type { StatusSource } from './core-v1';
import { statsV1Methods } from './stats-v1';
import { thresholdsV1Methods } from './thresholds-v1';

/** Series queries served under StatSv1 when the history is enabled. */
export interface SeriesMethods {
  getQueueSeries(arg: unknown): unknown;
  getDailySummary(arg: unknown): unknown;
}

export interface MethodTableDeps {
  readonly services: StatefulServices;
  readonly statsEnabled: boolean;
  readonly thresholdsEnabled: boolean;
  readonly series: SeriesMethods | undefined;
  readonly status: StatusSource;
  readonly timezone: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The whole method table of the engine. A disabled subsystem's service is absent, so callers get
 * `rpc: can't find service StatSv1.X` — the text CGRateS clients fail over on.
 */
export function buildMethodTable(deps: MethodTableDeps): MethodTable {
  const { services: s } = deps;
  const sink: TariffPlanSink = {
    setDestination: (d) => s.filterAdmin.setDestination({ Id: d.ID, Prefixes: d.Prefixes, Overwrite: true }),
    setFilter: (f) => s.filterAdmin.setFilter(f),
    setActions: (a) => s.actions.setActions(a),
    setStatQueueProfile: (p) => s.stats.setProfile(p),
    setThresholdProfile: (t) => s.thresholds.setProfile(t),
  };
  const methods: [string, RpcHandler][] = [
    ...apierV1Methods(s.stats, s.filterAdmin),
    ...apierThresholdMethods(s.thresholds, s.actions),
    ...apierTariffPlanMethods({
      sink,
      timezone: deps.timezone,
      clock: deps.clock,
      logger: deps.logger,
      existingFilter: (tenant, id) => s.filters.getFilter(tenant, id) !== undefined,
      existingActions: (id) => s.actions.has(id),
    }),
    ...coreV1Methods(deps.status),
  ];
  if (deps.statsEnabled) {
    methods.push(...statsV1Methods(s.stats));
    const series = deps.series;
    if (series !== undefined) {
      methods.push(
        ['StatSv1.GetQueueSeries', (arg) => series.getQueueSeries(arg)],
        ['StatSv1.GetDailySummary', (arg) => series.getDailySummary(arg)],
      );
    }
  }
  if (deps.thresholdsEnabled) methods.push(...thresholdsV1Methods(s.thresholds));
  return new Map(methods);
}
