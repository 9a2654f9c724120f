import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaClient } from './create-lambda-client';
import { readFunctionNamePrefix } from './function-name-prefix';

describe('createLambdaClient', () => {
  const paths: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    paths.push(decodeURIComponent(request.url ?? ''));
    // A function that never answers: only the client's timeout ends the call.
    if (request.url?.includes('/functions/hangs/')) return;
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  let endpoint = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const invoke = (functionName: string, functionNamePrefix?: string) =>
    createLambdaClient({ endpoint, region: 'us-east-1', ...(functionNamePrefix === undefined ? {} : { functionNamePrefix }) }).send(
      new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from('{}') }),
    );

  it('invokes the registry name as is when no prefix is configured', async () => {
    await invoke('auth', '');
    expect(paths.at(-1)).toMatch(/^\/2015-03-31\/functions\/auth\/invocations/);
  });

  it("invokes the stage's deployed name when a prefix is configured", async () => {
    await invoke('auth', '24hv-prod-');
    expect(paths.at(-1)).toMatch(/^\/2015-03-31\/functions\/24hv-prod-auth\/invocations/);
  });

  it('fails an invocation that outlasts requestTimeoutMs with a TimeoutError, and serves the next call as usual', async () => {
    const client = createLambdaClient({ endpoint, region: 'us-east-1', functionNamePrefix: '', requestTimeoutMs: 100 });
    const startedAt = Date.now();
    await expect(client.send(new InvokeCommand({ FunctionName: 'hangs', Payload: Buffer.from('{}') }))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await expect(client.send(new InvokeCommand({ FunctionName: 'auth', Payload: Buffer.from('{}') }))).resolves.toMatchObject({ StatusCode: 200 });
    client.destroy();
  });

  it('adds the prefix to every call of one client, its middleware resolved once', async () => {
    const client = createLambdaClient({ endpoint, region: 'us-east-1', functionNamePrefix: '24hv-dev-' });
    for (const functionName of ['auth', 'metadata']) await client.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from('{}') }));
    expect(paths.slice(-2).map((path) => path.split('/')[3])).toEqual(['24hv-dev-auth', '24hv-dev-metadata']);
    client.destroy();
  });

  it('leaves an ARN alone: it already names the function exactly', async () => {
    await invoke('arn:aws:lambda:us-east-1:111122223333:function:other', '24hv-prod-');
    expect(paths.at(-1)).toContain('/functions/arn:aws:lambda:us-east-1:111122223333:function:other/invocations');
  });
});

describe('readFunctionNamePrefix', () => {
  it('is empty when LAMBDA_FUNCTION_PREFIX is unset (local runs)', () => {
    expect(readFunctionNamePrefix({})).toBe('');
  });

  it('refuses a prefix Lambda would refuse in a function name, naming the variable', () => {
    expect(() => readFunctionNamePrefix({ LAMBDA_FUNCTION_PREFIX: 'stage/' })).toThrow(/LAMBDA_FUNCTION_PREFIX/);
  });
});
