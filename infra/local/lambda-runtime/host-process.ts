import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionDefinition } from '../../../extracted-functions/registry';

const HOST_SCRIPT = fileURLToPath(new URL('./function-host.main.ts', import.meta.url));
// Resolved here rather than by the child, so a host starts whatever its working directory.
const TSX_LOADER_URL = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Forks the process of one execution environment: TypeScript through tsx, the function's
 * directory as working directory, only the given environment, output piped back to the runtime.
 */
export function forkHostProcess(definition: FunctionDefinition, rootDir: string, environment: Record<string, string>): ChildProcess {
  const child = fork(HOST_SCRIPT, [], {
    cwd: rootDir,
    env: environment,
    // Lambda caps memory; the nearest Node.js knob is the V8 heap.
    execArgv: ['--import', TSX_LOADER_URL, `--max-old-space-size=${definition.memoryMb}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  return child;
}
