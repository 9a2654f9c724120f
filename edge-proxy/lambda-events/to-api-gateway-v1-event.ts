import type { APIGatewayEventIdentity, APIGatewayProxyEvent } from 'aws-lambda';
import { encodeRequestBody } from './encode-request-body';
import { formatRequestTime } from './format-request-time';
import type { EventContext, IncomingHttpRequest, LambdaAuthorizerContext, RouteMatch } from './incoming-http-request';
import { DEFAULT_STAGE, LOCAL_ACCOUNT_ID, LOCAL_API_ID, toDomainPrefix } from './local-api-identity';
import { parseRawHeaders } from './parse-raw-headers';
import { parseRequestTarget } from './parse-request-target';

/**
 * Builds the payload format 1.0 event an API Gateway REST API would send a Lambda (Lambda proxy
 * integration) for this request.
 */
export function toApiGatewayV1Event(
  request: IncomingHttpRequest,
  route: RouteMatch,
  context: EventContext,
): APIGatewayProxyEvent {
  const target = parseRequestTarget(request.url);
  const headerFields = [...parseRawHeaders(request.rawHeaders).values()];
  const query = [...target.queryParameters];
  const pathParameters = Object.entries(route.pathParameters);
  const resource = toResourcePath(route.routeKey);
  const body = encodeRequestBody(
    request.body,
    headerFields.find((field) => field.name.toLowerCase() === 'content-type')?.values[0],
  );
  const userAgent = headerFields.find((field) => field.name.toLowerCase() === 'user-agent')?.values.at(-1);

  return {
    resource,
    // REST APIs pass the path still percent-encoded; aws-serverless-express hands event.path to
    // http.request, which rejects a decoded path with spaces or non-Latin-1 characters.
    path: target.rawPath,
    httpMethod: request.method,
    // Names as the client sent them; the single-value map keeps the last value, cookies included.
    headers: Object.fromEntries(headerFields.map((field) => [field.name, field.values.at(-1)])),
    multiValueHeaders: Object.fromEntries(headerFields.map((field) => [field.name, [...field.values]])),
    queryStringParameters:
      query.length > 0 ? Object.fromEntries(query.map(([name, values]) => [name, values.at(-1)])) : null,
    multiValueQueryStringParameters:
      query.length > 0 ? Object.fromEntries(query.map(([name, values]) => [name, [...values]])) : null,
    // REST APIs do not percent-decode path parameters (unlike HTTP APIs): passed as matched.
    pathParameters: pathParameters.length > 0 ? Object.fromEntries(pathParameters) : null,
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      // Absent (undefined, dropped by JSON) without an authorizer, as in API Gateway's own events.
      authorizer: context.authorizer ? toRestAuthorizerContext(context.authorizer) : undefined,
      domainName: context.domainName,
      domainPrefix: toDomainPrefix(context.domainName),
      extendedRequestId: context.requestId,
      httpMethod: request.method,
      identity: toIdentity(request.sourceIp, userAgent ?? null),
      path: target.rawPath,
      protocol: request.protocol,
      requestId: context.requestId,
      requestTime: formatRequestTime(context.now),
      requestTimeEpoch: context.now.getTime(),
      resourceId: LOCAL_API_ID,
      resourcePath: resource,
      stage: context.stage ?? DEFAULT_STAGE,
    },
    body: body.body ?? null,
    isBase64Encoded: body.isBase64Encoded,
  };
}

// 'GET /api/videos/{id}' → '/api/videos/{id}'; a key without a method (e.g. '$default') stays as is.
function toResourcePath(routeKey: string): string {
  const space = routeKey.indexOf(' ');
  return space === -1 ? routeKey : routeKey.slice(space + 1);
}

// REST APIs turn every number and boolean of a Lambda authorizer's context into a string.
function toRestAuthorizerContext(authorizer: LambdaAuthorizerContext): Record<string, string> {
  return Object.fromEntries(Object.entries(authorizer).map(([key, value]) => [key, String(value)]));
}

function toIdentity(sourceIp: string, userAgent: string | null): APIGatewayEventIdentity {
  return {
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
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}
