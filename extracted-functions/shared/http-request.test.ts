import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError, UnsupportedMediaTypeError } from '../../core/errors/app-error';
import { anApiGatewayV2Event } from './api-gateway-event.builder';
import { principalOf, readJsonBody } from './http-request';

const withAuthorizer = (event: APIGatewayProxyEventV2, lambda: Record<string, string>) =>
  ({ ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } }) as APIGatewayProxyEventV2;

describe('readJsonBody', () => {
  it('decodes a text body', () => {
    const event = anApiGatewayV2Event({ headers: { 'content-type': 'application/json' }, body: '{"name":"été"}' });
    expect(readJsonBody(event, 1024)).toEqual({ name: 'été' });
  });

  it('decodes a base64 body, as API Gateway sends bodies it considers binary', () => {
    const body = Buffer.from('{"name":"漢字"}').toString('base64');
    const event = anApiGatewayV2Event({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: true });
    expect(readJsonBody(event, 1024)).toEqual({ name: '漢字' });
  });

  it('refuses what the monolith refuses', () => {
    expect(() => readJsonBody(anApiGatewayV2Event({ headers: { 'content-type': 'text/plain' }, body: 'x' }), 1024)).toThrow(UnsupportedMediaTypeError);
  });
});

describe('principalOf', () => {
  it('reads the caller from the authorizer context', () => {
    expect(principalOf(withAuthorizer(anApiGatewayV2Event(), { userId: 'u-1', role: 'admin' }))).toEqual({ userId: 'u-1', role: 'admin' });
  });

  it('refuses an event that no authorizer vouched for', () => {
    expect(() => principalOf(anApiGatewayV2Event())).toThrow(UnauthorizedError);
    expect(() => principalOf(withAuthorizer(anApiGatewayV2Event(), { userId: 'u-1', role: 'root' }))).toThrow(UnauthorizedError);
  });
});
