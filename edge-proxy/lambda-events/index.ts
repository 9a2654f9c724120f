// The converters the edge proxy uses between Node HTTP and API Gateway Lambda proxy payloads.
export { toApiGatewayV2Event } from './to-api-gateway-v2-event';
export { toApiGatewayV1Event } from './to-api-gateway-v1-event';
export { fromApiGatewayV2Result } from './from-api-gateway-v2-result';
export { fromApiGatewayV1Result } from './from-api-gateway-v1-result';
export { InvalidLambdaResultError, type PayloadFormatVersion } from './invalid-lambda-result-error';
export type { EventContext, IncomingHttpRequest, LambdaAuthorizerContext, RouteMatch } from './incoming-http-request';
export type { HttpResponse } from './http-response';
