import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../../core/logging/create-logger';

/**
 * Keeps each function's invocation logs in `<dir>/<function>.log`, as CloudWatch Logs keeps a log
 * group per function: `grep <request id> <dir>/*.log` finds a request's lines in every function.
 */
export function functionLogFiles(dir: string, logger: Logger) {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, WriteStream>();
  const fileOf = (functionName: string) => {
    let file = files.get(functionName);
    if (!file) {
      file = createWriteStream(path.join(dir, `${functionName}.log`), { flags: 'a' });
      // A full disk loses function logs, never the invocation.
      file.on('error', (error) => logger.warn({ err: error, functionName }, 'could not write the function log'));
      files.set(functionName, file);
    }
    return file;
  };
  return {
    write: (functionName: string, log: string) => void fileOf(functionName).write(log),
    close: () => Promise.all([...files.values()].map((file) => new Promise<void>((resolve) => file.end(resolve)))),
  };
}
