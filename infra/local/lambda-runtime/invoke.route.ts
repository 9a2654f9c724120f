import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionPool, InvocationResult } from './function-pool';
import { toLogResult } from './invocation-log';
import { toFunctionArn, type InvokeTarget } from './invoke-target.parser';
import { EVENT_REQUEST_LIMIT_BYTES, SYNC_REQUEST_LIMIT_BYTES } from './lambda-limits';
import { readRequestBody } from './request-body.reader';
import { functionNotFoundError, LambdaServiceError, throttledError } from './service-error';

/** What the Invoke route needs from the runtime. */
export interface InvokeRouteContext {
  readonly pools: ReadonlyMap<string, FunctionPool>;
  readonly region: string;
}

const invocationTypes = ['RequestResponse', 'Event', 'DryRun'] as const;
type InvocationType = (typeof invocationTypes)[number];

/** Serves one Invoke request; throws LambdaServiceError for what the API refuses. */
export async function serveInvoke(request: IncomingMessage, response: ServerResponse, target: InvokeTarget, requestId: string, context: InvokeRouteContext): Promise<void> {
  const invokedFunctionArn = toFunctionArn(target.functionName, context.region, target.qualifier);
  const pool = context.pools.get(target.functionName);
  // The local runtime publishes no versions or aliases: only the unpublished $LATEST exists.
  if (pool === undefined || (target.qualifier !== undefined && target.qualifier !== '$LATEST')) throw functionNotFoundError(invokedFunctionArn);
  const invocationType = readInvocationType(request.headers);
  const body = await readRequestBody(request, invocationType === 'Event' ? EVENT_REQUEST_LIMIT_BYTES : SYNC_REQUEST_LIMIT_BYTES);
  const headers = { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId };
  if (invocationType === 'DryRun') {
    response.writeHead(204, headers).end();
    return;
  }
  const invocation = { requestId, payload: checkPayload(body), invokedFunctionArn, clientContext: readClientContext(request.headers) };
  if (invocationType === 'Event') {
    pool.enqueue(invocation);
    response.writeHead(202, { ...headers, 'Content-Length': 0 }).end();
    return;
  }
  const running = pool.tryInvoke(invocation);
  if (running === undefined) throw throttledError();
  writeResult(response, await running, headers, request.headers['x-amz-log-type'] === 'Tail');
}

function writeResult(response: ServerResponse, { run, log }: InvocationResult, headers: Record<string, string>, tail: boolean): void {
  const body = run.outcome.ok ? run.outcome.payload : JSON.stringify(run.outcome.error);
  response.writeHead(200, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    // Function errors are not API errors: the SDK returns them in FunctionError and Payload.
    ...(run.outcome.ok ? {} : { 'X-Amz-Function-Error': 'Unhandled' }),
    ...(tail ? { 'X-Amz-Log-Result': toLogResult(log) } : {}),
  });
  response.end(body);
}

function readInvocationType(headers: IncomingHttpHeaders): InvocationType {
  const value = headers['x-amz-invocation-type'] ?? 'RequestResponse';
  const type = invocationTypes.find((known) => known === value);
  if (type === undefined) {
    throw new LambdaServiceError('InvalidParameterValueException', `X-Amz-Invocation-Type '${String(value)}' is not one of ${invocationTypes.join(', ')}.`);
  }
  return type;
}

/** Lambda hands an empty payload to the handler as `{}`. */
function checkPayload(body: string): string {
  if (body === '') return '{}';
  try {
    JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LambdaServiceError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${detail}`, undefined, { cause: error });
  }
  return body;
}

function readClientContext(headers: IncomingHttpHeaders): unknown {
  const encoded = headers['x-amz-client-context'];
  if (typeof encoded !== 'string' || encoded === '') return undefined;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch (error) {
    throw new LambdaServiceError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.', undefined, { cause: error });
  }
}
