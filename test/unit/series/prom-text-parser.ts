/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: it throws on anything
 * a Prometheus server would reject (and on a few things it would merely tolerate, such as a sample
 * before its TYPE line, a family split in two, or a histogram whose buckets are not cumulative).
 */

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string | undefined;
  readonly samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function fail(lineNo: number, msg: string): never {
  throw new Error(`prometheus text, line ${lineNo}: ${msg}`);
}

function parseValue(s: string, lineNo: number): number {
  const lower = s.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (!FLOAT.test(s)) fail(lineNo, `bad value ${JSON.stringify(s)}`);
  return Number(s);
}

function unescapeHelp(s: string, lineNo: number): string {
  return s.replace(/\\(.?)/g, (_m, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    return fail(lineNo, `bad escape \\${c} in HELP`);
  });
}

/** Parses `{a="x",b="y"}` starting at `i` (which points at `{`); returns labels and the index after `}`. */
function parseLabels(line: string, i: number, lineNo: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  i++;
  for (;;) {
    if (line[i] === '}') return [labels, i + 1];
    const eq = line.indexOf('=', i);
    if (eq < 0) fail(lineNo, 'label without =');
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) fail(lineNo, `bad label name ${JSON.stringify(name)}`);
    if (name in labels) fail(lineNo, `duplicate label ${name}`);
    if (line[eq + 1] !== '"') fail(lineNo, 'label value not quoted');
    let j = eq + 2;
    let value = '';
    for (;;) {
      const c = line[j];
      if (c === undefined) fail(lineNo, 'unterminated label value');
      if (c === '"') break;
      if (c === '\\') {
        const n = line[j + 1];
        if (n === '\\') value += '\\';
        else if (n === '"') value += '"';
        else if (n === 'n') value += '\n';
        else fail(lineNo, `bad escape \\${n ?? ''} in label value`);
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') fail(lineNo, 'expected , or } after label');
  }
}

function familyOf(sampleName: string, families: Map<string, PromFamily>): PromFamily | undefined {
  const direct = families.get(sampleName);
  if (direct !== undefined) return direct;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const f = families.get(sampleName.slice(0, -suffix.length));
    if (f !== undefined && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket')))
      return f;
  }
  return undefined;
}

/** Parses and validates an exposition; returns the families by name. */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('prometheus text must end with a newline');
  const families = new Map<string, PromFamily>();
  const closed = new Set<string>();
  let current: string | undefined;
  const seen = new Set<string>();
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, idx) => {
    const lineNo = idx + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (m === null) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name)) fail(lineNo, `bad metric name ${name}`);
      if (closed.has(name)) fail(lineNo, `${name} reopened after other families`);
      let f = families.get(name);
      if (kind === 'TYPE') {
        if (f !== undefined && f.samples.length > 0) fail(lineNo, `TYPE of ${name} after its samples`);
        if (f !== undefined && f.type !== 'untyped') fail(lineNo, `second TYPE for ${name}`);
        if (rest === undefined || !TYPES.has(rest)) fail(lineNo, `bad type ${String(rest)}`);
        f = { name, type: rest as PromFamily['type'], help: f?.help, samples: [] };
        families.set(name, f);
      } else {
        if (f?.help !== undefined) fail(lineNo, `second HELP for ${name}`);
        f = {
          name,
          type: f?.type ?? 'untyped',
          help: unescapeHelp(rest ?? '', lineNo),
          samples: f?.samples ?? [],
        };
        families.set(name, f);
      }
      if (current !== undefined && current !== name) closed.add(current);
      current = name;
      return;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) fail(lineNo, 'sample without value');
    const name = line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) fail(lineNo, `bad metric name ${name}`);
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (line[i] === '{') [labels, i] = parseLabels(line, i, lineNo);
    if (line[i] !== ' ') fail(lineNo, 'expected a space before the value');
    const parts = line.slice(i + 1).split(' ');
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') fail(lineNo, 'expected value [timestamp]');
    const value = parseValue(parts[0] as string, lineNo);
    if (parts.length === 2 && !/^-?\d+$/.test(parts[1] as string)) fail(lineNo, 'bad timestamp');
    const family = familyOf(name, families);
    if (family === undefined) fail(lineNo, `sample ${name} has no TYPE line`);
    if (closed.has(family.name)) fail(lineNo, `family ${family.name} split`);
    if (current !== family.name) {
      if (current !== undefined) closed.add(current);
      current = family.name;
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail(lineNo, `duplicate sample ${key}`);
    seen.add(key);
    if (family.type === 'counter' && !(value >= 0)) fail(lineNo, `counter ${name} is ${value}`);
    if (family.type === 'histogram' && name.endsWith('_bucket') && labels['le'] === undefined)
      fail(lineNo, `bucket without le`);
    family.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function checkHistogram(f: PromFamily): void {
  const groups = new Map<string, PromSample[]>();
  for (const s of f.samples) {
    const key = JSON.stringify(
      Object.entries(s.labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  for (const [key, samples] of groups) {
    const buckets = samples
      .filter((s) => s.name === `${f.name}_bucket`)
      .map((s) => ({ le: parseValue(s.labels['le'] ?? '', 0), value: s.value }))
      .sort((a, b) => a.le - b.le);
    const count = samples.find((s) => s.name === `${f.name}_count`);
    const sum = samples.find((s) => s.name === `${f.name}_sum`);
    if (count === undefined || sum === undefined)
      throw new Error(`histogram ${f.name}${key}: missing _count or _sum`);
    const inf = buckets[buckets.length - 1];
    if (inf === undefined || inf.le !== Infinity)
      throw new Error(`histogram ${f.name}${key}: no +Inf bucket`);
    if (inf.value !== count.value) throw new Error(`histogram ${f.name}${key}: +Inf bucket != _count`);
    for (let i = 1; i < buckets.length; i++)
      if ((buckets[i] as { value: number }).value < (buckets[i - 1] as { value: number }).value)
        throw new Error(`histogram ${f.name}${key}: buckets not cumulative`);
  }
}
