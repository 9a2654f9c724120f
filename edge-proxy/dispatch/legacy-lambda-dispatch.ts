import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock/clock';
import { fromApiGatewayV1Result, toApiGatewayV1Event, type EventContext, type HttpResponse, type IncomingHttpRequest, type RouteMatch } from '../lambda-events';
import { readFunctionRequest, toEventContext, toHttpResponse, writeHttpResponse } from './lambda-http-exchange';
import type { FunctionInvoker } from './lambda-invoker';

export interface LegacyLambdaDispatchOptions {
  invoker: FunctionInvoker;
  /** The monolith deployed as one function (LEGACY_FUNCTION), declared in extracted-functions/registry.ts. */
  functionName: string;
  clock: Clock;
}

// The lift-and-shift REST API has no route table of its own: `/` and one greedy `ANY /{proxy+}`
// resource send everything to the monolith, whose router does the rest.
function toProxyResource(url: string): RouteMatch {
  const rawPath = url.split('?', 1)[0]!;
  if (rawPath === '/') return { routeKey: 'ANY /', pathParameters: {} };
  return { routeKey: 'ANY /{proxy+}', pathParameters: { proxy: rawPath.slice(1) } };
}

/**
 * Serves what the monolith answers by invoking the monolith run as one Lambda, as a REST API with
 * a Lambda proxy integration would: payload format 1.0 in and out. No authorizer: the monolith
 * authenticates requests itself.
 */
export function createLegacyLambdaDispatch({ invoker, functionName, clock }: LegacyLambdaDispatchOptions) {
  /** `route`: the route id (or `unmatched`) the invoker's log lines name. */
  const call = async (request: IncomingHttpRequest, context: EventContext, route: string): Promise<HttpResponse> => {
    const event = toApiGatewayV1Event(request, toProxyResource(request.url), context);
    return toHttpResponse(await invoker.invoke(functionName, event, { requestId: context.requestId, route }), fromApiGatewayV1Result);
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string, route: string): Promise<void> => {
    const request = await readFunctionRequest(req, requestId);
    writeHttpResponse(res, await call(request, toEventContext(req, requestId, clock), route), requestId);
  };
  return Object.assign(serve, { call });
}
