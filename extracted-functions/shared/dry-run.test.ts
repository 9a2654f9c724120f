import { randomUUID } from 'node:crypto';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEntity } from '../../core/auth/adapters/user.entity';
import { createLambdaClient } from '../../core/events/adapters/create-lambda-client';
import { SubscriptionEntity } from '../../core/notifications/adapters/subscription.entity';
import { toDryRunStageVariables, type DryRunRequest } from '../../core/rollout/dry-run-request';
import { startLambdaRuntime, type LambdaRuntime } from '../../infra/local/lambda-runtime/lambda-runtime';
import { repositoryRoot } from '../../test/fixtures/functions/fixture-functions';
import { testEnvironment } from '../../test/support/serving-modes';
import { testAuthConfig } from '../../test/support/test-auth';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { findFunction } from '../registry';
import { anApiGatewayV2Event } from './api-gateway-event.builder';

// The real handlers, each in its own host process of the local runtime, as the edge proxy invokes them.

const signupBody = (email = `dry-${randomUUID()}@example.com`) => ({ email, password: 'correct horse', name: 'Shadow' });

/** A JSON request to `routeKey`, with the stage variables API Gateway would add and the caller its authorizer vouched for. */
function aRequest(routeKey: string, body: unknown, { stageVariables, userId }: { stageVariables?: Record<string, string>; userId?: string } = {}): APIGatewayProxyEventV2 {
  const event = anApiGatewayV2Event({ routeKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const authorizer = userId ? { authorizer: { lambda: { userId, role: 'user' } } } : {};
  return { ...event, ...(stageVariables ? { stageVariables } : {}), requestContext: { ...event.requestContext, ...authorizer } };
}

const dryRun = (request: DryRunRequest = {}) => ({ stageVariables: toDryRunStageVariables(request) });

describe.each(engines)('dry runs of the extracted functions on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runtime: LambdaRuntime;
  let client: LambdaClient;

  async function invoke(functionName: string, event: APIGatewayProxyEventV2): Promise<{ status: number; body: Record<string, unknown> }> {
    const result = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }));
    expect(result.FunctionError).toBeUndefined();
    const response = JSON.parse(new TextDecoder().decode(result.Payload)) as APIGatewayProxyStructuredResultV2;
    return { status: response.statusCode!, body: JSON.parse(response.body!) as Record<string, unknown> };
  }

  const signup = (body: unknown, options?: Parameters<typeof aRequest>[2]) => invoke('auth', aRequest('POST /api/auth/signup', body, options));
  const usersWithEmail = (email: string) => dataSource.getRepository(UserEntity).findBy({ email });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
    const environment = testEnvironment({ database, dataSource, authConfig: testAuthConfig() });
    runtime = await startLambdaRuntime({ functions: [findFunction('auth')!, findFunction('notifications')!], rootDir: repositoryRoot, port: 0, environment });
    client = createLambdaClient({ endpoint: runtime.url, region: 'us-east-1' });
  });

  afterAll(async () => {
    client?.destroy();
    await runtime?.close();
    await dataSource?.destroy();
    await database?.dispose();
  });

  it('answers a dry-run signup with the new user, and keeps no user', async () => {
    const body = signupBody();

    const response = await signup(body, dryRun());

    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: body.email, name: 'Shadow' });
    expect(response.body.token).toEqual(expect.any(String));
    expect(await usersWithEmail(body.email)).toEqual([]);
  });

  it('removes first what the primary created, so the shadow signup meets a free email, and keeps the primary\u2019s user', async () => {
    const body = signupBody();
    const primary = await signup(body);
    const primaryUserId = (primary.body.user as { id: string }).id;

    const withoutRemoval = await signup(body, dryRun());
    const shadow = await signup(body, dryRun({ removes: { resource: 'user', id: primaryUserId } }));

    expect(withoutRemoval.status).toBe(409);
    expect(shadow.status).toBe(201);
    expect((shadow.body.user as { id: string }).id).not.toBe(primaryUserId);
    expect((await usersWithEmail(body.email)).map((user) => user.id)).toEqual([primaryUserId]);
  });

  it('still persists a normal signup served by the same warm function after dry runs', async () => {
    const shadowBody = signupBody();
    const normalBody = signupBody();

    expect((await signup(shadowBody, dryRun())).status).toBe(201);
    expect((await signup(normalBody)).status).toBe(201);

    expect(await usersWithEmail(normalBody.email)).toHaveLength(1);
    expect(await usersWithEmail(shadowBody.email)).toEqual([]);
  });

  it('ignores a malformed removal mark: still a dry run, but nothing is removed', async () => {
    const body = signupBody();
    const primaryUserId = ((await signup(body)).body.user as { id: string }).id;

    const unknownResource = await signup(body, { stageVariables: { ...toDryRunStageVariables({}), stranglerDryRunRemoves: `video:${primaryUserId}` } });
    const notAnId = await signup(body, { stageVariables: { ...toDryRunStageVariables({}), stranglerDryRunRemoves: 'user:not-a-uuid' } });
    const other = signupBody();
    const stillDry = await signup(other, { stageVariables: { ...toDryRunStageVariables({}), stranglerDryRunRemoves: 'user' } });

    expect([unknownResource.status, notAnId.status, stillDry.status]).toEqual([409, 409, 201]);
    expect((await usersWithEmail(body.email)).map((user) => user.id)).toEqual([primaryUserId]);
    expect(await usersWithEmail(other.email)).toEqual([]);
  });

  it('treats a dry-run flag other than "true" as no dry run at all', async () => {
    const body = signupBody();

    const response = await signup(body, { stageVariables: { stranglerDryRun: 'yes' } });

    expect(response.status).toBe(201);
    expect(await usersWithEmail(body.email)).toHaveLength(1);
  });

  it('answers a dry-run subscribe with the subscription, and keeps no subscription', async () => {
    const owner = ((await signup(signupBody())).body.user as { id: string }).id;

    const response = await invoke('notifications', aRequest('POST /api/notifications/subscriptions', { channel: 'email', target: 'ada@example.com' }, { userId: owner, ...dryRun() }));

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ channel: 'email', target: 'ada@example.com' });
    expect(await dataSource.getRepository(SubscriptionEntity).findBy({ ownerId: owner })).toEqual([]);
  });
});
