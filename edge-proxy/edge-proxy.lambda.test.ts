import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anApiGatewayV2Event } from '../extracted-functions/shared/api-gateway-event.builder';
import { scheduledEvent } from '../infra/local/lambda-runtime/scheduled-event';
import { authEnv, testAuthConfig } from '../test/support/test-auth';
import { createTestDatabase, openMigrated, type TestDatabase } from '../test/support/test-database';
import type { handler as lambdaHandler } from './edge-proxy.lambda';

// The edge proxy as AWS runs it: the handler API Gateway and the rollout schedule invoke, on a
// real database; only CloudWatch is answered by a mock (no AWS account is reachable here).
const adminToken = 'edge-lambda-test-admin-token-0123456789';
const cloudWatch = mockClient(CloudWatchClient);
const context = {} as Context;
let database: TestDatabase;
let handler: typeof lambdaHandler;

const admin = async (routeKey: string, body?: unknown) =>
  (await handler(
    anApiGatewayV2Event({ routeKey, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-strangler-actor': 'alice' }, ...(body ? { body: JSON.stringify(body) } : {}) }),
    context,
  )) as APIGatewayProxyStructuredResultV2;
const jsonOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8').toString()) as Record<string, unknown>;
const tick = () => handler(scheduledEvent('24hv-test-edge-proxy', 'eu-west-1', new Date()), context);

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  await (await openMigrated(database)).destroy();
  const env = {
    ...database.env,
    ...authEnv(testAuthConfig()),
    AWS_REGION: 'eu-west-1',
    // Nothing listens there: no test request reaches a function or the monolith.
    LAMBDA_ENDPOINT: 'http://127.0.0.1:9',
    LEGACY_URL: 'http://127.0.0.1:9',
    STRANGLER_ADMIN_TOKEN: adminToken,
    ROLLOUT_ALARM_PREFIX: '24hv-test-',
    // The container's own timers never help here, as in a frozen Lambda.
    FLAG_REFRESH_MS: '3600000',
    ROLLOUT_EVALUATE_MS: '3600000',
    LOG_LEVEL: 'silent',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  ({ handler } = await import('./edge-proxy.lambda'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await database.dispose();
});

beforeEach(async () => {
  cloudWatch.reset();
  cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  expect((await admin('PUT /_strangler/api/flags/auth', { state: 'canary', percent: 20, force: true, reason: 'canary for the Lambda test' })).statusCode).toBe(200);
});

describe('the edge proxy as a Lambda', () => {
  it('serves the admin API through API Gateway events', async () => {
    const result = await admin('GET /_strangler/api/flags/auth');

    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ capability: 'auth', state: 'canary', canaryPercent: 20 });
  });

  it('on the schedule’s tick, reads the function’s alarms and keeps a canary whose alarms are quiet', async () => {
    await tick();

    expect(cloudWatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input.AlarmNames)).toContainEqual(['24hv-test-auth-errors', '24hv-test-auth-throttles', '24hv-test-auth-duration-p99']);
    expect(jsonOf(await admin('GET /_strangler/api/flags/auth'))).toMatchObject({ state: 'canary' });
  });

  it('on the schedule’s tick, rolls a canary back when its function’s alarm fires', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: '24hv-test-auth-errors', StateValue: 'ALARM' }] });

    await tick();

    expect(jsonOf(await admin('GET /_strangler/api/flags/auth'))).toMatchObject({ state: 'legacy', updatedBy: 'rollout-controller' });
  });
});
