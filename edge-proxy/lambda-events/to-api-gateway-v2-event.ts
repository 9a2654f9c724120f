import type {
  APIGatewayEventRequestContextLambdaAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
} from 'aws-lambda';
import { decodePercentEncoding } from './decode-percent-encoding';
import { encodeRequestBody } from './encode-request-body';
import { formatRequestTime } from './format-request-time';
import type { EventContext, IncomingHttpRequest, LambdaAuthorizerContext, RouteMatch } from './incoming-http-request';
import { DEFAULT_STAGE, LOCAL_ACCOUNT_ID, LOCAL_API_ID, toDomainPrefix } from './local-api-identity';
import { parseRawHeaders, type HeaderField } from './parse-raw-headers';
import { parseRequestTarget } from './parse-request-target';

type RequestContextV2 = APIGatewayEventRequestContextV2 & {
  authorizer?: APIGatewayEventRequestContextLambdaAuthorizer<LambdaAuthorizerContext>;
};

/** Builds the payload format 2.0 event an API Gateway HTTP API would send a Lambda for this request. */
export function toApiGatewayV2Event(
  request: IncomingHttpRequest,
  route: RouteMatch,
  context: EventContext,
): APIGatewayProxyEventV2 {
  const target = parseRequestTarget(request.url);
  const headerFields = parseRawHeaders(request.rawHeaders);
  const cookies = headerFields.get('cookie')?.values.flatMap(splitCookieHeader) ?? [];
  const headers = toV2Headers(headerFields);
  const pathParameters = Object.entries(route.pathParameters);
  const body = encodeRequestBody(request.body, headerFields.get('content-type')?.values[0]);

  const requestContext: RequestContextV2 = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName: context.domainName,
    domainPrefix: toDomainPrefix(context.domainName),
    http: {
      method: request.method,
      // API Gateway reports the decoded path here; rawPath below keeps the bytes as received.
      path: decodePercentEncoding(target.rawPath),
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: context.requestId,
    routeKey: route.routeKey,
    stage: context.stage ?? DEFAULT_STAGE,
    time: formatRequestTime(context.now),
    timeEpoch: context.now.getTime(),
    ...(context.authorizer ? { authorizer: { lambda: context.authorizer } } : {}),
  };

  return {
    version: '2.0',
    routeKey: route.routeKey,
    // Kept as received, so nothing is lost ('%2F' vs '/'). Live HTTP APIs are reported to decode
    // rawPath too (honojs/hono#2156): handlers should read pathParameters, not parse rawPath.
    rawPath: target.rawPath,
    rawQueryString: target.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(target.queryParameters.size > 0
      ? {
          // Format 2.0 has no multi-value fields: repeated keys are joined with commas.
          queryStringParameters: Object.fromEntries(
            [...target.queryParameters].map(([name, values]) => [name, values.join(',')]),
          ),
        }
      : {}),
    ...(pathParameters.length > 0
      ? {
          // HTTP APIs hand path parameters over percent-decoded ('%C3%A9t%C3%A9' → 'été').
          pathParameters: Object.fromEntries(
            pathParameters.map(([name, value]) => [name, decodePercentEncoding(value)]),
          ),
        }
      : {}),
    requestContext,
    ...(body.body !== undefined ? { body: body.body } : {}),
    isBase64Encoded: body.isBase64Encoded,
  };
}

// Lower-cased names, duplicates joined with ',' (no space), and no cookie header: format 2.0
// moves cookies to their own field. Object.fromEntries keeps a '__proto__' header an own property.
function toV2Headers(headerFields: ReadonlyMap<string, HeaderField>): Record<string, string> {
  return Object.fromEntries(
    [...headerFields]
      .filter(([name]) => name !== 'cookie')
      .map(([name, field]) => [name, field.values.join(',')]),
  );
}

function splitCookieHeader(header: string): string[] {
  return header
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
}
