/**
 * Content negotiation of the queue_stats endpoint: Traffic Ops offers
 * `application/json;timestamp=rfc` and `application/json;timestamp=unix` and picks by the client's
 * Accept header (spec traffic-stats.md §3.1 step 2; TO lib/go-rfc/mimetype.go + Go mime.ParseMediaType).
 */

/** How series times are printed: RFC3339 strings or integer Unix nanoseconds. */
export const TimestampFormat = {
  RFC: 'rfc',
  UNIX: 'unix',
} as const;
export type TimestampFormat = (typeof TimestampFormat)[keyof typeof TimestampFormat];

/** Outcome of negotiation; `undefined` format means 406. */
export interface Negotiation {
  readonly format: TimestampFormat | undefined;
  /** True when the header could not be parsed (TO logs it and answers RFC). */
  readonly unparseable: boolean;
}

interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
}

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(c);
}

function consumeToken(v: string): [string, string] {
  let i = 0;
  while (i < v.length && isTokenChar(v.charAt(i))) i++;
  return [v.slice(0, i), v.slice(i)];
}

/** A token or a quoted string; `undefined` when neither is there. */
function consumeValue(v: string): [string, string] | undefined {
  if (!v.startsWith('"')) {
    const [tok, rest] = consumeToken(v);
    return tok === '' ? undefined : [tok, rest];
  }
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const c = v.charAt(i);
    if (c === '"') return [out, v.slice(i + 1)];
    if (c === '\\' && i + 1 < v.length && TSPECIALS.includes(v.charAt(i + 1))) {
      out += v.charAt(i + 1);
      i++;
    } else if (c === '\r' || c === '\n') {
      return undefined;
    } else {
      out += c;
    }
  }
  return undefined;
}

/** Go's mime.ParseMediaType, reduced to what Accept entries use; `undefined` on a syntax error. */
function parseMediaType(raw: string): MediaType | undefined {
  const semi = raw.indexOf(';');
  const base = (semi < 0 ? raw : raw.slice(0, semi)).toLowerCase().trim();
  const [type, afterType] = consumeToken(base);
  if (type === '') return undefined;
  let subtype = '';
  if (afterType !== '') {
    // A bare token without a slash is accepted (Go allows dispositions); it then satisfies nothing.
    if (!afterType.startsWith('/')) return undefined;
    const [sub, afterSub] = consumeToken(afterType.slice(1));
    if (sub === '' || afterSub !== '') return undefined;
    subtype = sub;
  }
  const params = new Map<string, string>();
  let v = semi < 0 ? '' : raw.slice(semi);
  for (;;) {
    v = v.trimStart();
    if (v === '') break;
    if (!v.startsWith(';')) return undefined;
    const afterSemi = v.slice(1).trimStart();
    const [name, afterName] = consumeToken(afterSemi);
    if (name === '') {
      if (afterSemi.trim() === '') break; // a trailing ';' is ignored
      return undefined;
    }
    const eq = afterName.trimStart();
    if (!eq.startsWith('=')) return undefined;
    const value = consumeValue(eq.slice(1).trimStart());
    if (value === undefined) return undefined;
    const key = name.toLowerCase();
    const prev = params.get(key);
    if (prev !== undefined && prev !== value[0]) return undefined;
    params.set(key, value[0]);
    v = value[1];
  }
  return { type, subtype, params };
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** TO's MimeType.Quality: the `q` parameter, 1 when absent or not a float. */
function quality(m: MediaType): number {
  const q = m.params.get('q');
  if (q === undefined) return 1;
  if (FLOAT_RE.test(q)) return Number(q);
  const lower = q.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower === 'nan') return Number.NaN;
  return 1;
}

/** TO's MimeType.Less: lower q, then wildcard subtype, then `*` type, then fewer parameters (q counts). */
function less(m: MediaType, o: MediaType): boolean {
  const mq = quality(m);
  const oq = quality(o);
  if (mq < oq) return true;
  if (oq < mq) return false;
  if (m.subtype === '*') {
    if (o.subtype !== '*') return true;
    if (m.type === '*') {
      if (o.type !== '*') return true;
    } else if (o.type === '*') {
      return false;
    }
  } else if (o.subtype === '*') {
    return false;
  }
  return m.params.size < o.params.size;
}

/** TO's MimeType.Satisfy: can the offered type `offer` serve the client's entry `want`? */
function satisfies(offer: MediaType, want: MediaType): boolean {
  if (want.type === '*' && want.subtype === '*') return true;
  if (want.type !== '*' && want.subtype === '*') return want.type === offer.type;
  if (want.type !== offer.type || want.subtype !== offer.subtype) return false;
  for (const [k, v] of want.params) {
    if (k === 'q') continue;
    if (offer.params.get(k) !== v) return false;
  }
  return true;
}

const RFC_OFFER: MediaType = {
  type: 'application',
  subtype: 'json',
  params: new Map([['timestamp', 'rfc']]),
};
const UNIX_OFFER: MediaType = {
  type: 'application',
  subtype: 'json',
  params: new Map([['timestamp', 'unix']]),
};

/**
 * Picks the timestamp format for an Accept header value.
 *
 * - absent or empty header → RFC;
 * - entries sorted by q descending, ties to the more specific type, then to more parameters; the
 *   sort is stable (the spec's rule — Go's `!Less` comparator would reverse exact ties);
 * - walking that list, the first entry the RFC offer satisfies gives RFC, else the first the Unix
 *   offer satisfies gives Unix (checked per entry, RFC first);
 * - nothing satisfiable → `format: undefined` (406); an unparseable header → RFC.
 */
export function negotiateTimestampFormat(accept: string | undefined): Negotiation {
  if (accept === undefined || accept === '') return { format: TimestampFormat.RFC, unparseable: false };
  const entries: MediaType[] = [];
  for (const raw of accept.split(',')) {
    const m = parseMediaType(raw);
    if (m === undefined) return { format: TimestampFormat.RFC, unparseable: true };
    entries.push(m);
  }
  entries.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
  for (const want of entries) {
    if (satisfies(RFC_OFFER, want)) return { format: TimestampFormat.RFC, unparseable: false };
    if (satisfies(UNIX_OFFER, want)) return { format: TimestampFormat.UNIX, unparseable: false };
  }
  return { format: undefined, unparseable: false };
}

/** The Content-Type of a successful answer, as TO prints it (Go mime.FormatMediaType). */
export function contentTypeFor(format: TimestampFormat): string {
  return `application/json; timestamp=${format}`;
}
