import { pathToFileURL } from 'node:url';
import {
  handlerNotFoundError,
  importModuleError,
  marshalError,
  responseTooLargeError,
  toFunctionErrorBody,
  type FunctionErrorBody,
} from './function-errors';
import { formatConsoleAsLambda } from './host-console';
import { createLambdaContext, type LambdaContext } from './host-context';
import type { HostCommand, PhaseEndMessage, PhaseOutcome } from './host-messages';
import { RESPONSE_LIMIT_BYTES } from './lambda-limits';
import { phaseEndMarker } from './phase-marker';

// The process the runtime forks for one execution environment: it loads the handler once, then
// serves invocations one at a time, so module scope survives between them as in a warm Lambda.

type Handler = (event: unknown, context: LambdaContext) => unknown;
type InvokeCommand = Extract<HostCommand, { type: 'invoke' }>;

// Kept before the function's code loads, so a function that replaces them cannot hide a phase end.
const writeStdout = process.stdout.write.bind(process.stdout);
const writeStderr = process.stderr.write.bind(process.stderr);

let handler: Handler | undefined;
let current: { phaseId: string; requestId: string } | undefined;

formatConsoleAsLambda(() => current?.requestId);
// The runtime is the only sender on this channel.
process.on('message', (message) => void runCommand(message as HostCommand));
// An orphaned host would outlive the runtime: leave with it.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (error) => failFromBackground('Uncaught Exception', toFunctionErrorBody(error)));
process.on('unhandledRejection', (reason) => {
  const { errorType, errorMessage, trace } = toFunctionErrorBody(reason);
  failFromBackground('Unhandled Promise Rejection', { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${errorType}: ${errorMessage}`, trace: trace ?? [] });
});

async function runCommand(command: HostCommand): Promise<void> {
  if (command.type === 'init') {
    endPhase(command.phaseId, await loadHandler(command.modulePath, command.entry, command.handler));
    return;
  }
  current = { phaseId: command.phaseId, requestId: command.requestId };
  const outcome = await invokeHandler(command);
  current = undefined;
  endPhase(command.phaseId, outcome);
}

async function loadHandler(modulePath: string, entry: string, handlerName: string): Promise<PhaseOutcome> {
  try {
    const module: Record<string, unknown> = await import(pathToFileURL(modulePath).href);
    const exported = module[handlerName];
    if (typeof exported !== 'function') return failed('Init Error', handlerNotFoundError(entry, handlerName));
    handler = exported as Handler;
    return { ok: true, payload: '' };
  } catch (error) {
    return failed('Init Error', importModuleError(error));
  }
}

async function invokeHandler(command: InvokeCommand): Promise<PhaseOutcome> {
  if (handler === undefined) return failed('Invoke Error', { errorType: 'Runtime.HandlerNotFound', errorMessage: 'Invoked before the handler loaded' });
  let result: unknown;
  try {
    result = await handler(JSON.parse(command.payload), createLambdaContext(command));
  } catch (error) {
    return failed('Invoke Error', toFunctionErrorBody(error));
  }
  return serializeResult(result);
}

function serializeResult(result: unknown): PhaseOutcome {
  let payload: string;
  try {
    // A handler that returns nothing answers `null`; JSON.stringify gives undefined for a function.
    payload = JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch (error) {
    return failed('Invoke Error', { ...marshalError(), trace: toFunctionErrorBody(error).trace ?? [] });
  }
  if (Buffer.byteLength(payload) > RESPONSE_LIMIT_BYTES) return failed('Invoke Error', responseTooLargeError());
  return { ok: true, payload };
}

/** Logs the failure the way the Lambda runtime does, so it shows in the invocation's log tail. */
function failed(label: string, error: FunctionErrorBody): PhaseOutcome {
  console.error(label, JSON.stringify(error));
  return { ok: false, error };
}

function failFromBackground(label: string, error: FunctionErrorBody): void {
  const phaseId = current?.phaseId;
  console.error(label, JSON.stringify(error));
  if (phaseId === undefined) process.exit(129);
  // Like Lambda: the invocation fails with the error and the execution environment is discarded.
  else endPhase(phaseId, { ok: false, error }, () => process.exit(129));
}

function endPhase(phaseId: string, outcome: PhaseOutcome, afterSend?: () => void): void {
  writeStdout(phaseEndMarker(phaseId));
  writeStderr(phaseEndMarker(phaseId));
  const maxMemoryMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const message: PhaseEndMessage = { type: 'phase-end', phaseId, outcome, maxMemoryMb };
  process.send?.(message, undefined, {}, afterSend);
}
