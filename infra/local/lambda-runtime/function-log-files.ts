import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SonicBoom from 'sonic-boom';
import type { Logger } from '../../../core/logging/create-logger';

// Every invocation writes its lines: buffered, a busy function costs the runtime one write of
// its file every few KiB or every flush interval, not one per invocation.
const bufferBytes = 4096;
const flushEveryMs = 100;

/**
 * Keeps each function's invocation logs in `<dir>/<function>.log`, as CloudWatch Logs keeps a log
 * group per function: `grep <request id> <dir>/*.log` finds a request's lines in every function.
 * Lines reach the file within `flushEveryMs`.
 */
export function functionLogFiles(dir: string, logger: Logger) {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, SonicBoom>();
  const fileOf = (functionName: string) => {
    let file = files.get(functionName);
    if (!file) {
      file = new SonicBoom({ dest: path.join(dir, `${functionName}.log`), append: true, minLength: bufferBytes, periodicFlush: flushEveryMs });
      // A full disk loses function logs, never the invocation.
      file.on('error', (error) => logger.warn({ err: error, functionName }, 'could not write the function log'));
      files.set(functionName, file);
    }
    return file;
  };
  let closed: Promise<void> | undefined;
  return {
    // An invocation that ends while the runtime shuts down has nowhere left to write.
    write: (functionName: string, log: string) => void (closed || fileOf(functionName).write(log)),
    /** Writes what is buffered and closes the files; a later call waits for the same close. */
    close: () =>
      (closed ??= Promise.all(
        [...files.values()].map(
          (file) =>
            new Promise<void>((resolve) => {
              file.once('close', () => resolve());
              file.end();
            }),
        ),
      ).then(() => undefined)),
  };
}
