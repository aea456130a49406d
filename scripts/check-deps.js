#!/usr/bin/env node
'use strict';
// Enforces the dependency rule of DESIGN.md §1:
//   - metrics/ and filters/ import only their own folder, src/engine/types.ts and src/util/;
//   - src/util/ and src/engine/types.ts import nothing from the rest of the project;
//   - nothing below src/engine (engine, store, metrics, filters) imports src/rpc;
//   - there are no import cycles among project files.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dirs = ['src', 'metrics', 'filters'];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/g;

function walk(dir, out) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const cand of [base + '.ts', path.join(base, 'index.ts')]) if (fs.existsSync(cand)) return cand;
  return null;
}

const files = dirs.flatMap((d) => (fs.existsSync(path.join(root, d)) ? walk(path.join(root, d), []) : []));
const graph = new Map();
const problems = [];
const rel = (p) => path.relative(root, p).split(path.sep).join('/');

for (const file of files) {
  const src = fs.readFileSync(file, 'utf8');
  const deps = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    const target = resolveImport(file, spec);
    if (target) deps.push(target);
  }
  graph.set(file, deps);
  const from = rel(file);
  for (const dep of deps) {
    const to = rel(dep);
    const leaf = to === 'src/engine/types.ts' || to.startsWith('src/util/');
    if (
      (from.startsWith('metrics/') || from.startsWith('filters/')) &&
      !leaf &&
      !to.startsWith(from.split('/')[0] + '/')
    )
      problems.push(
        `${from} imports ${to}: metrics/ and filters/ may import only src/engine/types.ts and src/util/`,
      );
    if ((from.startsWith('src/util/') || from === 'src/engine/types.ts') && !to.startsWith('src/util/'))
      problems.push(`${from} imports ${to}: src/util and src/engine/types.ts are leaves`);
    if (/^(src\/engine|src\/store|metrics|filters)\//.test(from) && to.startsWith('src/rpc/'))
      problems.push(`${from} imports ${to}: nothing below the transport layer may import src/rpc`);
  }
}

const state = new Map();
const stack = [];
function visit(n) {
  state.set(n, 1);
  stack.push(n);
  for (const d of graph.get(n) ?? []) {
    if (state.get(d) === 1) {
      const cycle = stack.slice(stack.indexOf(d)).concat(d).map(rel);
      problems.push(`import cycle: ${cycle.join(' -> ')}`);
    } else if (!state.has(d)) visit(d);
  }
  stack.pop();
  state.set(n, 2);
}
for (const f of graph.keys()) if (!state.has(f)) visit(f);

if (problems.length > 0) {
  for (const p of [...new Set(problems)]) console.error(p);
  process.exit(1);
}
console.log(`dependency rule: ${files.length} files, no violations`);
