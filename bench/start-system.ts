import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningSystem {
  proxyUrl: string;
  legacyUrl: string;
  adminToken: string;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the real system (`npm start`'s launcher, separate processes) on a throw-away data folder. */
export async function startSystem(ports = { edge: 3100, legacy: 3101, runtime: 3102 }): Promise<RunningSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), '24hv-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, EDGE_PORT: String(ports.edge), LEGACY_PORT: String(ports.legacy), LAMBDA_RUNTIME_PORT: String(ports.runtime), LOG_LEVEL: 'warn' };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
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
    adminToken: readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim(),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
