import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { Principal, Role } from '../../core/auth/user';
import { UnauthorizedError } from '../../core/errors/app-error';
import { decodeJsonBody } from '../../core/legacy-api/json-body';

/** The authorizer context API Gateway passes to protected routes (strings, as API Gateway sends them). */
export interface AuthorizerContext {
  userId: string;
  role: Role;
}

/** Decodes the JSON body of an API Gateway v2 event exactly as the monolith decodes its bodies. */
export function readJsonBody(event: APIGatewayProxyEventV2, limitBytes: number): unknown {
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return decodeJsonBody(raw, { contentType: event.headers['content-type'], contentEncoding: event.headers['content-encoding'] }, limitBytes);
}

/** The caller, as established by the Lambda authorizer in front of this route. */
export function principalOf(event: APIGatewayProxyEventV2): Principal {
  const context = (event as APIGatewayProxyEventV2WithLambdaAuthorizer<Partial<AuthorizerContext>>).requestContext.authorizer?.lambda;
  // Only reachable if a protected route was deployed without its authorizer: refuse, never guess.
  if (!context?.userId || (context.role !== 'user' && context.role !== 'admin')) {
    throw new UnauthorizedError('Authentication required: send Authorization: Bearer <token>');
  }
  return { userId: context.userId, role: context.role };
}
