/**
 * `node dist/bench/in-process.js [--quick] [core] [scale] [memory]`: only the in-process sections of
 * the bench (no servers, no load generator), as one JSON object on stdout. For iterating on the
 * engine's hot path; `run.js` remains the ruler the targets are read from.
 */
import { parseArgs } from 'node:util';
import { FULL_PARAMS, QUICK_PARAMS } from './bench-params';
import { measureCore } from './core-bench';
import { measureMemory } from './memory-bench';
import { measureScale } from './scale-bench';

const SECTIONS = {
  core: measureCore,
  scale: measureScale,
  memory: measureMemory,
} as const;
type Section = keyof typeof SECTIONS;

function isSection(name: string): name is Section {
  return Object.hasOwn(SECTIONS, name);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { quick: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const p = values.quick ? QUICK_PARAMS : FULL_PARAMS;
  const names = positionals.length > 0 ? positionals : Object.keys(SECTIONS);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (!isSection(name)) {
      process.stderr.write(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}\n`);
      return 1;
    }
    process.stderr.write(`in-process: ${name}\n`);
    out[name] = await SECTIONS[name](p);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`in-process: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
