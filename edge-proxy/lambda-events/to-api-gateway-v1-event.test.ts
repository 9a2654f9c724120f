import { describe, expect, it } from 'vitest';
import {
  aRouteMatch,
  anEventContext,
  anIncomingHttpRequest,
  PNG_BYTES,
  rawHeadersOf,
} from './incoming-http-request.builder';
import { toApiGatewayV1Event } from './to-api-gateway-v1-event';

describe('toApiGatewayV1Event', () => {
  it('builds the REST API proxy event of a GET with a path parameter', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos/v-1' });

    const event = toApiGatewayV1Event(request, aRouteMatch('GET /api/videos/{id}', { id: 'v-1' }), anEventContext());

    expect(event).toEqual({
      resource: '/api/videos/{id}',
      path: '/api/videos/v-1',
      httpMethod: 'GET',
      headers: { Host: 'api.24hourvideo.test', 'User-Agent': 'curl/8.5.0' },
      multiValueHeaders: { Host: ['api.24hourvideo.test'], 'User-Agent': ['curl/8.5.0'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id: 'v-1' },
      stageVariables: null,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'api.24hourvideo.test',
        domainPrefix: 'api',
        extendedRequestId: 'req-0001',
        httpMethod: 'GET',
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: '203.0.113.7',
          user: null,
          userAgent: 'curl/8.5.0',
          userArn: null,
        },
        path: '/api/videos/v-1',
        protocol: 'HTTP/1.1',
        requestId: 'req-0001',
        requestTime: '12/Mar/2020:19:03:58 +0000',
        requestTimeEpoch: 1584039838390,
        resourceId: 'local',
        resourcePath: '/api/videos/{id}',
        stage: '$default',
      },
      body: null,
      isBase64Encoded: false,
    });
    expect(JSON.parse(JSON.stringify(event)).requestContext).not.toHaveProperty('authorizer');
  });

  it('keeps header names as sent: headers hold the last value, multiValueHeaders every value', () => {
    const request = anIncomingHttpRequest({
      rawHeaders: rawHeadersOf(['X-Tag', 'a'], ['Accept', 'text/html'], ['X-Tag', 'b'], ['Accept', 'application/json']),
    });

    const event = toApiGatewayV1Event(request, aRouteMatch(), anEventContext());

    expect(event.headers).toEqual({ 'X-Tag': 'b', Accept: 'application/json' });
    expect(event.multiValueHeaders).toEqual({ 'X-Tag': ['a', 'b'], Accept: ['text/html', 'application/json'] });
  });

  it('leaves cookies in the headers, with no cookies field', () => {
    const request = anIncomingHttpRequest({
      rawHeaders: rawHeadersOf(['Cookie', 'session=abc; theme=dark; lang=fr'], ['Cookie', 'extra=1']),
    });

    const event = toApiGatewayV1Event(request, aRouteMatch(), anEventContext());

    expect(event.headers).toEqual({ Cookie: 'extra=1' });
    expect(event.multiValueHeaders).toEqual({ Cookie: ['session=abc; theme=dark; lang=fr', 'extra=1'] });
    expect(event).not.toHaveProperty('cookies');
  });

  it('decodes query parameters: last value in queryStringParameters, all in the multi-value map', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos?tag=a&tag=b&a=%20b&q=x+y&flag' });

    const event = toApiGatewayV1Event(request, aRouteMatch(), anEventContext());

    expect(event.queryStringParameters).toEqual({ tag: 'b', a: ' b', q: 'x+y', flag: '' });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], a: [' b'], q: ['x+y'], flag: [''] });
  });

  it('groups a repeated header under the first spelling of its name, whatever the case of the repeats', () => {
    const request = anIncomingHttpRequest({ rawHeaders: rawHeadersOf(['X-Tag', 'a'], ['x-tag', 'b'], ['X-TAG', 'c']) });

    const event = toApiGatewayV1Event(request, aRouteMatch(), anEventContext());

    expect(event.headers).toEqual({ 'X-Tag': 'c' });
    expect(event.multiValueHeaders).toEqual({ 'X-Tag': ['a', 'b', 'c'] });
  });

  it('decodes unicode query names and values, and tells an encoded plus (%2B) from a literal one', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos?title=%C3%A9t%C3%A9%20%F0%9F%8E%AC&%E6%BC%A2=1&q=x+y&plus=%2B1&title=b' });

    const event = toApiGatewayV1Event(request, aRouteMatch(), anEventContext());

    expect(event.queryStringParameters).toEqual({ title: 'b', 漢: '1', q: 'x+y', plus: '+1' });
    expect(event.multiValueQueryStringParameters).toEqual({ title: ['été 🎬', 'b'], 漢: ['1'], q: ['x+y'], plus: ['+1'] });
  });

  it('keeps + and an encoded slash (%2F) in the path and path parameters as received', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos/a+b%2Fc' });

    const event = toApiGatewayV1Event(request, aRouteMatch('GET /api/videos/{id}', { id: 'a+b%2Fc' }), anEventContext());

    expect(event.path).toBe('/api/videos/a+b%2Fc');
    expect(event.pathParameters).toEqual({ id: 'a+b%2Fc' });
  });

  it('keeps the path and path parameters percent-encoded, as REST APIs do', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos/%C3%A9t%C3%A9%20x' });
    const route = aRouteMatch('GET /api/videos/{id}', { id: '%C3%A9t%C3%A9%20x' });

    const event = toApiGatewayV1Event(request, route, anEventContext());

    expect(event.path).toBe('/api/videos/%C3%A9t%C3%A9%20x');
    expect(event.requestContext.path).toBe('/api/videos/%C3%A9t%C3%A9%20x');
    expect(event.pathParameters).toEqual({ id: '%C3%A9t%C3%A9%20x' });
  });

  it('uses a routeKey without a method as the resource, e.g. a greedy proxy route', () => {
    const route = aRouteMatch('ANY /{proxy+}', { proxy: 'api/videos' });

    const event = toApiGatewayV1Event(anIncomingHttpRequest(), route, anEventContext());

    expect(event.resource).toBe('/{proxy+}');
    expect(toApiGatewayV1Event(anIncomingHttpRequest(), aRouteMatch('$default'), anEventContext()).resource).toBe('$default');
  });

  it('encodes bodies like format 2.0: JSON text as is, binary as base64, none as null', () => {
    const json = '{"title":"été 漢字 🎬"}';
    const jsonRequest = anIncomingHttpRequest({
      method: 'POST',
      rawHeaders: rawHeadersOf(['content-type', 'application/json']),
      body: Buffer.from(json, 'utf8'),
    });
    const pngRequest = anIncomingHttpRequest({ rawHeaders: rawHeadersOf(['Content-Type', 'image/png']), body: PNG_BYTES });

    expect(toApiGatewayV1Event(jsonRequest, aRouteMatch(), anEventContext())).toMatchObject({ body: json, isBase64Encoded: false });
    expect(toApiGatewayV1Event(pngRequest, aRouteMatch(), anEventContext())).toMatchObject({
      body: PNG_BYTES.toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('base64-encodes a multipart upload, bytes intact', () => {
    const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'), PNG_BYTES, Buffer.from('\r\n--b--\r\n')]);
    const request = anIncomingHttpRequest({ method: 'POST', rawHeaders: rawHeadersOf(['Content-Type', 'multipart/form-data; boundary=b']), body });

    const event = toApiGatewayV1Event(request, aRouteMatch('POST /api/videos'), anEventContext());

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(body);
  });

  it('passes the authorizer context with every value turned into a string, as REST APIs do', () => {
    const context = anEventContext({ authorizer: { userId: 'u-42', admin: false, tokenVersion: 3 } });

    const event = toApiGatewayV1Event(anIncomingHttpRequest(), aRouteMatch(), context);

    expect(event.requestContext.authorizer).toEqual({ userId: 'u-42', admin: 'false', tokenVersion: '3' });
  });

  it('reports a null user agent when the client sent none', () => {
    const request = anIncomingHttpRequest({ rawHeaders: rawHeadersOf(['Host', 'a.test']) });

    expect(toApiGatewayV1Event(request, aRouteMatch(), anEventContext()).requestContext.identity.userAgent).toBeNull();
  });
});
