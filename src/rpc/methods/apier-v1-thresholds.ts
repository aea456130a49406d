import type { ActionService } from '../../engine/action-service';
import type { ThresholdService } from '../../engine/threshold-service';
import { apiError } from '../../errors';
import type { RpcHandler } from '../method-table';
import { paginatorArgs, tenantArgs, tenantIDArgs, thresholdProfileArgs } from './arg-types';
import { goArgs, goBool, goFloat, goString, goStringList, goStructList } from './go-args';
import type { GoArgs, GoField } from './go-args';

const OK = 'OK';

const goFloatPtr: GoField = { schema: { type: ['number', 'null'] }, goType: '*float64' };

/** `v1.V1AttrSetActions` with its `V1TPAction` elements (apier/v1/apier.go). */
const setActionsArgs = goArgs('v1.V1AttrSetActions', {
  ActionsId: goString,
  Overwrite: goBool,
  Actions: goStructList(
    {
      Identifier: goString,
      BalanceId: goString,
      BalanceUuid: goString,
      BalanceType: goString,
      Units: goFloat,
      ExpiryTime: goString,
      // `Filter` on older masters, `Filters` (a string) on newer ones: both are accepted.
      Filter: goString,
      Filters: goString,
      TimingTags: goString,
      DestinationIds: goString,
      RatingSubject: goString,
      Categories: goString,
      SharedGroups: goString,
      BalanceWeight: goFloatPtr,
      ExtraParameters: goString,
      BalanceBlocker: goString,
      BalanceDisabled: goString,
      Weight: goFloat,
    },
    '*v1.V1TPAction',
  ),
});

/** `v1.AttrRemoveActions`. */
const removeActionsArgs = goArgs('v1.AttrRemoveActions', { ActionIDs: goStringList });

/**
 * Decodes the argument (a decode error is the codec's, reported as is, as Go's server does before
 * the method runs), then runs the method reporting the way CGRateS' `utils.APIErrorHandler` does:
 * NOT_FOUND and MANDATORY_IE_MISSING as they are, anything else as SERVER_ERROR.
 */
function wrapped(args: GoArgs, fn: (arg: unknown) => unknown): RpcHandler {
  return (raw) => {
    const arg = args.check(raw);
    try {
      return fn(arg);
    } catch (err) {
      throw apiError(err);
    }
  };
}

/**
 * `APIerSv1.*ThresholdProfile*` (apier/v1/thresholds.go) and the classic Actions administration
 * (`SetActions`, `GetActions`, `RemoveActions`, apier/v1/apier.go). Profile methods report errors
 * through APIErrorHandler; the Actions methods return CGRateS' own texts unwrapped (`EXISTS`,
 * `SERVER_ERROR: NOT_FOUND` for a missing set, `MANDATORY_IE_MISSING: [...]`).
 */
export function apierThresholdMethods(
  thresholds: ThresholdService,
  actions: ActionService,
): [string, RpcHandler][] {
  return [
    [
      'APIerSv1.SetThresholdProfile',
      wrapped(thresholdProfileArgs, (arg) => {
        thresholds.setProfile(arg);
        return OK;
      }),
    ],
    ['APIerSv1.GetThresholdProfile', wrapped(tenantIDArgs, (arg) => thresholds.getProfile(arg))],
    [
      'APIerSv1.GetThresholdProfileIDs',
      wrapped(paginatorArgs, (arg) => thresholds.profileIDs(asRecord(arg))),
    ],
    [
      'APIerSv1.GetThresholdProfileCount',
      wrapped(tenantArgs, (arg) => thresholds.profileCount(asRecord(arg)['Tenant'])),
    ],
    [
      'APIerSv1.RemoveThresholdProfile',
      wrapped(tenantIDArgs, (arg) => {
        thresholds.removeProfile(arg);
        return OK;
      }),
    ],
    [
      'APIerSv1.SetActions',
      (arg) => {
        actions.setActions(setActionsArgs.check(arg));
        return OK;
      },
    ],
    ['APIerSv1.GetActions', (arg) => actions.getActions(arg)],
    [
      'APIerSv1.RemoveActions',
      (arg) => {
        actions.removeActions(removeActionsArgs.check(arg));
        return OK;
      },
    ],
  ];
}

function asRecord(v: unknown): Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
