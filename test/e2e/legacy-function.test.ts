import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeProxy } from '../../edge-proxy/compose-edge-proxy';
import type { FunctionDefinition } from '../../extracted-functions/registry';
import type { LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { clipBytes } from '../fixtures/functions/express-app.handler';
import { fixtureFunction } from '../fixtures/functions/fixture-functions';
import { expectLegacyError } from '../support/expect-legacy-error';
import { startProxy, startRuntime, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

describe('the proxy with LEGACY_FUNCTION: an Express app as one Lambda (aws-serverless-express), local runtime, real SDK', () => {
  let context: ServingContext;
  let runtime: LambdaRuntime | undefined;
  let proxy: EdgeProxy | undefined;

  /** The proxy with no monolith to call: everything it would send there goes to `legacyMonolith`. */
  async function serveLegacyWith(legacyMonolith: FunctionDefinition): Promise<EdgeProxy> {
    runtime = await startRuntime(context, [legacyMonolith]);
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: runtime.url }, { legacyFunction: legacyMonolith.name });
    return proxy;
  }

  const expressApp = fixtureFunction('legacy-monolith', 'express-app.handler.ts');

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
  });

  afterEach(async () => {
    await proxy?.close();
    await runtime?.close();
    proxy = runtime = undefined;
  });

  afterAll(async () => {
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('serves JSON, uploads, binary downloads, cookies and 404s through the function, invocation after invocation', async () => {
    const { app } = await serveLegacyWith(expressApp);

    const things = await request(app).get('/api/things?tag=a&tag=b&q=x+y&title=%C3%A9t%C3%A9').set('X-Request-Id', 'req-e2e').expect(200);
    expect(things.body).toEqual({ query: { tag: ['a', 'b'], q: 'x+y', title: 'été' }, forwardedFor: expect.stringMatching(/127\.0\.0\.1/), requestId: 'req-e2e' });
    expect(things.headers['x-request-id']).toBe('req-e2e');

    const upload = await request(app).post('/api/uploads').set('content-type', 'application/octet-stream').send(clipBytes).expect(201);
    expect(upload.body).toEqual({ sizeBytes: clipBytes.length, sha256: createHash('sha256').update(clipBytes).digest('hex') });

    const download = await request(app).get('/media/clip.mp4').buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('video/mp4');
    expect(Buffer.from(download.body as Buffer)).toEqual(clipBytes);

    const session = await request(app).post('/api/session').set('Cookie', 'session=abc; theme=dark').expect(200);
    expect(session.body).toEqual({ cookie: 'session=abc; theme=dark' });
    expect(session.headers['set-cookie']).toEqual(['session=new; Path=/; HttpOnly', 'theme=light; Path=/']);

    const missing = await request(app).get('/nowhere').expect(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /nowhere' } });
  });

  it('gives 502 upstream_error in the legacy format when the function fails', async () => {
    const { app } = await serveLegacyWith(fixtureFunction('legacy-monolith', 'throws.handler.ts'));

    expectLegacyError(await request(app).get('/api/videos'), 502, 'upstream_error');
  });
});
