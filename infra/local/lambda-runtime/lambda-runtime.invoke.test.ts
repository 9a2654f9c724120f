import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFunction, repositoryRoot } from '../../../test/fixtures/functions/fixture-functions';
import { startLambdaRuntime, type LambdaRuntime } from './lambda-runtime';

// The Invoke API through the real AWS SDK: results, warm reuse, context, logs and function errors.

const functions = [
  fixtureFunction('echo', 'echo.handler.ts'),
  fixtureFunction('counter', 'counter.handler.ts'),
  fixtureFunction('context', 'context.handler.ts', { memoryMb: 256, timeoutSeconds: 7 }),
  fixtureFunction('logs', 'logs.handler.ts'),
  fixtureFunction('throws', 'throws.handler.ts'),
  fixtureFunction('huge-response', 'huge-response.handler.ts'),
  fixtureFunction('unserialisable', 'unserialisable.handler.ts'),
  fixtureFunction('sync-no-result', 'sync-no-result.handler.ts'),
  fixtureFunction('missing-module', 'does-not-exist.handler.ts'),
  fixtureFunction('missing-export', 'echo.handler.ts', { handler: 'notExported' }),
  fixtureFunction('rejects-in-background', 'rejects-in-background.handler.ts'),
];

let runtime: LambdaRuntime;
let client: LambdaClient;

beforeAll(async () => {
  runtime = await startLambdaRuntime({ functions, rootDir: repositoryRoot, port: 0, environment: { GREETING: 'hello' } });
  client = new LambdaClient({ endpoint: runtime.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await runtime.close();
});

async function invoke(input: Omit<InvokeCommandInput, 'Payload'> & { Payload?: unknown }) {
  const result = await client.send(new InvokeCommand({ ...input, Payload: JSON.stringify(input.Payload ?? {}) }));
  return { ...result, body: JSON.parse(new TextDecoder().decode(result.Payload)) as unknown };
}

describe('invoking a function synchronously', () => {
  it('answers with the handler result as JSON', async () => {
    const result = await invoke({ FunctionName: 'echo', Payload: { videoId: 'v1', tags: ['a', 'ü'] } });

    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(result.ExecutedVersion).toBe('$LATEST');
    expect(result.body).toEqual({ videoId: 'v1', tags: ['a', 'ü'] });
  });

  it('accepts the function ARN, a $LATEST qualifier and an empty payload (the handler sees {})', async () => {
    const result = await client.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:echo', Qualifier: '$LATEST' }));

    expect(new TextDecoder().decode(result.Payload)).toBe('{}');
  });

  it('answers null when a synchronous handler returns nothing', async () => {
    const result = await invoke({ FunctionName: 'sync-no-result' });

    expect(result.FunctionError).toBeUndefined();
    expect(result.body).toBeNull();
  });

  it('keeps module scope between invocations of a warm environment', async () => {
    const counts: unknown[] = [];
    for (let i = 0; i < 3; i += 1) counts.push((await invoke({ FunctionName: 'counter' })).body);

    expect(counts.map((body) => (body as { count: number }).count)).toEqual([1, 2, 3]);
    expect(new Set(counts.map((body) => (body as { pid: number }).pid)).size).toBe(1);
    expect(counts.every((body) => (body as { pid: number }).pid !== process.pid)).toBe(true);
  });

  it('gives the handler a Lambda context, client context and environment', async () => {
    const clientContext = { custom: { userId: 'u1' }, client: { app_title: 'tests' } };

    const result = await invoke({ FunctionName: 'context', ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });

    const { context, env, cwd, heapLimitMb } = result.body as { context: Record<string, unknown>; env: Record<string, unknown>; cwd: string; heapLimitMb: number };
    expect(context).toMatchObject({
      awsRequestId: result.$metadata.requestId,
      functionName: 'context',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:context',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/context',
      callbackWaitsForEmptyEventLoop: true,
      clientContext,
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(7000);
    expect(env).toEqual({
      AWS_LAMBDA_FUNCTION_NAME: 'context',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      LAMBDA_TASK_ROOT: repositoryRoot,
      GREETING: 'hello',
    });
    expect(cwd).toBe(repositoryRoot);
    // The V8 heap is capped near the memory size (young generation comes on top).
    expect(heapLimitMb).toBeGreaterThanOrEqual(256);
    expect(heapLimitMb).toBeLessThan(512);
  });

  it('returns the log tail, with the function output framed by START, END and REPORT', async () => {
    const result = await invoke({ FunctionName: 'logs', Payload: { message: 'transcoding v1' }, LogType: 'Tail' });

    const log = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
    const requestId = result.$metadata.requestId ?? '';
    expect(result.body).toBe('done');
    expect(log).toContain(`START RequestId: ${requestId} Version: $LATEST\n`);
    expect(log).toMatch(new RegExp(`\\t${requestId}\\tINFO\\tlogged: transcoding v1\\n`));
    expect(log).toContain('written to stderr\n');
    expect(log).toContain(`END RequestId: ${requestId}\n`);
    expect(log).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/);
  });

  it('leaves the log out unless asked for it', async () => {
    const result = await invoke({ FunctionName: 'logs', Payload: { message: 'quiet' } });

    expect(result.LogResult).toBeUndefined();
  });
});

describe('function errors', () => {
  it('reports a thrown error as an Unhandled function error with its type, message and trace', async () => {
    const result = await invoke({ FunctionName: 'throws', Payload: { videoId: 'v404' } });

    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'VideoNotFoundError', errorMessage: 'video v404 does not exist' });
    expect((result.body as { trace: string[] }).trace[0]).toBe('VideoNotFoundError: video v404 does not exist');
  });

  it.each([
    ['huge-response', 'Function.ResponseSizeTooLarge', 'Response payload size exceeded maximum allowed payload size (6291556 bytes).'],
    ['unserialisable', 'Runtime.MarshalError', 'Unable to stringify response body'],
    ['missing-export', 'Runtime.HandlerNotFound', 'test/fixtures/functions/echo.handler.ts.notExported is undefined or not exported'],
    ['rejects-in-background', 'Runtime.UnhandledPromiseRejection', 'RangeError: bitrate out of range'],
  ])('reports %s as %s', async (functionName, errorType, errorMessage) => {
    const result = await invoke({ FunctionName: functionName });

    expect(result.FunctionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType, errorMessage });
  });

  it('reports a module that cannot load as Runtime.ImportModuleError, again on the next invocation', async () => {
    const first = await invoke({ FunctionName: 'missing-module' });
    const second = await invoke({ FunctionName: 'missing-module' });

    for (const result of [first, second]) {
      expect(result.FunctionError).toBe('Unhandled');
      expect(result.body).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringContaining('does-not-exist.handler.ts') });
    }
  });
});
