import { MISSING } from '../src/util/field-path';
import { FilterType } from './filter-type';
import { ipNetContains, parseCIDR, parseIP } from './ip-net';
import type { IPNet } from './ip-net';
import { compileElement, compileValueParsers, parseOrSkip } from './rule-parts';
import type { FilterTypeDescriptor } from './rule-parts';

/**
 * `*ipnet`: the Element, parsed as an IP (invalid → false), lies in any value parsed as a CIDR
 * (invalid → skipped) (engine/filters.go `passIPNet`). Constant CIDRs are parsed once.
 */
export const ipnetFilter: FilterTypeDescriptor = {
  type: FilterType.IPNET,
  negatable: true,
  compile(spec, readers) {
    const values = compileValueParsers(spec, readers);
    const element = compileElement(spec, readers);
    const nets: IPNet[] = [];
    const dynamic = values.filter((p) => {
      if (p.plainConstant === undefined) return true;
      const net = parseCIDR(p.plainConstant);
      if (net !== null) nets.push(net);
      return false;
    });
    return (ev, _tenant, env) => {
      const field = element.parse(ev, env);
      if (field === MISSING) return false;
      const ip = parseIP(field);
      if (ip === null) return false;
      for (const net of nets) if (ipNetContains(net, ip)) return true;
      for (const p of dynamic) {
        const s = parseOrSkip(p, ev, env);
        const net = s === undefined ? null : parseCIDR(s);
        if (net !== null && ipNetContains(net, ip)) return true;
      }
      return false;
    };
  },
};
