import { fork, type ChildProcess } from 'node:child_process';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the URL the child announced once listening; rejects if it exits first. */
  ready: Promise<string>;
}

/** Starts a TypeScript entry point as a child process (through tsx) that announces readiness over IPC. */
export function startChild(name: string, entry: string, env: NodeJS.ProcessEnv, readyTimeoutMs = 60_000): ManagedChild {
  const child = fork(entry, [], { env, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return { name, process: child, ready: waitUntilReady(name, child, readyTimeoutMs) };
}

/** Asks a child to stop (SIGTERM) and kills it if it has not within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The URL a child announces over IPC once it listens (`{ type: 'ready', url }`); rejects if it exits first or takes too long. */
export function waitUntilReady(name: string, child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type !== 'ready' || !message.url) return;
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (${signal ?? `code ${code}`})`));
    });
  });
}
