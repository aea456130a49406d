import type { ActionSetJSON } from '../../../src/engine/action-types';
import type { TariffPlanSink } from '../../../src/tariffplan';
import type {
  TpDestinationJSON,
  TpFilterJSON,
  TpStatQueueProfileJSON,
  TpThresholdProfileJSON,
} from '../../../src/tariffplan';

/** One sink call, in order. */
export type SinkCall =
  | { op: 'setDestination'; arg: TpDestinationJSON }
  | { op: 'setFilter'; arg: TpFilterJSON }
  | { op: 'setActions'; arg: ActionSetJSON }
  | { op: 'setStatQueueProfile'; arg: TpStatQueueProfileJSON }
  | { op: 'setThresholdProfile'; arg: TpThresholdProfileJSON };

/** A sink that records every call; `refuse(call)` returning a message makes that call throw. */
export class RecordingSink implements TariffPlanSink {
  readonly calls: SinkCall[] = [];
  private readonly refuse: (call: SinkCall) => string | undefined;

  constructor(refuse: (call: SinkCall) => string | undefined = () => undefined) {
    this.refuse = refuse;
  }

  setDestination(arg: TpDestinationJSON): void {
    this.record({ op: 'setDestination', arg });
  }

  setFilter(arg: TpFilterJSON): void {
    this.record({ op: 'setFilter', arg });
  }

  setActions(arg: ActionSetJSON): void {
    this.record({ op: 'setActions', arg });
  }

  async setStatQueueProfile(arg: TpStatQueueProfileJSON): Promise<void> {
    await Promise.resolve();
    this.record({ op: 'setStatQueueProfile', arg });
  }

  setThresholdProfile(arg: TpThresholdProfileJSON): void {
    this.record({ op: 'setThresholdProfile', arg });
  }

  /** `op id` of every accepted call, e.g. `setFilter cgrates.org:FLTR_A`. */
  get applied(): string[] {
    return this.calls.map((c) => `${c.op} ${describe(c)}`);
  }

  private record(call: SinkCall): void {
    const refusal = this.refuse(call);
    if (refusal !== undefined) throw new Error(refusal);
    this.calls.push(call);
  }
}

function describe(c: SinkCall): string {
  switch (c.op) {
    case 'setDestination':
      return c.arg.ID;
    case 'setActions':
      return c.arg.ActionsId;
    case 'setFilter':
    case 'setStatQueueProfile':
    case 'setThresholdProfile':
      return `${c.arg.Tenant}:${c.arg.ID}`;
  }
}
