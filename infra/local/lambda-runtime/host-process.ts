import { fork, type ChildProcess } from 'node:child_process';
import type { FunctionDefinition } from '../../../extracted-functions/registry';

/**
 * Forks the process of one execution environment: `hostScript` (function-host.main.ts, bundled)
 * on plain Node.js, the function's directory as working directory, only the given environment,
 * output piped back to the runtime.
 */
export function forkHostProcess(definition: FunctionDefinition, hostScript: string, rootDir: string, environment: Record<string, string>): ChildProcess {
  const child = fork(hostScript, [], {
    cwd: rootDir,
    env: environment,
    // Lambda caps memory; the nearest Node.js knob is the V8 heap.
    execArgv: [`--max-old-space-size=${definition.memoryMb}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  return child;
}
