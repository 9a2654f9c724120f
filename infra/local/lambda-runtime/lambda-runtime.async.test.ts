import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureFunction, repositoryRoot } from '../../../test/fixtures/functions/fixture-functions';
import type { FailedEvent } from './function-pool';
import { startLambdaRuntime, type LambdaRuntime } from './lambda-runtime';

// Asynchronous invocations through the real AWS SDK: retries with backoff, the on-failure
// destination, the cap on environments serving events, and schedules.

interface Attempt {
  readonly attempt: number;
  readonly at: number;
  readonly requestId: string;
}

interface RecordedInvocation {
  readonly functionName: string;
  readonly pid: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly event: Record<string, unknown>;
}

const retryDelayMs = 200;
const clockLeewayMs = 5;
const asyncConcurrency = 2;

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lambda-runtime-async-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The JSON lines a fixture appended to `path` so far; none while the file does not exist. */
async function readLines<Line>(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

function clientOf(runtime: LambdaRuntime): LambdaClient {
  return new LambdaClient({ endpoint: runtime.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
}

/** Queues an event with exactly these payload bytes; resolves once the runtime accepted it (202). */
async function sendEvent(client: LambdaClient, functionName: string, payload: string): Promise<void> {
  const result = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(payload) }));
  expect(result.StatusCode).toBe(202);
}

