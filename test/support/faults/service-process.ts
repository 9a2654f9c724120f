import { spawn, type ChildProcess } from 'node:child_process';
import { repositoryRoot } from '../../fixtures/functions/fixture-functions';

/** A process of the system (monolith, runtime, proxy) started on its own, leading its own process group. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The URL it announced once listening. */
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** A crash: SIGKILL to the whole group (its function hosts, its ffmpeg) at once, no chance to clean up. */
  kill(): Promise<void>;
}

const readyTimeoutMs = 60_000;

function isReadyMessage(message: unknown): message is { type: 'ready'; url: string } {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'ready' && 'url' in message && typeof message.url === 'string';
}

/** Whether any process of the group led by `pid` still runs. */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Starts `entry` (a TypeScript main that announces readiness over IPC, core/process/serve.ts) and waits until it listens. */
export async function startServiceProcess(entry: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const kill = async () => {
    if (child.pid !== undefined && processGroupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} sent no ready message within ${readyTimeoutMs} ms; output:\n${printed}`)), readyTimeoutMs);
    child.on('message', (message) => {
      if (!isReadyMessage(message)) return;
      clearTimeout(timer);
      resolve(message.url);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} ended (${signal ?? `exit code ${code}`}) before it was ready; output:\n${printed}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });
  return { child, url, output: () => printed, exited, kill };
}
