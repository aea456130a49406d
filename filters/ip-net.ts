/**
 * Go `net.ParseIP` / `net.ParseCIDR` / `IPNet.Contains`, enough for the `*ipnet` filter and the
 * `*ip2hex` converter. Addresses are 16-byte arrays (IPv4 as `::ffff:a.b.c.d`, as Go stores them).
 */

/** A parsed CIDR: the masked network number and mask, 4 bytes for IPv4 networks, else 16. */
export interface IPNet {
  readonly ip: Uint8Array;
  readonly mask: Uint8Array;
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(16);
  out.set(V4_IN_V6_PREFIX);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    // Go 1.17+ rejects leading zeros (they were ambiguous octal).
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[12 + i] = n;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const head = dbl === -1 ? s : s.slice(0, dbl);
  const tail = dbl === -1 ? '' : s.slice(dbl + 2);
  const parseGroups = (part: string, allowV4Tail: boolean): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const bytes: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === null) return null;
        bytes.push(...v4.subarray(12));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      const n = parseInt(g, 16);
      bytes.push(n >> 8, n & 0xff);
    }
    return bytes;
  };
  const hb = parseGroups(head, dbl === -1);
  const tb = parseGroups(tail, true);
  if (hb === null || tb === null) return null;
  if (dbl === -1) {
    if (hb.length !== 16) return null;
    out.set(hb);
    return out;
  }
  if (hb.length + tb.length > 14) return null;
  out.set(hb, 0);
  out.set(tb, 16 - tb.length);
  return out;
}

/** Go `net.ParseIP`: dotted IPv4 or IPv6 text (no zone); null when invalid. */
export function parseIP(s: string): Uint8Array | null {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '.') return parseIPv4(s);
    if (c === ':') return parseIPv6(s);
  }
  return null;
}

function isV4Mapped(ip: Uint8Array): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_IN_V6_PREFIX[i]) return false;
  return true;
}

/** Go `net.ParseCIDR` (`a.b.c.d/n`, `x::y/n`); null when invalid. */
export function parseCIDR(s: string): IPNet | null {
  const slash = s.indexOf('/');
  if (slash === -1) return null;
  const addr = s.slice(0, slash);
  const bitsStr = s.slice(slash + 1);
  let ip = parseIPv4(addr);
  let ipLen = 4;
  if (ip === null) {
    ip = parseIPv6(addr);
    ipLen = 16;
  }
  if (ip === null || !/^\d+$/.test(bitsStr)) return null;
  const bits = Number(bitsStr);
  if (bits > 8 * ipLen) return null;
  const mask = new Uint8Array(ipLen);
  for (let i = 0; i < ipLen; i++) {
    const b = Math.min(8, Math.max(0, bits - 8 * i));
    mask[i] = (0xff << (8 - b)) & 0xff;
  }
  // Go keeps a v4-mapped network number as 4 bytes and trims a 16-byte mask to match.
  const v4 = isV4Mapped(ip);
  const num = v4 ? ip.subarray(12) : ip;
  const m = v4 && ipLen === 16 ? mask.subarray(12) : mask;
  if (!v4 && ipLen === 4) return null;
  const masked = new Uint8Array(num.length);
  for (let i = 0; i < num.length; i++) masked[i] = (num[i] ?? 0) & (m[i] ?? 0);
  return { ip: masked, mask: m };
}

/** Go `IPNet.Contains`: IPv4 addresses only match IPv4 networks and vice versa. */
export function ipNetContains(net: IPNet, ip16: Uint8Array): boolean {
  const ip = isV4Mapped(ip16) ? ip16.subarray(12) : ip16;
  if (ip.length !== net.ip.length) return false;
  for (let i = 0; i < ip.length; i++) {
    if (((ip[i] ?? 0) & (net.mask[i] ?? 0)) !== net.ip[i]) return false;
  }
  return true;
}
