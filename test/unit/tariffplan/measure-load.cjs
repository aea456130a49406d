'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by node, outside Jest */
// Child-process side of large-plan.test.ts: reads the folder given as argv[2] with the real loader
// and prints one JSON line (timings and a digest of the result) on stdout.
require('./swc-register.cjs');
const path = require('node:path');
const { readTariffPlan, applyTariffPlan } = require(path.resolve(__dirname, '../../../src/tariffplan'));

async function main() {
  const folder = process.argv[2];
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  const r = await readTariffPlan(folder, { timezone: 'UTC', nowMs: Date.UTC(2026, 0, 1) });
  const readMs = performance.now() - startMs;
  const cpu = process.cpuUsage(startCpu);
  const readCpuMs = (cpu.user + cpu.system) / 1000;
  let applied = 0;
  const noop = () => {
    applied++;
  };
  const sink = {
    setDestination: noop,
    setFilter: noop,
    setActions: noop,
    setStatQueueProfile: noop,
    setThresholdProfile: noop,
  };
  const applyStartMs = performance.now();
  await applyTariffPlan(r.plan, sink, { partial: false });
  const applyMs = performance.now() - applyStartMs;
  const last = r.plan.stats[r.plan.stats.length - 1];
  process.stdout.write(
    JSON.stringify({
      readMs,
      readCpuMs,
      applyMs,
      applied,
      counts: r.counts,
      errors: r.errors.slice(0, 5),
      last,
      heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
