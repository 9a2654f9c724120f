import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../bench-row';
import type { BenchSettings } from '../bench-settings';

/** Which machine a run was on: figures only compare within one run, but a reader needs the context. */
export function describeMachine() {
  const cpus = os.cpus();
  return { cpuModel: cpus[0]?.model ?? 'unknown', cpus: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtEnd: os.loadavg() };
}

/** Writes bench/results/latest.json and a copy named after the run's start. */
export function writeResults(dir: string, run: { startedAt: Date; settings: BenchSettings; rows: readonly BenchRow[]; details: Record<string, unknown> }): string {
  mkdirSync(dir, { recursive: true });
  const latest = path.join(dir, 'latest.json');
  writeFileSync(latest, JSON.stringify({ date: run.startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: describeMachine(), settings: run.settings, rows: run.rows, details: run.details }, null, 2));
  copyFileSync(latest, path.join(dir, `${run.startedAt.toISOString().replace(/[:.]/g, '-')}.json`));
  return latest;
}
