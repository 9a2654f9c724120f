import {
  InvokeCommand,
  LambdaClient,
  type InvokeCommandInput,
  type InvokeCommandOutput,
  type LambdaServiceException,
} from '@aws-sdk/client-lambda';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureFunction, repositoryRoot } from '../../../test/fixtures/functions/fixture-functions';
import { startLambdaRuntime, type LambdaRuntime } from './lambda-runtime';

// The Invoke API through the real AWS SDK: API errors, timeouts, crashes, concurrency, events, shutdown.

const functions = [
  fixtureFunction('echo', 'echo.handler.ts'),
  fixtureFunction('quick-timeout', 'sleeps.handler.ts', { timeoutSeconds: 1 }),
  fixtureFunction('single', 'sleeps.handler.ts', { reservedConcurrency: 1, timeoutSeconds: 10 }),
  fixtureFunction('exits', 'exits.handler.ts'),
  fixtureFunction('writes-file', 'writes-file.handler.ts'),
  fixtureFunction('slow-init', 'slow-init.handler.ts', { timeoutSeconds: 3 }),
];

let runtime: LambdaRuntime;
let client: LambdaClient;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lambda-runtime-'));
  runtime = await startLambdaRuntime({ functions, rootDir: repositoryRoot, port: 0 });
  // The SDK retries throttles by default: one attempt shows the 429 as Lambda sends it.
  client = new LambdaClient({ endpoint: runtime.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await runtime.close();
  await rm(scratch, { recursive: true, force: true });
});

function invoke(input: Omit<InvokeCommandInput, 'Payload'> & { Payload?: unknown }): Promise<InvokeCommandOutput> {
  const payload = input.Payload instanceof Uint8Array ? input.Payload : JSON.stringify(input.Payload ?? {});
  return client.send(new InvokeCommand({ ...input, Payload: payload }));
}

function bodyOf(result: InvokeCommandOutput): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(result.Payload)) as Record<string, unknown>;
}

async function serviceErrorOf(invocation: Promise<unknown>): Promise<LambdaServiceException & Record<string, unknown>> {
  return invocation.then(
    () => expect.fail('expected the SDK to throw'),
    (error: LambdaServiceException & Record<string, unknown>) => error,
  );
}

/** Waits until a fixture has written its pid: the invocation is then surely running. */
async function pidWrittenTo(pidFile: string): Promise<number> {
  return vi.waitFor(
    async () => {
      const pid = Number(await readFile(pidFile, 'utf8'));
      // writeFile empties the file before it writes: a read in between finds no pid yet.
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${pidFile} yet`);
      return pid;
    },
    { timeout: 10_000, interval: 50 },
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('API errors', () => {
  it.each([
    ['an unknown function', { FunctionName: 'nope' }, 'ResourceNotFoundException', 404],
    ['a published version, which the local runtime does not have', { FunctionName: 'echo', Qualifier: '7' }, 'ResourceNotFoundException', 404],
    ['a payload that is not JSON', { FunctionName: 'echo', Payload: new TextEncoder().encode('{"videoId":') }, 'InvalidRequestContentException', 400],
    ['a payload over 6 MB', { FunctionName: 'echo', Payload: new Uint8Array(6_291_457).fill(32) }, 'RequestTooLargeException', 413],
    ['an event payload over 256 KB', { FunctionName: 'echo', InvocationType: 'Event' as const, Payload: new Uint8Array(262_145).fill(32) }, 'RequestTooLargeException', 413],
  ])('refuses %s', async (_case, input, name, status) => {
    const error = await serviceErrorOf(invoke(input));

    expect(error.name).toBe(name);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.Type).toBe('User');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${runtime.url}/2015-03-31/functions`);

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await response.json()).toMatchObject({ Type: 'User', message: expect.stringContaining('GET /2015-03-31/functions') });
  });

  it('answers a dry run with 204 without running the function', async () => {
    const result = await invoke({ FunctionName: 'echo', InvocationType: 'DryRun' });

    expect(result.StatusCode).toBe(204);
  });
});

