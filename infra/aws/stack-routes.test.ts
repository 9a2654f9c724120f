import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../edge-proxy/routing/route-table';
import { resourceNames } from './resource-names';
import { discardStage, functionLogicalId, resourcesOf, synthesizeStage, type SynthesizedStage } from './synth-test-kit';

const names = resourceNames('dev');
const graduated = ['auth', 'transcoding', 'metadata', 'notifications'] as const;

interface Route {
  RouteKey: string;
  Target: { 'Fn::Join': [string, unknown[]] };
  AuthorizationType?: string;
  AuthorizerId?: { Ref: string };
}

/** Each route of the HTTP API with the function its integration invokes (by logical id). */
function routesOf(stage: SynthesizedStage) {
  const integrations = resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Integration');
  return Object.values(resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Route')).map((resource) => {
    const route = resource.Properties as unknown as Route;
    const integrationId = (route.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
    const integration = integrations[integrationId]!.Properties as { IntegrationType: string; IntegrationUri: { 'Fn::GetAtt': [string, string] }; PayloadFormatVersion: string };
    expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    return { key: route.RouteKey, functionId: integration.IntegrationUri['Fn::GetAtt'][0], authorization: route.AuthorizationType ?? 'NONE', authorizerId: route.AuthorizerId?.Ref };
  });
}

describe('the HTTP API', () => {
  describe('with nothing graduated', () => {
    let stage: SynthesizedStage;
    beforeAll(() => {
      stage = synthesizeStage();
    });
    afterAll(() => discardStage(stage));

    it('sends every route of the route table to the edge proxy ($default), without an authorizer of its own', () => {
      expect(routesOf(stage)).toEqual([{ key: '$default', functionId: functionLogicalId(stage.stateless, names.functionName('edge-proxy')), authorization: 'NONE', authorizerId: undefined }]);
      expect(resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Authorizer')).toEqual({});
    });

    it('serves the API at its default stage, deployed automatically', () => {
      expect(Object.values(resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Stage')).map((resource) => resource.Properties)).toEqual([
        expect.objectContaining({ StageName: '$default', AutoDeploy: true }),
      ]);
    });
  });

  describe(`with ${graduated.join(', ')} graduated`, () => {
    let stage: SynthesizedStage;
    beforeAll(() => {
      stage = synthesizeStage({ graduated: graduated.join(',') });
    });
    afterAll(() => discardStage(stage));

    it('reaches every route of the route table: straight to its function when graduated, through the proxy otherwise', () => {
      const routes = routesOf(stage);
      const byKey = new Map(routes.map((route) => [route.key, route]));
      expect(byKey.get('$default')?.functionId).toBe(functionLogicalId(stage.stateless, names.functionName('edge-proxy')));
      for (const entry of routeTable) {
        const direct = byKey.get(`${entry.method} ${entry.path}`);
        if ((graduated as readonly string[]).includes(entry.capability ?? '')) {
          expect(direct?.functionId, entry.id).toBe(functionLogicalId(stage.stateless, names.functionName(entry.functionName!)));
        } else {
          expect(direct, `${entry.id} goes through the proxy`).toBeUndefined();
        }
      }
      expect(routes).toHaveLength(1 + routeTable.filter((entry) => (graduated as readonly string[]).includes(entry.capability ?? '')).length);
    });

    it("guards the protected direct routes with the registry's authorizer, and only those", () => {
      const [authorizerId, ...others] = Object.keys(resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Authorizer'));
      expect(others).toEqual([]);
      const byKey = new Map(routesOf(stage).map((route) => [route.key, route]));
      for (const entry of routeTable.filter((candidate) => (graduated as readonly string[]).includes(candidate.capability ?? ''))) {
        expect(byKey.get(`${entry.method} ${entry.path}`), entry.id).toMatchObject(entry.auth ? { authorization: 'CUSTOM', authorizerId } : { authorization: 'NONE', authorizerId: undefined });
      }
    });

    it('asks the authorizer as the proxy does: REQUEST type, simple responses, the Authorization header, decisions cached 300 s', () => {
      const [authorizer] = Object.values(resourcesOf(stage.stateless, 'AWS::ApiGatewayV2::Authorizer'));
      expect(authorizer!.Properties).toMatchObject({
        AuthorizerType: 'REQUEST',
        EnableSimpleResponses: true,
        AuthorizerPayloadFormatVersion: '2.0',
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 300,
      });
      expect(JSON.stringify(authorizer!.Properties?.AuthorizerUri)).toContain(functionLogicalId(stage.stateless, names.functionName('authorizer')));
    });

    it('lets API Gateway invoke each function it routes to', () => {
      const invokers = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::Permission'))
        .filter((permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com')
        .map((permission) => JSON.stringify(permission.Properties?.FunctionName));
      for (const name of ['edge-proxy', 'authorizer', ...new Set(routeTable.filter((entry) => (graduated as readonly string[]).includes(entry.capability ?? '')).map((entry) => entry.functionName!))]) {
        expect(invokers.some((invoker) => invoker.includes(functionLogicalId(stage.stateless, names.functionName(name)))), name).toBe(true);
      }
    });
  });

  describe('graduation', () => {
    it('refuses a capability with a route no function serves, naming the routes', () => {
      expect(() => synthesizeStage({ graduated: 'metadata,videos' })).toThrow(/videos cannot graduate: videos\.upload, .*videos\.hls-file have no function/);
    });

    it('refuses a capability that does not exist', () => {
      expect(() => synthesizeStage({ graduated: 'thumbnails' })).toThrow(/-c graduated.*unknown capability "thumbnails"/);
    });
  });
});
