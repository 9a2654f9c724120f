import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningSystem {
  proxyUrl: string;
  legacyUrl: string;
  runtimeUrl: string;
  /** The throw-away data folder: SQLite file, keys, admin token. */
  dataDir: string;
  adminToken: string;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// A system runs detached (its own process group, stopped as one): one left running when the
// benchmark dies (an error, Ctrl-C, a timeout) would hold its ports, so it goes down with us.
const runningGroups = new Set<number>();
process.once('exit', () => {
  for (const group of runningGroups) process.kill(-group, 'SIGINT');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Starts the real system (`npm start`'s launcher, separate processes) on a throw-away data folder. */
export async function startSystem(ports: { edge: number; legacy: number; runtime: number }, extraEnv: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), '24hv-bench-'));
  const env = { ...process.env, ...extraEnv, DATA_DIR: dataDir, EDGE_PORT: String(ports.edge), LEGACY_PORT: String(ports.legacy), LAMBDA_RUNTIME_PORT: String(ports.runtime), LOG_LEVEL: 'warn' };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  runningGroups.add(child.pid!);
  child.once('exit', () => runningGroups.delete(child.pid!));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('24-Hour Video is running')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the system did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    proxyUrl: `http://127.0.0.1:${ports.edge}`,
    legacyUrl: `http://127.0.0.1:${ports.legacy}`,
    runtimeUrl: `http://127.0.0.1:${ports.runtime}`,
    dataDir,
    adminToken: readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim(),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
