import { describe, expect, it } from 'vitest';
import {
  aRouteMatch,
  anEventContext,
  anIncomingHttpRequest,
  PNG_BYTES,
  rawHeadersOf,
} from './incoming-http-request.builder';
import { toApiGatewayV2Event } from './to-api-gateway-v2-event';

describe('toApiGatewayV2Event', () => {
  it('builds the payload format 2.0 envelope of a simple GET', () => {
    const event = toApiGatewayV2Event(anIncomingHttpRequest(), aRouteMatch('GET /api/videos'), anEventContext());

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /api/videos',
      rawPath: '/api/videos',
      rawQueryString: '',
      headers: { host: 'api.24hourvideo.test', 'user-agent': 'curl/8.5.0' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'api.24hourvideo.test',
        domainPrefix: 'api',
        http: {
          method: 'GET',
          path: '/api/videos',
          protocol: 'HTTP/1.1',
          sourceIp: '203.0.113.7',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'req-0001',
        routeKey: 'GET /api/videos',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: 1584039838390,
      },
      isBase64Encoded: false,
    });
  });

  it('omits cookies, query parameters, path parameters, body and authorizer when there are none', () => {
    const event = toApiGatewayV2Event(anIncomingHttpRequest(), aRouteMatch(), anEventContext());

    for (const field of ['cookies', 'queryStringParameters', 'pathParameters', 'body', 'stageVariables']) {
      expect(event).not.toHaveProperty(field);
    }
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases header names and joins repeated headers with commas', () => {
    const request = anIncomingHttpRequest({
      rawHeaders: rawHeadersOf(['X-Tag', 'a'], ['Accept', 'text/html'], ['X-Tag', 'b'], ['accept', 'application/json']),
    });

    expect(toApiGatewayV2Event(request, aRouteMatch(), anEventContext()).headers).toEqual({
      'x-tag': 'a,b',
      accept: 'text/html,application/json',
    });
  });

  it('moves the cookies of one Cookie header into cookies and out of headers', () => {
    const request = anIncomingHttpRequest({
      rawHeaders: rawHeadersOf(['Host', 'a.test'], ['Cookie', 'session=abc; theme=dark;lang=fr']),
    });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=fr']);
    expect(event.headers).toEqual({ host: 'a.test' });
  });

  it('collects the cookies of several Cookie headers in order', () => {
    const request = anIncomingHttpRequest({
      rawHeaders: rawHeadersOf(['Cookie', 'session=abc; theme=dark'], ['cookie', 'lang=fr']),
    });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=fr']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('keeps rawPath percent-encoded and decodes path parameters and http.path', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos/%C3%A9t%C3%A9' });
    const route = aRouteMatch('GET /api/videos/{id}', { id: '%C3%A9t%C3%A9' });

    const event = toApiGatewayV2Event(request, route, anEventContext());

    expect(event.rawPath).toBe('/api/videos/%C3%A9t%C3%A9');
    expect(event.pathParameters).toEqual({ id: 'été' });
    expect(event.requestContext.http.path).toBe('/api/videos/été');
    expect(event.routeKey).toBe('GET /api/videos/{id}');
  });

  it('decodes query parameters, joins repeated keys with commas and keeps the raw query string', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos?tag=a&limit=5&tag=b&a=%20b&q=x+y&flag' });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(event.rawQueryString).toBe('tag=a&limit=5&tag=b&a=%20b&q=x+y&flag');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', limit: '5', a: ' b', q: 'x+y', flag: '' });
  });

  it('decodes unicode query names and values, and tells an encoded plus (%2B) from a literal one', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos?title=%C3%A9t%C3%A9%20%F0%9F%8E%AC&%E6%BC%A2=1&q=x+y&plus=%2B1' });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(event.rawQueryString).toBe('title=%C3%A9t%C3%A9%20%F0%9F%8E%AC&%E6%BC%A2=1&q=x+y&plus=%2B1');
    expect(event.queryStringParameters).toEqual({ title: 'été 🎬', 漢: '1', q: 'x+y', plus: '+1' });
  });

  it('keeps + in the path and decodes an encoded slash (%2F) only inside the path parameter', () => {
    const request = anIncomingHttpRequest({ url: '/api/videos/a+b%2Fc' });

    const event = toApiGatewayV2Event(request, aRouteMatch('GET /api/videos/{id}', { id: 'a+b%2Fc' }), anEventContext());

    expect(event.rawPath).toBe('/api/videos/a+b%2Fc');
    expect(event.pathParameters).toEqual({ id: 'a+b/c' });
  });

  it('base64-encodes a multipart upload, bytes intact', () => {
    const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'), PNG_BYTES, Buffer.from('\r\n--b--\r\n')]);
    const request = anIncomingHttpRequest({ method: 'POST', rawHeaders: rawHeadersOf(['Content-Type', 'multipart/form-data; boundary=b']), body });

    const event = toApiGatewayV2Event(request, aRouteMatch('POST /api/videos'), anEventContext());

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(body);
  });

  it('sends a JSON body with non-ASCII text as the exact string', () => {
    const json = '{"title":"été 漢字 🎬"}';
    const request = anIncomingHttpRequest({
      method: 'POST',
      rawHeaders: rawHeadersOf(['Content-Type', 'application/json; charset=utf-8']),
      body: Buffer.from(json, 'utf8'),
    });

    const event = toApiGatewayV2Event(request, aRouteMatch('POST /api/videos'), anEventContext());

    expect(event.body).toBe(json);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a binary body and flags it', () => {
    const request = anIncomingHttpRequest({
      method: 'PUT',
      rawHeaders: rawHeadersOf(['Content-Type', 'image/png']),
      body: PNG_BYTES,
    });

    const event = toApiGatewayV2Event(request, aRouteMatch('PUT /api/videos/{id}/thumbnail'), anEventContext());

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(PNG_BYTES);
  });

  it('base64-encodes invalid UTF-8 sent as application/json', () => {
    const bytes = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]);
    const request = anIncomingHttpRequest({ rawHeaders: rawHeadersOf(['Content-Type', 'application/json']), body: bytes });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('passes the Lambda authorizer context under requestContext.authorizer.lambda, types kept', () => {
    const context = anEventContext({ authorizer: { userId: 'u-42', admin: false, tokenVersion: 3 } });

    const event = toApiGatewayV2Event(anIncomingHttpRequest(), aRouteMatch(), context);

    expect(event.requestContext).toMatchObject({
      authorizer: { lambda: { userId: 'u-42', admin: false, tokenVersion: 3 } },
    });
  });

  it('uses the given stage and an empty user agent when the client sent none', () => {
    const request = anIncomingHttpRequest({ rawHeaders: rawHeadersOf(['Host', 'a.test']) });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext({ stage: 'prod' }));

    expect(event.requestContext.stage).toBe('prod');
    expect(event.requestContext.http.userAgent).toBe('');
  });

  it('keeps a __proto__ header or query key as plain data', () => {
    const request = anIncomingHttpRequest({ url: '/v?__proto__=x', rawHeaders: rawHeadersOf(['__proto__', 'y']) });

    const event = toApiGatewayV2Event(request, aRouteMatch(), anEventContext());

    expect(Object.getOwnPropertyDescriptor(event.headers, '__proto__')?.value).toBe('y');
    expect(Object.getOwnPropertyDescriptor(event.queryStringParameters, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(event.headers)).toBe(Object.prototype);
  });
});
