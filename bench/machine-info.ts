import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Where the figures were measured: absolute numbers only mean something next to this. */
export interface MachineInfo {
  readonly cpus: number;
  readonly availableParallelism: number;
  readonly cpuModel: string;
  readonly cpuMHz: number;
  readonly totalMemMB: number;
  readonly nodeVersion: string;
  readonly v8Version: string;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  /** 1-minute load average when the bench started: a busy machine explains noisy figures. */
  readonly loadAvg1: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    availableParallelism: availableParallelism(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuMHz: list[0]?.speed ?? 0,
    totalMemMB: Math.round(totalmem() / 2 ** 20),
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    loadAvg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
