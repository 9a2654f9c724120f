import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { portVariable, readEnv } from '../../../core/config/read-env';
import { createLogger } from '../../../core/logging/create-logger';
import { runMain } from '../../../core/process/run-main';
import { announceReady } from '../../../core/process/serve';
import { functionRegistry } from '../../../extracted-functions/registry';
import { startLambdaRuntime } from './lambda-runtime';

/**
 * The local Lambda runtime as its own process (forked by `npm start`): every registered function,
 * served at LAMBDA_RUNTIME_PORT, with this process's environment passed on to the functions.
 */
async function main(): Promise<void> {
  const logger = createLogger('lambda-runtime');
  const { LAMBDA_RUNTIME_PORT: port } = readEnv(z.object({ LAMBDA_RUNTIME_PORT: portVariable(3002) }));
  const environment = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const runtime = await startLambdaRuntime({
    functions: functionRegistry,
    port,
    rootDir: fileURLToPath(new URL('../../../', import.meta.url)),
    environment,
    logger,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'lambda runtime shutting down');
      void runtime.close().then(() => process.exit(0));
    });
  }
  announceReady('lambda-runtime', runtime.url);
}

runMain(main);
