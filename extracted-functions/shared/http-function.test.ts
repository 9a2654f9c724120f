import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../core/errors/app-error';
import { createLogger } from '../../core/logging/create-logger';
import { capturingLogger } from '../../core/logging/logging-test-kit';
import { anApiGatewayV2Event } from './api-gateway-event.builder';
import { createHttpFunction } from './http-function';

const context = { awsRequestId: 'aws-1' } as Context;
const eventFor = (routeKey: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 => anApiGatewayV2Event({ routeKey, headers });

const handler = createHttpFunction(
  {
    'GET /api/things': async () => ({ status: 200, body: { things: ['é'] } }),
    'DELETE /api/things/{id}': async () => ({ status: 204 }),
    'POST /api/things': async () => {
      throw new ConflictError('That thing exists already');
    },
    'GET /api/broken': async () => {
      throw new TypeError('secret internals');
    },
  },
  createLogger('test', 'silent'),
);

describe('createHttpFunction', () => {
  it('answers JSON with the content type Express uses and the caller\u2019s request id', async () => {
    const result = await handler(eventFor('GET /api/things', { 'x-request-id': 'req-1' }), context);
    expect(result).toEqual({ statusCode: 200, headers: { 'x-request-id': 'req-1', 'content-type': 'application/json; charset=utf-8' }, body: '{"things":["é"]}', isBase64Encoded: false });
  });

  it('answers an empty body for 204', async () => {
    expect(await handler(eventFor('DELETE /api/things/{id}'), context)).toMatchObject({ statusCode: 204, body: '' });
  });

  it('maps platform errors to the legacy format', async () => {
    const result = await handler(eventFor('POST /api/things'), context);
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body!)).toEqual({ error: { code: 'conflict', message: 'That thing exists already' } });
  });

  it('hides unexpected errors behind a 500', async () => {
    const result = await handler(eventFor('GET /api/broken'), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret internals');
  });

  it('answers 404 for a route it does not serve', async () => {
    const result = await handler(eventFor('GET /api/unknown'), context);
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body!).error.code).toBe('not_found');
  });

  it('logs each request once under the edge’s request id, beside Lambda’s own', async () => {
    const { logger, lines } = capturingLogger('fn-test');
    const logged = createHttpFunction({ 'GET /api/things': async () => ({ status: 200, body: {} }) }, logger);
    await logged(eventFor('GET /api/things', { 'x-request-id': 'edge-42' }), context);
    expect(lines).toEqual([expect.objectContaining({ msg: 'request completed', requestId: 'edge-42', awsRequestId: 'aws-1', routeKey: 'GET /api/things', status: 200 })]);
  });

  it('takes the request id from the API Gateway context when no header carries one', async () => {
    const event = anApiGatewayV2Event({ routeKey: 'GET /api/things', headers: {} });
    const result = await handler({ ...event, requestContext: { ...event.requestContext, requestId: 'apigw-7' } }, context);
    expect(result.headers?.['x-request-id']).toBe('apigw-7');
  });
});
