import { readAuthConfig } from '../../core/auth/auth.config';
import { createAuthServiceFactory } from '../../core/auth/create-auth';
import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { readHttpConfig } from '../../core/legacy-api/http.config';
import { createLogger } from '../../core/logging/create-logger';
import { dryRunnableRoutes } from '../shared/dry-run';
import { createHttpFunction } from '../shared/http-function';
import { principalOf, readJsonBody } from '../shared/http-request';
import { warmOnce } from '../shared/warm-once';

const logger = createLogger('fn-auth');
const { jsonBodyLimitBytes } = readHttpConfig();

// One database connection and one set of keys per warm container, not per invocation.
const authServices = warmOnce(async () => {
  const dataSource = await createDataSource(readDatabaseConfig(), { poolSize: 2 }).initialize();
  const authServiceOver = await createAuthServiceFactory({ config: readAuthConfig() });
  return { dataSource, services: authServiceOver(dataSource), servicesOver: authServiceOver };
});

/** The auth routes of the legacy API, served by Lambda (API Gateway payload v2.0); dry runs as the edge proxy marks them. */
export const handler = createHttpFunction(
  dryRunnableRoutes(authServices, {
    'POST /api/auth/signup': async (auth, event) => ({
      status: 201,
      body: await auth.signup(readJsonBody(event, jsonBodyLimitBytes)),
    }),
    'POST /api/auth/login': async (auth, event) => ({
      status: 200,
      body: await auth.login(readJsonBody(event, jsonBodyLimitBytes)),
    }),
    'GET /api/users/me': async (auth, event) => ({
      status: 200,
      body: await auth.me(principalOf(event).userId),
    }),
  }),
  logger,
);
