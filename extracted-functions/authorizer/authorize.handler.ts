import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { readAuthConfig } from '../../core/auth/auth.config';
import { createAuthenticator } from '../../core/auth/create-auth';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { UnauthorizedError } from '../../core/errors/app-error';
import type { AuthorizerContext } from '../shared/http-request';
import { warmOnce } from '../shared/warm-once';

const authenticator = warmOnce(async () => {
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  return createAuthenticator({ dataSource, config: readAuthConfig() });
});

/**
 * Lambda authorizer (REQUEST type, simple responses): allows a request carrying a valid token of
 * an existing user and hands the user id and role to the route's function.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext> | APIGatewaySimpleAuthorizerResult> {
  try {
    const principal = await (await authenticator()).authenticate(event.headers?.authorization ?? event.identitySource?.[0]);
    return { isAuthorized: true, context: { userId: principal.userId, role: principal.role } };
  } catch (error) {
    // A rejected token is an answer; anything else (database down) must fail the invocation.
    if (error instanceof UnauthorizedError) return { isAuthorized: false };
    throw error;
  }
}
