import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRegistry } from '../../extracted-functions/registry';
import { deployedFunctions, edgeProxyFunction } from './deployed-functions';
import { functionEnvironment } from './function-environment';
import { resourceNames } from './resource-names';
import { discardStage, functionLogicalId, resolvePseudo, resourcesOf, synthesizeStage, testEnv, type SynthesizedStage } from './synth-test-kit';

const names = resourceNames('dev');
const eventConsumers = ['transcoding', 'metadata', 'notifications', 'legacy-monolith'];
const layerArn = `arn:aws:lambda:${testEnv.region}:${testEnv.account}:layer:ffprobe:3`;

describe('the deployed functions', () => {
  let stage: SynthesizedStage;
  beforeAll(() => {
    stage = synthesizeStage({ ffprobeLayerArn: layerArn });
  });
  afterAll(() => discardStage(stage));

  const functionOf = (name: string) => resourcesOf(stage.stateless, 'AWS::Lambda::Function')[functionLogicalId(stage.stateless, names.functionName(name))]!.Properties!;

  it('deploys every function of the registry and the edge proxy, and nothing else', () => {
    const deployedNames = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::Function')).map((fn) => fn.Properties?.FunctionName);
    expect(deployedNames.sort()).toEqual([...functionRegistry.map((fn) => fn.name), 'edge-proxy'].map(names.functionName).sort());
  });

  it.each([...functionRegistry, edgeProxyFunction].map((definition) => [definition.name, definition] as const))(
    '%s runs its handler on Node.js 22 with the timeout, memory and concurrency of its definition',
    (_name, definition) => {
      expect(functionOf(definition.name)).toMatchObject({
        Handler: `index.${definition.handler}`,
        Runtime: 'nodejs22.x',
        Timeout: definition.timeoutSeconds,
        MemorySize: definition.memoryMb,
      });
      const reserved = 'reservedConcurrency' in definition ? definition.reservedConcurrency : undefined;
      expect(functionOf(definition.name).ReservedConcurrentExecutions).toBe(reserved);
    },
  );

  it('sets each function exactly the variables infra/aws/function-environment.ts gives it (those its code reads)', () => {
    for (const definition of deployedFunctions({ kind: 'function' })) {
      const variables = (functionOf(definition.name).Environment as { Variables: Record<string, unknown> }).Variables;
      const expected = functionEnvironment(definition.name, {
        functionNamePrefix: names.prefix,
        databaseUrl: '',
        jwtPrivateKey: '',
        jwtPublicKey: '',
        adminToken: '',
        uploadsBucket: '',
        mediaConvertRoleArn: '',
        mediaConvertQueueArn: '',
        emailFrom: '',
        publicBaseUrl: '',
        monolith: { kind: 'function' },
        ffprobePath: '/opt/bin/ffprobe',
      });
      expect(Object.keys(variables).sort(), definition.name).toEqual(Object.keys(expected).sort());
      if ('LAMBDA_FUNCTION_PREFIX' in variables) expect(variables.LAMBDA_FUNCTION_PREFIX).toBe('24hv-dev-');
      if ('STORAGE_BUCKET' in variables) expect(resolvePseudo(variables.STORAGE_BUCKET)).toBe(`24hv-dev-uploads-${testEnv.account}-${testEnv.region}`);
    }
  });

  it('gives each function its own log group, kept 30 days', () => {
    for (const definition of deployedFunctions({ kind: 'function' })) {
      const logGroupId = (functionOf(definition.name).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resourcesOf(stage.stateless, 'AWS::Logs::LogGroup')[logGroupId]!.Properties).toMatchObject({ LogGroupName: `/aws/lambda/${names.functionName(definition.name)}`, RetentionInDays: 30 });
    }
  });

  it('retries the asynchronous events of the pipeline functions twice, then records them in the dead-letter queue', () => {
    const configs = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::EventInvokeConfig')).map((config) => resolvePseudo(config.Properties) as Record<string, unknown>);
    // Plus the edge proxy's, for its rollout ticks (stack-pipeline.test.ts).
    expect(configs).toHaveLength(eventConsumers.length + 1);
    for (const name of eventConsumers) {
      expect(configs).toContainEqual({
        FunctionName: { Ref: functionLogicalId(stage.stateless, names.functionName(name)) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${testEnv.region}:${testEnv.account}:${names.deadLetterQueue}` } },
      });
    }
  });

  it('alarms on errors, throttles and p99 duration of every function, under names the rollback can look up', () => {
    const alarms = Object.values(resourcesOf(stage.stateless, 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties as Record<string, unknown>);
    expect(alarms).toHaveLength(3 * deployedFunctions({ kind: 'function' }).length);
    for (const definition of deployedFunctions({ kind: 'function' })) {
      const dimensions = [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(stage.stateless, names.functionName(definition.name)) } }];
      const alarm = (metric: string) => alarms.find((candidate) => candidate.AlarmName === `24hv-dev-${definition.name}-${metric}`);
      expect(alarm('errors')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Threshold: 1, Dimensions: dimensions });
      expect(alarm('throttles')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Statistic: 'Sum', Threshold: 1, Dimensions: dimensions });
      expect(alarm('duration-p99')).toMatchObject({ MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: definition.timeoutSeconds * 800, Dimensions: dimensions });
    }
  });

  it('takes secrets from Secrets Manager at deploy time: none is written into the template', () => {
    const secretVariables = { DATABASE_URL: names.databaseUrlSecret, JWT_PRIVATE_KEY: names.jwtPrivateKeySecret, JWT_PUBLIC_KEY: names.jwtPublicKeySecret, STRANGLER_ADMIN_TOKEN: names.adminTokenSecret };
    for (const definition of deployedFunctions({ kind: 'function' })) {
      const variables = (functionOf(definition.name).Environment as { Variables: Record<string, unknown> }).Variables;
      for (const [variable, secretName] of Object.entries(secretVariables)) {
        if (variable in variables) expect(variables[variable], `${definition.name} ${variable}`).toBe(`{{resolve:secretsmanager:${secretName}:SecretString:::}}`);
      }
    }
  });

  it('gives the functions that probe media the ffprobe layer and its path', () => {
    for (const name of ['metadata', 'legacy-monolith']) {
      expect(functionOf(name).Layers).toEqual([layerArn]);
      expect((functionOf(name).Environment as { Variables: Record<string, unknown> }).Variables.FFPROBE_PATH).toBe('/opt/bin/ffprobe');
    }
    expect(functionOf('transcoding').Layers).toBeUndefined();
  });
});

describe('the monolith at an existing URL', () => {
  let stage: SynthesizedStage;
  beforeAll(() => {
    stage = synthesizeStage({ legacyUrl: 'https://monolith.internal.example.org/' });
  });
  afterAll(() => discardStage(stage));

  it('deploys no legacy-monolith function and points the proxy at the URL', () => {
    const functions = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::Function'));
    expect(functions.map((fn) => fn.Properties?.FunctionName)).not.toContain(names.functionName('legacy-monolith'));
    const proxy = functions.find((fn) => fn.Properties?.FunctionName === names.functionName('edge-proxy'))!;
    const variables = (proxy.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.LEGACY_URL).toBe('https://monolith.internal.example.org');
    expect(variables.LEGACY_FUNCTION).toBeUndefined();
  });

  it('queues upload events for the monolith to poll', () => {
    const queueId = Object.entries(resourcesOf(stage.stateful, 'AWS::SQS::Queue')).find(([, queue]) => queue.Properties?.QueueName === names.monolithEventsQueue)![0];
    expect(Object.values(resourcesOf(stage.stateful, 'AWS::SNS::Subscription')).map((subscription) => subscription.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] } }),
    ]);
  });

  it('warns that the pipeline still names the monolith function', () => {
    expect(Annotations.fromStack(stage.stacks.stateless).findWarning('*', Match.stringLikeRegexp('legacy-monolith function is not deployed'))).toHaveLength(1);
  });

  it('grants nothing on the monolith function that is not there', () => {
    expect(JSON.stringify(stage.stateless.toJSON())).not.toContain(names.functionName('legacy-monolith'));
  });
});

describe('the monolith as a function, from the defaults', () => {
  let stage: SynthesizedStage;
  beforeAll(() => {
    stage = synthesizeStage();
  });
  afterAll(() => discardStage(stage));

  it('warns, at synthesis, of a placeholder sender and of the missing ffprobe layer', () => {
    const warnings = Annotations.fromStack(stage.stacks.stateless);
    expect(warnings.findWarning('*', Match.stringLikeRegexp('is a placeholder: pass your verified SES sender'))).toHaveLength(1);
    expect(warnings.findWarning('*', Match.stringLikeRegexp('ffprobeLayerArn')).map((warning) => warning.id).sort()).toEqual(['/video-24h-dev-stateless/legacy-monolith', '/video-24h-dev-stateless/metadata']);
  });

  it('is what the proxy forwards to, and has no queue of its own', () => {
    const proxy = Object.values(resourcesOf(stage.stateless, 'AWS::Lambda::Function')).find((fn) => fn.Properties?.FunctionName === names.functionName('edge-proxy'))!;
    expect((proxy.Properties?.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({ LEGACY_FUNCTION: 'legacy-monolith' });
    expect(Object.values(resourcesOf(stage.stateful, 'AWS::SQS::Queue')).map((queue) => queue.Properties?.QueueName)).toEqual([names.deadLetterQueue]);
  });
});
