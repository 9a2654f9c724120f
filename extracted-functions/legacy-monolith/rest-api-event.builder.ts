import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export interface RestApiRequest {
  method?: string;
  /** The path as a REST API passes it (decoded), or as the edge proxy does (as received). */
  path?: string;
  /** Header fields in the order sent, after a Host header; a name may repeat. */
  headers?: Array<[string, string]>;
  /** Decoded query parameters in order; a name may repeat. */
  query?: Array<[string, string]>;
  /** A string is sent as text, a Buffer base64-encoded (a binary media type). */
  body?: string | Buffer;
}

function groupValues(pairs: Array<[string, string]>): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of pairs) (grouped[name] ??= []).push(value);
  return grouped;
}

const lastValues = (grouped: Record<string, string[]>) => Object.fromEntries(Object.entries(grouped).map(([name, values]) => [name, values.at(-1)]));

/** A payload 1.0 event as a REST API with a greedy `/{proxy+}` resource sends it: single and multi-value maps agree. */
export function aRestApiEvent({ method = 'GET', path = '/', headers = [], query = [], body }: RestApiRequest = {}): APIGatewayProxyEvent {
  const multiValueHeaders = groupValues([['Host', 'api.24hourvideo.test'], ...headers]);
  const multiValueQuery = groupValues(query);
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: lastValues(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: query.length > 0 ? lastValues(multiValueQuery) : null,
    multiValueQueryStringParameters: query.length > 0 ? multiValueQuery : null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: method,
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
        userAgent: 'test',
        userArn: null,
      },
      path,
      stage: '$default',
      requestId: 'req-test',
      requestTimeEpoch: 1795428000000,
      resourceId: 'local',
      resourcePath: '/{proxy+}',
    },
    body: body === undefined ? null : typeof body === 'string' ? body : body.toString('base64'),
    isBase64Encoded: Buffer.isBuffer(body),
  };
}

/** The context Lambda passes a handler, with a generous time left. */
export function aLambdaContext(): Context {
  const unsupported = () => {
    throw new Error('Handlers return promises: the callback-era context methods are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'legacy-monolith',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:legacy-monolith',
    memoryLimitInMB: '1024',
    awsRequestId: 'aws-req-1',
    logGroupName: '/aws/lambda/legacy-monolith',
    logStreamName: '2026/11/23/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
