import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fromApiGatewayV2Result, toApiGatewayV2Event, type EventContext, type HttpResponse, type IncomingHttpRequest, type LambdaAuthorizerContext } from '../lambda-events';
import type { MatchedRoute } from '../routing/match-route';
import type { LambdaAuthorizer } from './lambda-authorizer';
import { toHttpResponse } from './lambda-http-exchange';
import type { FunctionInvoker } from './lambda-invoker';

export interface LambdaDispatchOptions {
  invoker: FunctionInvoker;
  authorizer: LambdaAuthorizer;
}

/** One request for a route's function: read whole, with the facts API Gateway adds. */
export interface RouteFunctionCall {
  readonly request: IncomingHttpRequest;
  readonly matched: MatchedRoute;
  readonly context: EventContext;
  /** Set only by the proxy itself (a dry-run shadow): no client can send stage variables. */
  readonly stageVariables?: Readonly<Record<string, string>>;
}

export type LambdaDispatch = (call: RouteFunctionCall) => Promise<HttpResponse>;

function withAuthorizerContext(event: APIGatewayProxyEventV2, lambda: LambdaAuthorizerContext): APIGatewayProxyEventV2 {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as APIGatewayProxyEventV2;
}

/**
 * Serves a request with its route's Lambda, as API Gateway would: the request becomes a payload
 * v2.0 event (authorized first when the route needs a token), the result becomes the response.
 * Failures (denied, throttled, timed out, broken) are thrown as the legacy errors they mean.
 */
export function createLambdaDispatch({ invoker, authorizer }: LambdaDispatchOptions): LambdaDispatch {
  return async ({ request, matched, context, stageVariables }) => {
    const { route, rawPathParameters } = matched;
    const routeMatch = { routeKey: `${route.method} ${route.path}`, pathParameters: rawPathParameters };
    const built = toApiGatewayV2Event(request, routeMatch, context);
    const event = stageVariables ? { ...built, stageVariables: { ...stageVariables } } : built;
    const invoked = route.auth ? withAuthorizerContext(event, await authorizer.authorize(event, route.id)) : event;
    return toHttpResponse(await invoker.invoke(route.functionName!, invoked, { requestId: context.requestId, route: route.id }), fromApiGatewayV2Result);
  };
}
