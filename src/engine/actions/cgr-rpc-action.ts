import type { Logger } from '../../log';
import { CGRError } from '../../util/cgr-error';
import { OnceKeys } from '../../util/once-keys';
import type { ActionContext, ActionIO, RpcCallRequest } from './action-context';
import { checkTemplate, hasTemplate, renderTemplate } from './cgr-rpc-template';
import { errorMessage } from './error-message';

/** CGRateS `RPCRequest`: what a `*cgr_rpc` action's ExtraParameters render to. */
export interface CgrRpcParams {
  readonly Address: string;
  readonly Transport: string;
  readonly Method: string;
  readonly Attempts: number;
  readonly Async: boolean;
  readonly Params: unknown;
}

/** Parses rendered ExtraParameters; throws CGRError naming what is wrong. */
export function parseCgrRpcParams(text: string): CgrRpcParams {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw new CGRError(`*cgr_rpc: ExtraParameters is not JSON: ${errorMessage(err)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CGRError(
      '*cgr_rpc: ExtraParameters must be a JSON object {"Address","Transport","Method","Attempts","Async","Params"}',
    );
  }
  // Go's encoding/json matches field names case-insensitively.
  const rec = new Map(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const str = (key: string): string => {
    const v = rec.get(key.toLowerCase());
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw new CGRError(`*cgr_rpc: ${key} must be a string`);
    return v;
  };
  const attempts = rec.get('attempts') ?? 0;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts))
    throw new CGRError('*cgr_rpc: Attempts must be an integer');
  const async = rec.get('async') ?? false;
  if (typeof async !== 'boolean') throw new CGRError('*cgr_rpc: Async must be a boolean');
  const params = {
    Address: str('Address'),
    Transport: str('Transport'),
    Method: str('Method'),
    Attempts: attempts,
    Async: async,
    Params: rec.get('params') ?? null,
  };
  if (params.Address === '') throw new CGRError('*cgr_rpc: Address is empty');
  if (params.Method === '') throw new CGRError('*cgr_rpc: Method is empty');
  return params;
}

/**
 * Checks ExtraParameters at SetActions time: plain JSON must parse; a template must use only the
 * supported subset (its JSON can only be checked once rendered).
 */
export function validateCgrRpcParams(extraParameters: string): void {
  if (hasTemplate(extraParameters)) checkTemplate(extraParameters);
  else parseCgrRpcParams(extraParameters);
}

/**
 * `*cgr_rpc` (engine/action.go `cgrRPCAction`): renders ExtraParameters, then calls `Method` at
 * `Address` with `Params` as the argument. `Async: true` returns at once and only logs the outcome,
 * as CGRateS' goroutine does.
 */
export class CgrRpcAction {
  private readonly io: ActionIO | undefined;
  private readonly logger: Logger;
  private readonly asyncFailuresLogged = new OnceKeys();

  constructor(io: ActionIO | undefined, logger: Logger) {
    this.io = io;
    this.logger = logger;
  }

  run(extraParameters: string, ctx: ActionContext): void | Promise<void> {
    const text = hasTemplate(extraParameters) ? renderTemplate(extraParameters, ctx.event) : extraParameters;
    const p = parseCgrRpcParams(text);
    if (this.io === undefined) throw new CGRError('*cgr_rpc: no RPC transport configured');
    const req: RpcCallRequest = {
      address: p.Address,
      transport: p.Transport,
      method: p.Method,
      params: p.Params,
      attempts: p.Attempts,
    };
    const call = this.io.rpcCall(req);
    if (p.Async) {
      call.then(
        () => undefined,
        (err: unknown) => {
          const error = errorMessage(err);
          if (this.asyncFailuresLogged.first(`${p.Address}|${p.Method}|${error}`)) {
            this.logger.warn(
              { method: p.Method, address: p.Address, error },
              '*cgr_rpc async call failed (logged once per target and error)',
            );
          }
        },
      );
      return undefined;
    }
    return call.then(
      () => undefined,
      (err: unknown) => {
        throw new CGRError(`*cgr_rpc ${p.Method} at ${p.Address}: ${errorMessage(err)}`);
      },
    );
  }
}
