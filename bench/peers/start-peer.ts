import { fork, type ChildProcess } from 'node:child_process';
import { stopChild, waitUntilReady } from '../../infra/local/child-process';

/** A server started for the benchmark, as its own process. */
export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

// Servers this run started and has not stopped: they go down with the benchmark, however it ends.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a TypeScript entry point (through tsx) that announces `{ type: 'ready', url }` over IPC
 * once listening, as the system's own processes do, and waits for it.
 */
export async function startServerProcess(name: string, entry: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const child = fork(entry, args, { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = await waitUntilReady(name, child);
  return { name, url, pid: child.pid!, stop: () => stopChild(child) };
}
