import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock } from '../../core/clock/clock';
import { fromApiGatewayV2Result, toApiGatewayV2Event, type LambdaAuthorizerContext } from '../lambda-events';
import type { MatchedRoute } from '../routing/match-route';
import type { LambdaAuthorizer } from './lambda-authorizer';
import { readFunctionRequest, toEventContext, writeFunctionResult } from './lambda-http-exchange';
import type { FunctionInvoker } from './lambda-invoker';

export interface LambdaDispatchOptions {
  invoker: FunctionInvoker;
  authorizer: LambdaAuthorizer;
  clock: Clock;
}

function withAuthorizerContext(event: APIGatewayProxyEventV2, lambda: LambdaAuthorizerContext): APIGatewayProxyEventV2 {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as APIGatewayProxyEventV2;
}

/**
 * Serves a request with its route's Lambda, as API Gateway would: the request becomes a payload
 * v2.0 event (authorized first when the route needs a token), the result becomes the response.
 */
export function createLambdaDispatch({ invoker, authorizer, clock }: LambdaDispatchOptions) {
  return async (req: IncomingMessage, res: ServerResponse, matched: MatchedRoute, requestId: string): Promise<void> => {
    const request = await readFunctionRequest(req, requestId);
    const { route, rawPathParameters } = matched;
    const routeMatch = { routeKey: `${route.method} ${route.path}`, pathParameters: rawPathParameters };
    const event = toApiGatewayV2Event(request, routeMatch, toEventContext(req, requestId, clock));
    const invoked = route.auth ? withAuthorizerContext(event, await authorizer.authorize(event)) : event;
    writeFunctionResult(res, await invoker.invoke(route.functionName!, invoked, requestId), fromApiGatewayV2Result, requestId);
  };
}
