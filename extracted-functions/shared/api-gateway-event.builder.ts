import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface EventOverrides {
  routeKey?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** An API Gateway payload v2.0 event for handler tests, shaped as an HTTP API sends it. */
export function anApiGatewayV2Event({ routeKey = 'GET /api/things', headers = {}, body, isBase64Encoded = false }: EventOverrides = {}): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-test',
      routeKey,
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795428000000,
    },
    body,
    isBase64Encoded,
  };
}
