/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`): self time per function, total
 * (inclusive) time of the project's own functions, and self time per file, optionally restricted
 * to a time window so set-up phases do not dilute the hot path. Usable as a module or as
 * `node dist/bench/cpu-profile-summary.js <file.cpuprofile> [--top N]`.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The `.cpuprofile` JSON (Chrome DevTools protocol `Profiler.Profile`). Times in µs. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  readonly function: string;
  /** Source file (compiled `dist/…js` mapped back to its `.ts` name) and compiled line. */
  readonly location: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time in the window. */
  readonly pct: number;
}

export interface ProfileSummary {
  readonly windowMs: number;
  readonly busyMs: number;
  readonly idlePct: number;
  readonly gcPct: number;
  /** Time V8 could not attribute to JS (native code, the event loop's C++ side). */
  readonly programPct: number;
  readonly topSelf: readonly FunctionTime[];
  /** Inclusive time of functions in the project's own files (src/, metrics/, filters/). */
  readonly topTotalProject: readonly FunctionTime[];
  readonly selfByFile: readonly FunctionTime[];
  /** True when the requested window was not inside the profile and the whole profile was used. */
  readonly wholeProfile: boolean;
  /**
   * The longest stretches without an idle sample (the event loop never waited for I/O), longest
   * first, with the functions that took most of each: where a latency stall comes from.
   */
  readonly longestBusyStretches: readonly BusyStretch[];
}

export interface BusyStretch {
  /** Start, ms from the window's start. */
  readonly atMs: number;
  readonly ms: number;
  readonly top: readonly FunctionTime[];
}

export interface SummaryOptions {
  readonly top: number;
  /** Repository root, to print short locations. */
  readonly root: string;
  /** Window on the profile's clock (µs, same clock as `process.hrtime`); whole profile when absent. */
  readonly fromUs?: number;
  readonly toUs?: number;
}

const IDLE = '(idle)';
const GC = '(garbage collector)';
const PROGRAM = '(program)';
const PROJECT_DIRS = ['src/', 'metrics/', 'filters/'];

function shortFile(url: string, root: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (!path.startsWith('/')) return path;
  let rel = relative(root, path).split(sep).join('/');
  if (rel.startsWith('dist/') && rel.endsWith('.js')) rel = `${rel.slice('dist/'.length, -'.js'.length)}.ts`;
  return rel;
}

function frameKey(f: CallFrame): string {
  return `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}`;
}

function round(v: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(v * m) / m;
}

/** Reduces a profile to the tables the performance notes quote. */
export function summarizeCpuProfile(profile: CpuProfile, opts: SummaryOptions): ProfileSummary {
  const byID = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byID.set(node.id, node);
    for (const c of node.children ?? []) parent.set(c, node.id);
  }
  // Sample i lasts until sample i+1 starts (DevTools' attribution).
  const n = profile.samples.length;
  const stamps = new Float64Array(n + 1);
  let t = profile.startTime;
  for (let i = 0; i < n; i++) {
    t += profile.timeDeltas[i] ?? 0;
    stamps[i] = t;
  }
  stamps[n] = Math.max(t, profile.endTime);
  let from = opts.fromUs ?? profile.startTime;
  let to = opts.toUs ?? profile.endTime;
  let wholeProfile = opts.fromUs === undefined;
  if (from < profile.startTime || to > profile.endTime || from >= to) {
    from = profile.startTime;
    to = profile.endTime;
    wholeProfile = true;
  }

  const self = new Map<string, { frame: CallFrame; us: number }>();
  const total = new Map<string, { frame: CallFrame; us: number }>();
  let idleUs = 0;
  let gcUs = 0;
  let programUs = 0;
  let busyUs = 0;
  for (let i = 0; i < n; i++) {
    const start = stamps[i] as number;
    const end = stamps[i + 1] as number;
    const us = Math.min(end, to) - Math.max(start, from);
    if (us <= 0) continue;
    const node = byID.get(profile.samples[i] as number);
    if (node === undefined) continue;
    const name = node.callFrame.functionName;
    if (name === IDLE) {
      idleUs += us;
      continue;
    }
    busyUs += us;
    if (name === GC) gcUs += us;
    else if (name === PROGRAM) programUs += us;
    const key = frameKey(node.callFrame);
    const s = self.get(key);
    if (s === undefined) self.set(key, { frame: node.callFrame, us });
    else s.us += us;
    // Inclusive: every distinct function on the stack, once per sample (recursion counted once).
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = (byID.get(id) as ProfileNode).callFrame;
      const k = frameKey(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      const tot = total.get(k);
      if (tot === undefined) total.set(k, { frame, us });
      else tot.us += us;
    }
  }

  const pct = (us: number): number => (busyUs > 0 ? round((us * 100) / busyUs, 2) : 0);
  const toRow = (e: { frame: CallFrame; us: number }): FunctionTime => {
    const file = shortFile(e.frame.url, opts.root);
    return {
      function: e.frame.functionName === '' ? '(anonymous)' : e.frame.functionName,
      location: file === '' ? '' : `${file}:${e.frame.lineNumber + 1}`,
      ms: round(e.us / 1000, 1),
      pct: pct(e.us),
    };
  };
  const byFile = new Map<string, number>();
  for (const e of self.values()) {
    const file = shortFile(e.frame.url, opts.root) || e.frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + e.us);
  }
  const stretches = busyStretches(profile, byID, stamps, from, to, opts);
  const isProject = (f: CallFrame): boolean => {
    const file = shortFile(f.url, opts.root);
    return PROJECT_DIRS.some((d) => file.startsWith(d));
  };
  return {
    windowMs: round((to - from) / 1000, 1),
    busyMs: round(busyUs / 1000, 1),
    idlePct: idleUs + busyUs > 0 ? round((idleUs * 100) / (idleUs + busyUs), 2) : 0,
    gcPct: pct(gcUs),
    programPct: pct(programUs),
    topSelf: [...self.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, opts.top)
      .map(toRow),
    topTotalProject: [...total.values()]
      .filter((e) => isProject(e.frame))
      .sort((a, b) => b.us - a.us)
      .slice(0, opts.top)
      .map(toRow),
    selfByFile: [...byFile.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, opts.top)
      .map(([file, us]) => ({ function: '', location: file, ms: round(us / 1000, 1), pct: pct(us) })),
    wholeProfile,
    longestBusyStretches: stretches,
  };
}

const STRETCHES_REPORTED = 5;
const STRETCH_TOP_FUNCTIONS = 4;

function busyStretches(
  profile: CpuProfile,
  byID: ReadonlyMap<number, ProfileNode>,
  stamps: Float64Array,
  from: number,
  to: number,
  opts: SummaryOptions,
): BusyStretch[] {
  const found: { start: number; end: number; first: number; last: number }[] = [];
  let start = -1;
  let first = -1;
  const n = profile.samples.length;
  for (let i = 0; i <= n; i++) {
    const t = stamps[i] as number;
    const inWindow = i < n && t >= from && t < to;
    const idle = !inWindow || byID.get(profile.samples[i] as number)?.callFrame.functionName === IDLE;
    if (!idle && start < 0) {
      start = t;
      first = i;
    } else if (idle && start >= 0) {
      found.push({ start, end: Math.min(t, to), first, last: i });
      start = -1;
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  return found.slice(0, STRETCHES_REPORTED).map((st) => {
    const self = new Map<string, { frame: CallFrame; us: number }>();
    for (let i = st.first; i < st.last; i++) {
      const node = byID.get(profile.samples[i] as number);
      if (node === undefined) continue;
      const us = (stamps[i + 1] as number) - (stamps[i] as number);
      const key = frameKey(node.callFrame);
      const e = self.get(key);
      if (e === undefined) self.set(key, { frame: node.callFrame, us });
      else e.us += us;
    }
    const total = st.end - st.start;
    return {
      atMs: round((st.start - from) / 1000, 1),
      ms: round(total / 1000, 1),
      top: [...self.values()]
        .sort((a, b) => b.us - a.us)
        .slice(0, STRETCH_TOP_FUNCTIONS)
        .map((e) => {
          const file = shortFile(e.frame.url, opts.root);
          return {
            function: e.frame.functionName === '' ? '(anonymous)' : e.frame.functionName,
            location: file === '' ? '' : `${file}:${e.frame.lineNumber + 1}`,
            ms: round(e.us / 1000, 1),
            pct: total > 0 ? round((e.us * 100) / total, 2) : 0,
          };
        }),
    };
  });
}

/** A plain-text rendering of a summary for stderr. */
export function formatSummary(title: string, s: ProfileSummary): string {
  const table = (rows: readonly FunctionTime[]): string =>
    rows.map((r) => `  ${r.pct.toFixed(2).padStart(6)}%  ${r.function.padEnd(32)} ${r.location}`).join('\n');
  return (
    `${title}: ${s.busyMs} ms busy of ${s.windowMs} ms (idle ${s.idlePct}%, GC ${s.gcPct}%, program ${s.programPct}%)` +
    `${s.wholeProfile ? ' [whole profile]' : ''}\n` +
    `self time:\n${table(s.topSelf)}\n` +
    `total time, project functions:\n${table(s.topTotalProject)}\n` +
    `self time by file:\n${s.selfByFile.map((r) => `  ${r.pct.toFixed(2).padStart(6)}%  ${r.location}`).join('\n')}\n` +
    `longest busy stretches (no idle sample):\n${s.longestBusyStretches
      .map(
        (st) =>
          `  ${st.ms.toFixed(1).padStart(7)} ms at ${st.atMs} ms: ` +
          st.top.map((r) => `${r.function} ${r.pct.toFixed(0)}%`).join(', '),
      )
      .join('\n')}\n`
  );
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeCpuProfile(profile, { top: Number(values.top), root: process.cwd() });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stderr.write(formatSummary(file, summary));
}

if (require.main === module) main();
