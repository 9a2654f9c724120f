import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { InvalidTokenError, MissingTokenError } from '../../core/auth/auth.errors';
import type { Clock } from '../../core/clock/clock';
import type { LambdaAuthorizerContext } from '../lambda-events';
import type { FunctionInvoker } from './lambda-invoker';

export interface LambdaAuthorizerOptions {
  invoker: FunctionInvoker;
  functionName: string;
  /** How long a decision is reused for the same Authorization header; API Gateway's default is 300 s. */
  cacheTtlMs: number;
  clock: Clock;
  /** Decisions kept at most; the oldest go first. */
  maxCachedDecisions?: number;
}

interface SimpleAuthorizerResult {
  isAuthorized?: unknown;
  context?: LambdaAuthorizerContext;
}

/**
 * Guards Lambda-bound protected routes the way an API Gateway Lambda authorizer (REQUEST type,
 * simple responses, identity source: the Authorization header) does, decisions cached per header.
 */
export class LambdaAuthorizer {
  private readonly decisions = new Map<string, { expiresAt: number; context: LambdaAuthorizerContext | null }>();

  constructor(private readonly options: LambdaAuthorizerOptions) {}

  /** The authorizer's context for the request (to `route`); throws UnauthorizedError when it is refused. */
  async authorize(event: APIGatewayProxyEventV2, route: string): Promise<LambdaAuthorizerContext> {
    const authorization = event.headers.authorization;
    // API Gateway answers 401 itself, without invoking the authorizer, when the identity source is absent.
    if (!authorization) throw new MissingTokenError();
    const now = this.options.clock.now().getTime();
    let decision = this.decisions.get(authorization);
    if (!decision || decision.expiresAt <= now) {
      decision = { expiresAt: now + this.options.cacheTtlMs, context: await this.decide(authorization, event, route) };
      this.remember(authorization, decision);
    }
    if (!decision.context) throw new InvalidTokenError();
    return decision.context;
  }

  private async decide(authorization: string, event: APIGatewayProxyEventV2, route: string): Promise<LambdaAuthorizerContext | null> {
    const { requestContext } = event;
    const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:${requestContext.accountId}:${requestContext.apiId}/${requestContext.stage}/${requestContext.http.method}${requestContext.http.path}`,
      identitySource: [authorization],
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      cookies: event.cookies ?? [],
      headers: event.headers,
      queryStringParameters: event.queryStringParameters ?? {},
      requestContext,
      pathParameters: event.pathParameters ?? {},
      stageVariables: {},
    };
    const result = (await this.options.invoker.invoke(this.options.functionName, authorizerEvent, { requestId: requestContext.requestId, route })) as SimpleAuthorizerResult;
    return result?.isAuthorized === true ? (result.context ?? {}) : null;
  }

  private remember(authorization: string, decision: { expiresAt: number; context: LambdaAuthorizerContext | null }): void {
    if (this.options.cacheTtlMs <= 0) return;
    this.decisions.delete(authorization);
    this.decisions.set(authorization, decision);
    const max = this.options.maxCachedDecisions ?? 10_000;
    if (this.decisions.size > max) this.decisions.delete(this.decisions.keys().next().value!);
  }
}
