import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureFunction, repositoryRoot } from '../../../test/fixtures/functions/fixture-functions';
import { startLambdaRuntime, type LambdaRuntime } from './lambda-runtime';

const functions = [fixtureFunction('logs', 'logs.handler.ts')];

describe('pre-warmed functions (provisioned concurrency)', () => {
  let runtime: LambdaRuntime | undefined;

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  /** The REPORT line of the first invocation, which says whether it paid for the init. */
  async function firstReport(prewarm: string[]): Promise<string> {
    runtime = await startLambdaRuntime({ functions, rootDir: repositoryRoot, port: 0, prewarm });
    const client = new LambdaClient({ endpoint: runtime.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // Well past the fixture's init, so a pre-warmed environment is ready.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const result = await client.send(new InvokeCommand({ FunctionName: 'logs', Payload: JSON.stringify({ message: 'first' }), LogType: 'Tail' }));
    return Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
  }

  it('serves the first invocation of a pre-warmed function without an init', async () => {
    const log = await firstReport(['logs']);
    expect(log).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms/);
    expect(log).not.toContain('Init Duration');
  });

  it('cold-starts it otherwise', async () => {
    expect(await firstReport([])).toMatch(/\tInit Duration: [\d.]+ ms/);
  });

  it('refuses to pre-warm a function it does not serve', async () => {
    await expect(startLambdaRuntime({ functions, rootDir: repositoryRoot, port: 0, prewarm: ['nope'] })).rejects.toThrow("Cannot pre-warm nope: the runtime serves no such function");
  });
});