describe('asynchronous invocations with the default retries', () => {
  let runtime: LambdaRuntime;
  let client: LambdaClient;
  const deadLetters: FailedEvent[] = [];

  beforeAll(async () => {
    runtime = await startLambdaRuntime({
      functions: [
        fixtureFunction('flaky', 'fails-first.handler.ts'),
        fixtureFunction('always-fails', 'fails-first.handler.ts'),
        fixtureFunction('busy', 'records-invocation.handler.ts', { reservedConcurrency: 10 }),
      ],
      rootDir: repositoryRoot,
      port: 0,
      asyncRetryDelayMs: retryDelayMs,
      asyncConcurrency,
      onEventFailure: async (failed) => {
        deadLetters.push(failed);
      },
    });
    client = clientOf(runtime);
  });

  afterAll(async () => {
    client.destroy();
    await runtime.close();
  });

  it('retries an event that fails twice: the third attempt succeeds and nothing is dead-lettered', async () => {
    const attemptsFile = join(scratch, 'flaky.jsonl');

    await sendEvent(client, 'flaky', JSON.stringify({ attemptsFile, failures: 2 }));

    await vi.waitFor(async () => expect(await readLines<Attempt>(attemptsFile)).toHaveLength(3), { timeout: 15_000, interval: 50 });
    // Long enough for a fourth attempt, had the third not counted as a success (the next delay is 4×).
    await sleep(retryDelayMs * 4 + 300);
    const attempts = await readLines<Attempt>(attemptsFile);
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
    expect(deadLetters.filter((failed) => failed.functionName === 'flaky')).toEqual([]);
  });

  it('gives up after 1 + 2 attempts with growing delays, then hands the event to the on-failure destination', async () => {
    const attemptsFile = join(scratch, 'always-fails.jsonl');
    // Spaces, a line break and non-ASCII: the dead letter must carry the bytes as sent, not a re-serialisation.
    const payload = `{ "attemptsFile": ${JSON.stringify(attemptsFile)},\n  "failures": 1000, "title": "Férias 🎬" }`;

    await sendEvent(client, 'always-fails', payload);

    const failed = await vi.waitFor(
      () => {
        const letter = deadLetters.find((candidate) => candidate.functionName === 'always-fails');
        if (!letter) throw new Error('no dead letter yet');
        return letter;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(failed).toEqual({ functionName: 'always-fails', payload, errorType: 'TransientError', errorMessage: 'attempt 3 failed', attempts: 3 });
    expect(Buffer.from(failed.payload)).toEqual(Buffer.from(payload, 'utf8'));

    const [first, second, third, ...more] = await readLines<Attempt>(attemptsFile);
    expect(more).toEqual([]);
    if (!first || !second || !third) throw new Error('expected three attempts');
    // Waits of 1× then 2× the delay between the attempts, each a little more for the run itself (the
    // timers run on a monotonic clock, the fixture reads the wall clock: a few ms of leeway).
    expect(second.at - first.at).toBeGreaterThanOrEqual(retryDelayMs - clockLeewayMs);
    expect(second.at - first.at).toBeLessThan(retryDelayMs * 2 - clockLeewayMs);
    expect(third.at - second.at).toBeGreaterThanOrEqual(retryDelayMs * 2 - clockLeewayMs);
    // Lambda keeps the request id across the retries of one event.
    expect(new Set([first, second, third].map((attempt) => attempt.requestId)).size).toBe(1);

    await sleep(retryDelayMs * 4 + 300);
    expect(await readLines<Attempt>(attemptsFile)).toHaveLength(3);
    expect(deadLetters.filter((letter) => letter.functionName === 'always-fails')).toHaveLength(1);
  });

  it(`serves events in at most ${asyncConcurrency} environments at once, however many are queued`, async () => {
    const log = join(scratch, 'busy.jsonl');
    const events = 6;

    for (let i = 0; i < events; i += 1) await sendEvent(client, 'busy', JSON.stringify({ log, ms: 300, i }));

    await vi.waitFor(async () => expect(await readLines<RecordedInvocation>(log)).toHaveLength(events), { timeout: 20_000, interval: 50 });
    const invocations = await readLines<RecordedInvocation>(log);
    expect(invocations.map((invocation) => invocation.event.i).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(invocations.map((invocation) => invocation.pid)).size).toBeLessThanOrEqual(asyncConcurrency);
    // The cap is used, not merely respected: events do run side by side.
    expect(mostAtOnce(invocations)).toBe(asyncConcurrency);
  });
});

describe('asynchronous invocations without retries, and schedules', () => {
  const schedulePeriodMs = 400;
  let runtime: LambdaRuntime;
  let client: LambdaClient;
  let invocationLog: string;
  const deadLetters: FailedEvent[] = [];

  beforeAll(async () => {
    invocationLog = join(scratch, 'scheduled.jsonl');
    runtime = await startLambdaRuntime({
      functions: [
        // An hour in the registry: only the runtime's period can make it tick during the test.
        fixtureFunction('ticking', 'records-invocation.handler.ts', { scheduleSeconds: 3600 }),
        fixtureFunction('not-scheduled', 'records-invocation.handler.ts'),
        fixtureFunction('fails-once', 'fails-first.handler.ts'),
      ],
      rootDir: repositoryRoot,
      port: 0,
      asyncRetries: 0,
      schedulePeriodMs,
      environment: { INVOCATION_LOG: invocationLog },
      onEventFailure: async (failed) => {
        deadLetters.push(failed);
      },
    });
    client = clientOf(runtime);
  });

  afterAll(async () => {
    client.destroy();
    await runtime.close();
  });

  it('dead-letters an event after its one attempt when retries are off', async () => {
    const attemptsFile = join(scratch, 'fails-once.jsonl');
    const payload = JSON.stringify({ attemptsFile, failures: 1 });

    await sendEvent(client, 'fails-once', payload);

    await vi.waitFor(() => expect(deadLetters).toEqual([{ functionName: 'fails-once', payload, errorType: 'TransientError', errorMessage: 'attempt 1 failed', attempts: 1 }]), {
      timeout: 15_000,
      interval: 50,
    });
    expect(await readLines<Attempt>(attemptsFile)).toHaveLength(1);
  });

  it('invokes a scheduled function with an EventBridge Scheduled Event every schedulePeriodMs, and no other function', async () => {
    const ticks = async () => (await readLines<RecordedInvocation>(invocationLog)).filter((invocation) => invocation.functionName === 'ticking');

    await vi.waitFor(async () => expect((await ticks()).length).toBeGreaterThanOrEqual(4), { timeout: 10_000, interval: 50 });

    const received = await ticks();
    for (const { event } of received) {
      expect(event).toEqual({
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: 'us-east-1',
        resources: ['arn:aws:events:us-east-1:000000000000:rule/ticking-schedule'],
        detail: {},
      });
    }
    expect(new Set(received.map(({ event }) => event.id)).size).toBe(received.length);
    // After the first (a cold start), ticks come one period apart: never faster.
    const warm = received.slice(1);
    for (let i = 1; i < warm.length; i += 1) {
      expect(warm[i]!.startedAt - warm[i - 1]!.startedAt).toBeGreaterThanOrEqual(schedulePeriodMs * 0.75);
    }
    expect((await readLines<RecordedInvocation>(invocationLog)).filter((invocation) => invocation.functionName !== 'ticking')).toEqual([]);
  });
});

/** The largest number of invocations running at the same instant. */
function mostAtOnce(invocations: readonly RecordedInvocation[]): number {
  const edges = invocations.flatMap((invocation) => [
    { at: invocation.startedAt, change: 1 },
    { at: invocation.endedAt, change: -1 },
  ]);
  // An invocation ending at the very instant another starts does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.change - b.change);
  let running = 0;
  let most = 0;
  for (const edge of edges) {
    running += edge.change;
    most = Math.max(most, running);
  }
  return most;
}
