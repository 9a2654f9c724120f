import type { EventContext, IncomingHttpRequest, RouteMatch } from './incoming-http-request';

/** A GET request with a Host and User-Agent; override what a test is about. */
export function anIncomingHttpRequest(overrides: Partial<IncomingHttpRequest> = {}): IncomingHttpRequest {
  return {
    method: 'GET',
    url: '/api/videos',
    rawHeaders: ['Host', 'api.24hourvideo.test', 'User-Agent', 'curl/8.5.0'],
    body: Buffer.alloc(0),
    sourceIp: '203.0.113.7',
    protocol: 'HTTP/1.1',
    ...overrides,
  };
}

/** Flattens header pairs into Node's rawHeaders shape. */
export function rawHeadersOf(...headers: Array<[string, string]>): string[] {
  return headers.flat();
}

/** A route match without path parameters unless given. */
export function aRouteMatch(routeKey = 'GET /api/videos', pathParameters: Record<string, string> = {}): RouteMatch {
  return { routeKey, pathParameters };
}

/** The facts API Gateway adds, fixed so events are deterministic. */
export function anEventContext(overrides: Partial<EventContext> = {}): EventContext {
  return {
    requestId: 'req-0001',
    now: new Date('2020-03-12T19:03:58.390Z'),
    domainName: 'api.24hourvideo.test',
    ...overrides,
  };
}

/** The first bytes of a PNG file, including bytes that are not valid UTF-8. */
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]);
