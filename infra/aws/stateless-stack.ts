import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import { LayerVersion, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { routeTable } from '../../edge-proxy/routing/route-table';
import type { DeployParameters } from './deploy-parameters';
import { DeployedLambda } from './deployed-lambda';
import { deployedFunctions, edgeProxyFunction, type DeployedFunction } from './deployed-functions';
import { EdgeApi } from './edge-api';
import { FunctionAlarms } from './function-alarms';
import { functionEnvironment, probesMedia } from './function-environment';
import { grantStatements } from './function-grants';
import { directRoutesOf } from './graduation';
import { invokedFunctions } from './invoked-functions';
import { consumesEvents, PipelineWiring } from './pipeline-wiring';
import type { ResourceNames } from './resource-names';
import { RolloutTick } from './rollout-tick';
import { stageResources } from './stage-resources';

export interface StatelessStackProps extends StackProps {
  readonly names: ResourceNames;
  readonly parameters: DeployParameters;
}

// Where the ffprobe layer puts its binary (layers are unpacked under /opt).
const layerFfprobePath = '/opt/bin/ffprobe';

/**
 * What runs: every function of the registry and the edge proxy, the HTTP API in front, the
 * pipeline's subscriptions, rules and schedules, alarms. Holds no data.
 */
export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { names, parameters } = props;
    const resources = stageResources(this, names);
    // Validated first: a capability that cannot graduate stops the synthesis before anything is built.
    const directRoutes = directRoutesOf(parameters.graduated, routeTable);
    const edge = new EdgeApi(this, 'Edge', `${names.prefix}api`);

    const definitions = deployedFunctions(parameters.monolith);
    const deployed = new Set(definitions.map((definition) => definition.name));
    const deadLetters = new SqsDestination(Queue.fromQueueArn(this, 'DeadLetters', resources.deadLetterQueueArn));
    const ffprobeLayer = parameters.ffprobeLayerArn ? LayerVersion.fromLayerVersionArn(this, 'Ffprobe', parameters.ffprobeLayerArn) : undefined;
    const environmentSources = {
      ...resources,
      functionNamePrefix: names.prefix,
      uploadsBucket: resources.uploadsBucketName,
      emailFrom: parameters.emailFrom,
      publicBaseUrl: parameters.publicBaseUrl ?? edge.api.apiEndpoint,
      monolith: parameters.monolith,
      ...(ffprobeLayer ? { ffprobePath: layerFfprobePath } : {}),
    };

    const functions = new Map<string, { definition: DeployedFunction; function: IFunction }>();
    for (const definition of definitions) {
      const functionName = names.functionName(definition.name);
      const statements = grantStatements(definition.name, {
        ...resources,
        emailIdentityArns: parameters.emailIdentities.map((identity) => resources.emailIdentityArn(identity)),
        invokedFunctionArns: invokedFunctions(definition.name, deployed).map((name) => resources.functionArn(names.functionName(name))),
      });
      const lambda = new DeployedLambda(this, definition.name, {
        definition,
        functionName,
        environment: functionEnvironment(definition.name, environmentSources),
        statements,
        layers: ffprobeLayer && probesMedia(definition.name) ? [ffprobeLayer] : [],
        ...(consumesEvents(definition) ? { onFailure: deadLetters } : {}),
      });
      new FunctionAlarms(lambda, 'Alarms', { function: lambda.function, timeoutSeconds: definition.timeoutSeconds, alarmName: (metric) => names.alarmName(definition.name, metric) });
      functions.set(definition.name, { definition, function: lambda.function });
      if (probesMedia(definition.name) && !ffprobeLayer) {
        Annotations.of(lambda).addWarningV2('24hv:no-ffprobe', `${functionName} probes videos with ffprobe, which esbuild cannot bundle: pass -c ffprobeLayerArn=<a layer with /opt/bin/ffprobe>`);
      }
    }

    warnAboutGaps(this, parameters);
    const edgeProxy = functions.get(edgeProxyFunction.name)!.function;
    new RolloutTick(this, 'RolloutTick', edgeProxy);
    edge.addRoutes({
      edgeProxy,
      directRoutes,
      functions: new Map([...functions].map(([name, { function: fn }]) => [name, fn])),
    });
    new PipelineWiring(this, 'Pipeline', { functions, uploadEventsTopicArn: resources.uploadEventsTopicArn, mediaConvertQueueArn: resources.mediaConvertQueueArn });
  }
}

/** What synthesizes but would not work once deployed, said where `cdk synth` and `cdk deploy` print it. */
function warnAboutGaps(stack: Stack, parameters: DeployParameters): void {
  const annotations = Annotations.of(stack);
  // RFC 2606 reserves these domains: cdk.json's sender is only good enough for an offline synth.
  if (/(^|\.)example\.(com|org|net)$/.test(parameters.emailIdentities[1] ?? '')) {
    annotations.addWarningV2('24hv:placeholder-sender', `-c emailFrom=${parameters.emailFrom} is a placeholder: pass your verified SES sender`);
  }
  if (parameters.monolith.kind === 'url') {
    annotations.addWarningV2(
      '24hv:monolith-events',
      'With -c legacyUrl the legacy-monolith function is not deployed, but core/pipeline/event-subscribers.ts still names it: the functions that announce video outcomes fail to reach it, and retry. Deploy the monolith as a function to run the pipeline.',
    );
  }
}
