import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamTimeoutError } from '../../core/errors/app-error';
import { createLogger } from '../../core/logging/create-logger';
import { lambdaClientsByTimeout } from './lambda-clients-by-timeout';
import { LambdaInvoker } from './lambda-invoker';

describe('LambdaInvoker with a client per timeout', () => {
  // `slow` and `patient` answer after 300 ms; every other function at once.
  const server = createServer((request, response) => {
    request.resume();
    const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    request.on('end', () => (/\/functions\/(slow|patient)\//.test(request.url ?? '') ? setTimeout(answer, 300) : answer()));
  });
  let clients: ReturnType<typeof lambdaClientsByTimeout>;
  let invoker: LambdaInvoker;
  const invokedFor = { requestId: 'req-1', route: 'test' };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const timeouts: Record<string, number> = { slow: 100, patient: 2_000 };
    clients = lambdaClientsByTimeout({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', functionNamePrefix: '' }, (name) => timeouts[name] ?? 2_000);
    invoker = new LambdaInvoker({ clientFor: clients.clientFor, logger: createLogger('lambda-invoker-test', 'silent') });
  });
  afterAll(() => {
    clients.destroy();
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers 504 upstream_timeout when a function outlasts its own timeout, while one with a longer timeout is waited for', async () => {
    await expect(invoker.invoke('slow', {}, invokedFor)).rejects.toBeInstanceOf(UpstreamTimeoutError);
    await expect(invoker.invoke('patient', {}, invokedFor)).resolves.toEqual({ ok: true });
  });

  it('shares one client between functions with the same timeout', () => {
    expect(clients.clientFor('patient')).toBe(clients.clientFor('auth'));
    expect(clients.clientFor('slow')).not.toBe(clients.clientFor('auth'));
  });
});