describe('environments that fail', () => {
  it('kills an invocation that outlives its timeout, and serves the next one from a new process', async () => {
    const pidFile = join(scratch, 'timed-out.pid');

    const timedOut = await invoke({ FunctionName: 'quick-timeout', Payload: { ms: 30_000, pidFile } });
    const next = await invoke({ FunctionName: 'quick-timeout', Payload: { ms: 0 } });

    expect(timedOut.FunctionError).toBe('Unhandled');
    expect(bodyOf(timedOut)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${timedOut.$metadata.requestId} Task timed out after 1\\.00 seconds$`)),
    });
    const killedPid = await pidWrittenTo(pidFile);
    expect(isRunning(killedPid)).toBe(false);
    expect(next.FunctionError).toBeUndefined();
    expect(bodyOf(next).pid).not.toBe(killedPid);
  });

  it('reports a process that exits mid-invocation as Runtime.ExitError, and starts a new one', async () => {
    const first = await invoke({ FunctionName: 'exits', Payload: { code: 1 } });
    const second = await invoke({ FunctionName: 'exits', Payload: { code: 3 }, LogType: 'Tail' });

    expect(first.FunctionError).toBe('Unhandled');
    expect(bodyOf(first)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${first.$metadata.requestId} Error: Runtime exited with error: exit status 1` });
    expect(bodyOf(second).errorMessage).toMatch(/exit status 3$/);
    expect(Buffer.from(second.LogResult ?? '', 'base64').toString()).toContain('about to exit');
  });

  it('finishes an init that overruns its 10 s within the first invocation, as Lambda does on demand', async () => {
    const cold = await invoke({ FunctionName: 'slow-init' });
    const warm = await invoke({ FunctionName: 'slow-init' });

    expect(cold.FunctionError).toBeUndefined();
    expect(bodyOf(warm)).toEqual(bodyOf(cold));
  }, 20_000);
});

describe('concurrency', () => {
  it('throttles a synchronous invocation beyond the reserved concurrency with a 429', async () => {
    const pidFile = join(scratch, 'busy.pid');
    const busy = invoke({ FunctionName: 'single', Payload: { ms: 2_000, pidFile } });
    await pidWrittenTo(pidFile);

    const error = await serviceErrorOf(invoke({ FunctionName: 'single', Payload: { ms: 0 } }));

    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(error.retryAfterSeconds).toBe('1');
    expect((await busy).FunctionError).toBeUndefined();
  });

  it('queues an event beyond the reserved concurrency and runs it once the environment is free', async () => {
    const busyPidFile = join(scratch, 'queue-busy.pid');
    const queuedPidFile = join(scratch, 'queued.pid');
    const busy = invoke({ FunctionName: 'single', Payload: { ms: 500, pidFile: busyPidFile } });
    const busyPid = await pidWrittenTo(busyPidFile);

    const queued = await invoke({ FunctionName: 'single', InvocationType: 'Event', Payload: { ms: 0, pidFile: queuedPidFile } });

    expect(queued.StatusCode).toBe(202);
    expect(queued.Payload?.length ?? 0).toBe(0);
    await busy;
    // Same process: the queued event waited for the one environment rather than starting another.
    expect(await pidWrittenTo(queuedPidFile)).toBe(busyPid);
  });

  it('runs an event asynchronously after answering 202', async () => {
    const path = join(scratch, 'event.txt');

    const result = await invoke({ FunctionName: 'writes-file', InvocationType: 'Event', Payload: { path, content: 'transcoded' } });

    expect(result.StatusCode).toBe(202);
    await vi.waitFor(async () => expect(await readFile(path, 'utf8')).toBe('transcoded'), { timeout: 10_000, interval: 50 });
  });
});

describe('shutting down', () => {
  it('kills every function process, idle or busy, and answers the invocation it interrupted', async () => {
    const ownFunctions = [fixtureFunction('counter', 'counter.handler.ts'), fixtureFunction('slow', 'sleeps.handler.ts', { timeoutSeconds: 60 })];
    const ownRuntime = await startLambdaRuntime({ functions: ownFunctions, rootDir: repositoryRoot, port: 0 });
    const ownClient = new LambdaClient({ endpoint: ownRuntime.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const idle = await ownClient.send(new InvokeCommand({ FunctionName: 'counter' }));
    const pidFile = join(scratch, 'interrupted.pid');
    const interrupted = ownClient.send(new InvokeCommand({ FunctionName: 'slow', Payload: JSON.stringify({ ms: 30_000, pidFile }) }));
    const busyPid = await pidWrittenTo(pidFile);

    await ownRuntime.close();

    const idlePid = bodyOf(idle).pid as number;
    expect([idlePid, busyPid].filter(isRunning)).toEqual([]);
    expect(bodyOf(await interrupted)).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/signal: killed$/) });
    ownClient.destroy();
  });
});
