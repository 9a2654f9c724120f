import { CfnOutput, Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DirectRoute } from './graduation';

export interface EdgeApiRoutesProps {
  readonly edgeProxy: IFunction;
  readonly directRoutes: readonly DirectRoute[];
  /** Deployed functions by registry name; the authorizer among them. */
  readonly functions: ReadonlyMap<string, IFunction>;
}

// API Gateway's default, and the proxy's (AUTHORIZER_CACHE_TTL_SECONDS): the same decision reuse on both paths.
const authorizerCacheTtl = Duration.seconds(300);

/** The HTTP API customers call. Created before the functions, whose e-mail links name its address. */
export class EdgeApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, apiName: string) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { apiName, description: 'The legacy REST API of 24-Hour Video', createDefaultStage: true });
    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint });
  }

  /**
   * Everything to the edge proxy ($default), except the routes of graduated capabilities: straight
   * to their function, protected ones behind the registry's authorizer, as the proxy would do it.
   */
  addRoutes({ edgeProxy, directRoutes, functions }: EdgeApiRoutesProps): void {
    const v2 = { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 };
    new HttpRoute(this, 'Default', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration: new HttpLambdaIntegration('EdgeProxy', edgeProxy, v2) });
    if (directRoutes.length === 0) return;

    const functionNamed = (name: string) => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`The route table names function ${JSON.stringify(name)}, which this deployment does not deploy`);
      return fn;
    };
    const authorizer = directRoutes.some(({ route }) => route.auth)
      ? new HttpLambdaAuthorizer('Authorizer', functionNamed('authorizer'), {
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          identitySource: ['$request.header.Authorization'],
          resultsCacheTtl: authorizerCacheTtl,
        })
      : undefined;
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const { route, functionName } of directRoutes) {
      let integration = integrations.get(functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(`Direct-${functionName}`, functionNamed(functionName), v2);
        integrations.set(functionName, integration);
      }
      new HttpRoute(this, route.id, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        ...(route.auth && authorizer ? { authorizer } : {}),
      });
    }
  }
}
