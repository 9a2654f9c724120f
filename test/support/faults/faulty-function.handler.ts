import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findFunction } from '../../../extracted-functions/registry';
import { faultControlDir, type FunctionFault } from './function-fault';

// Wraps the registered function of the same name (AWS_LAMBDA_FUNCTION_NAME) and misbehaves as the
// installation's control file says (function-fault.ts), read at every invocation so a test or the
// soak switches faults while the function stays warm.

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
}

const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
const definition = findFunction(functionName);
if (!definition) throw new Error(`faulty-function: ${functionName || 'AWS_LAMBDA_FUNCTION_NAME'} is not in the function registry`);
const realModule = (await import(pathToFileURL(path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), definition.entry)).href)) as Record<string, unknown>;
const realHandler = realModule[definition.handler] as Handler;
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
