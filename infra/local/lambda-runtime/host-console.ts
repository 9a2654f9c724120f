import { format } from 'node:util';

const consoleLevels = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
] as const;

/**
 * Makes console output look as it does in CloudWatch: time, request id, level, message. Like the
 * Node.js Lambda runtime, output written outside an invocation (module scope) shows `undefined`.
 */
export function formatConsoleAsLambda(currentRequestId: () => string | undefined): void {
  for (const [method, level] of consoleLevels) {
    console[method] = (...args: unknown[]) => {
      process.stdout.write(`${new Date().toISOString()}\t${String(currentRequestId())}\t${level}\t${format(...args)}\n`);
    };
  }
}
