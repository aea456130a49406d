#!/usr/bin/env node
'use strict';
// Adds lockfile entries for platform-specific optional packages that the registry mirror of our
// build machines does not serve (e.g. @swc/core-darwin-arm64). Without them `npm ci` refuses the
// lockfile ("Missing: ... from lock file") even though those packages are never installed on
// linux-x64. Run it after any `npm install` that changes dependencies: see docs/adr/0002.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OSES.find((o) => base.includes(`-${o}-`));
  const cpu = CPUS.find((c) => new RegExp(`-${c}(-|$)`).test(base));
  if (os === undefined || cpu === undefined) return undefined;
  const entry = { cpu: [cpu], os: [os] };
  if (os === 'linux') entry.libc = [base.includes('musl') ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pkgs[key] !== undefined || pkgs[`${where}/${key}`] !== undefined) continue;
    const platform = platformOf(dep);
    if (platform === undefined) {
      console.error(`cannot tell the platform of optional dependency ${dep}; add it by hand`);
      process.exitCode = 1;
      continue;
    }
    pkgs[key] = { version, ...platform, ...(meta.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
