import { goJSON } from '../../util/go-fmt';
import type { CGREvent } from '../cgr-event';

/**
 * A CGREvent as Go's `json.Marshal(*utils.CGREvent)` writes it: struct fields in declaration order
 * (`Tenant, ID, Time, Event, APIOpts`), map keys sorted, `<>&` escaped. This is what `*log` prints
 * and what `*http_post` sends.
 */
export function cgrEventGoJSON(ev: CGREvent): string {
  const time = ev.Time === null ? 'null' : goJSON(ev.Time);
  return (
    `{"Tenant":${goJSON(ev.Tenant)},"ID":${goJSON(ev.ID)},"Time":${time},` +
    `"Event":${goJSON(ev.Event)},"APIOpts":${goJSON(ev.APIOpts)}}`
  );
}
