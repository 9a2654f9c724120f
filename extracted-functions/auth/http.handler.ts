import { readAuthConfig } from '../../core/auth/auth.config';
import { createAuthService } from '../../core/auth/create-auth';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { readHttpConfig } from '../../core/legacy-api/http.config';
import { createLogger } from '../../core/logging/create-logger';
import { createHttpFunction } from '../shared/http-function';
import { principalOf, readJsonBody } from '../shared/http-request';
import { warmOnce } from '../shared/warm-once';

const logger = createLogger('fn-auth');
const { jsonBodyLimitBytes } = readHttpConfig();

// One database connection and one set of keys per warm container, not per invocation.
const authService = warmOnce(async () => {
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  return createAuthService({ dataSource, config: readAuthConfig() });
});

/** The auth routes of the legacy API, served by Lambda (API Gateway payload v2.0). */
export const handler = createHttpFunction(
  {
    'POST /api/auth/signup': async (event) => ({
      status: 201,
      body: await (await authService()).signup(readJsonBody(event, jsonBodyLimitBytes)),
    }),
    'POST /api/auth/login': async (event) => ({
      status: 200,
      body: await (await authService()).login(readJsonBody(event, jsonBodyLimitBytes)),
    }),
    'GET /api/users/me': async (event) => ({
      status: 200,
      body: await (await authService()).me(principalOf(event).userId),
    }),
  },
  logger,
);
