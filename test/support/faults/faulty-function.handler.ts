import { readFileSync } from 'node:fs';
import path from 'node:path';
import { faultControlDir, type FunctionFault } from './function-fault';

// Wraps the registered function of the same name (AWS_LAMBDA_FUNCTION_NAME) and misbehaves as the
// installation's control file says (function-fault.ts), read at every invocation so a test or the
// soak switches faults while the function stays warm.

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
}

// The registry's functions, imported by literal paths so that the bundler (the local runtime runs
// bundles) takes each in; only the wrapped one is loaded.
const realHandlers: Readonly<Record<string, () => Promise<Handler>>> = {
  auth: async () => (await import('../../../extracted-functions/auth/http.handler')).handler as Handler,
  authorizer: async () => (await import('../../../extracted-functions/authorizer/authorize.handler')).handler as Handler,
  transcoding: async () => (await import('../../../extracted-functions/transcoding/transcoding.handler')).handler as Handler,
  metadata: async () => (await import('../../../extracted-functions/metadata/metadata.handler')).handler as Handler,
  notifications: async () => (await import('../../../extracted-functions/notifications/notifications.handler')).handler as Handler,
  'legacy-monolith': async () => (await import('../../../extracted-functions/legacy-monolith/legacy-monolith.handler')).handler as Handler,
};

const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
const loadRealHandler = realHandlers[functionName];
if (!loadRealHandler) throw new Error(`faulty-function: no real handler of ${functionName || 'AWS_LAMBDA_FUNCTION_NAME'} to wrap: add the function to realHandlers`);
const realHandler = await loadRealHandler();
const controlFile = path.join(faultControlDir(process.env.DATA_DIR ?? 'data'), `${functionName}.json`);

function currentFault(): FunctionFault {
  try {
    return JSON.parse(readFileSync(controlFile, 'utf8')) as FunctionFault;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { mode: 'ok' };
    throw error;
  }
}

/** The real handler, or the injected fault on the configured share of invocations. */
export async function handler(event: unknown, context: unknown): Promise<unknown> {
  const { mode, rate = 1 } = currentFault();
  if (mode === 'ok' || Math.random() >= rate) return realHandler(event, context);
  switch (mode) {
    case 'throw':
      throw new InjectedFaultError(`injected failure of ${functionName}`);
    case 'hang':
      // Until the runtime's timeout ends the invocation, as a stuck dependency would.
      return new Promise(() => undefined);
    case 'garbage':
      return { statusCode: 'two hundred', body: 42 };
  }
}
