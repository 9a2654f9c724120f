import { describe, expect, it } from 'vitest';
import { loadAuthKeys } from '../../core/auth/auth-keys';
import { readAuthConfig } from '../../core/auth/auth.config';
import { readAwsAdaptersConfig } from '../../core/config/aws-adapters.config';
import { readDatabaseConfig } from '../../core/database/database.config';
import { readFunctionNamePrefix } from '../../core/events/adapters/function-name-prefix';
import { readHttpConfig } from '../../core/legacy-api/http.config';
import { readNotificationsConfig } from '../../core/notifications/notifications.config';
import { readPipelineConfig } from '../../core/pipeline/pipeline.config';
import { readVideosConfig } from '../../core/videos/videos.config';
import { readProxyConfig } from '../../edge-proxy/proxy.config';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { deployedFunctions } from './deployed-functions';
import { functionEnvironment } from './function-environment';
import { lambdaEnvironment, sampleKeys, sampleSources } from './sample-environment.test-kit';

const sources = sampleSources;
const keys = sampleKeys;

/** The function pipeline's own reads (extracted-functions/shared/function-pipeline.ts). */
function readPipelineFunctionConfig(env: NodeJS.ProcessEnv) {
  const { dataDir } = readDatabaseConfig(env);
  return {
    pipeline: readPipelineConfig({ EVENT_DELIVERY: 'lambda', ...env }),
    videos: readVideosConfig(dataDir, env),
    notifications: readNotificationsConfig(dataDir, env),
    adapters: readAwsAdaptersConfig(env),
    http: readHttpConfig(env),
    prefix: readFunctionNamePrefix(env),
  };
}

describe("each function's environment passes the code's own config readers", () => {
  it('auth: PostgreSQL under /tmp, and the key that signs tokens', async () => {
    const env = lambdaEnvironment('auth');
    expect(readDatabaseConfig(env)).toMatchObject({ databaseUrl: sources.databaseUrl, dataDir: '/tmp/24hv' });
    const keysLoaded = await loadAuthKeys(readAuthConfig(env));
    expect(keysLoaded.privateKey).toBeDefined();
    expect(readHttpConfig(env).jsonBodyLimitBytes).toBeGreaterThan(0);
  });

  it('authorizer: verifies tokens and cannot sign them', async () => {
    const env = lambdaEnvironment('authorizer');
    const keysLoaded = await loadAuthKeys(readAuthConfig(env));
    expect(keysLoaded.privateKey).toBeUndefined();
    expect(keysLoaded.publicKey.equals(keys.publicKey)).toBe(true);
  });

  it('transcoding: S3 storage in the uploads bucket, MediaConvert with its role and queue, invokes by the stage names', () => {
    const config = readPipelineFunctionConfig(lambdaEnvironment('transcoding'));
    expect(config.adapters.storage).toEqual({ kind: 's3', bucket: sources.uploadsBucket });
    expect(config.adapters.transcoder).toEqual({ kind: 'mediaconvert', roleArn: sources.mediaConvertRoleArn, queueArn: sources.mediaConvertQueueArn });
    expect(config.pipeline.events).toEqual({ mode: 'lambda', region: 'eu-west-1' });
    expect(config.prefix).toBe('24hv-prod-');
  });

  it('metadata: S3 storage in the uploads bucket', () => {
    expect(readPipelineFunctionConfig(lambdaEnvironment('metadata')).adapters.storage).toEqual({ kind: 's3', bucket: sources.uploadsBucket });
  });

  it('notifications: e-mail through SES from the sender, links to the API', () => {
    const config = readPipelineFunctionConfig(lambdaEnvironment('notifications'));
    expect(config.adapters.email).toEqual({ kind: 'ses', from: sources.emailFrom });
    expect(config.notifications.publicBaseUrl).toBe(sources.publicBaseUrl);
  });

  it('legacy-monolith: the whole monolith config, its events sent to the other functions', () => {
    const env = lambdaEnvironment('legacy-monolith');
    const config = readMonolithConfig(readDatabaseConfig(env).dataDir, env);
    expect(config.pipeline.events).toEqual({ mode: 'lambda', region: 'eu-west-1' });
    expect(config.email).toEqual({ kind: 'ses', from: sources.emailFrom });
    expect(config.auth.privateKeyPem).toBe(sources.jwtPrivateKey);
    expect(readAwsAdaptersConfig(env).storage).toEqual({ kind: 's3', bucket: sources.uploadsBucket });
    expect(readFunctionNamePrefix(env)).toBe('24hv-prod-');
  });

  it('edge-proxy: the monolith as a function, in the Lambda region, with the admin token', () => {
    const env = lambdaEnvironment('edge-proxy');
    expect(readProxyConfig(env)).toMatchObject({ legacyFunction: 'legacy-monolith', awsRegion: 'eu-west-1', adminToken: sources.adminToken, legacyTimeoutMs: 28_000 });
    expect(readProxyConfig(env).lambdaEndpoint).toBeUndefined();
    expect(readAuthConfig(env).publicKeyPem).toBe(sources.jwtPublicKey);
    expect(readFunctionNamePrefix(env)).toBe('24hv-prod-');
    // The alarms of the functions it invokes carry the same prefix (infra/aws/resource-names.ts).
    expect(readProxyConfig(env).rolloutAlarmPrefix).toBe('24hv-prod-');
  });

  it('edge-proxy: the monolith at an existing URL', () => {
    const config = readProxyConfig(lambdaEnvironment('edge-proxy', { monolith: { kind: 'url', url: 'https://monolith.example.org' } }));
    expect(config.legacyFunction).toBeUndefined();
    expect(config.legacyUrl).toBe('https://monolith.example.org');
  });

  it('every deployed function has an environment, and only the prober gets FFPROBE_PATH', () => {
    for (const { name } of deployedFunctions({ kind: 'function' })) {
      const env = functionEnvironment(name, { ...sources, ffprobePath: '/opt/bin/ffprobe' });
      expect(env.FFPROBE_PATH !== undefined, name).toBe(name === 'metadata' || name === 'legacy-monolith');
    }
  });

  it('refuses a function it has no environment for', () => {
    expect(() => functionEnvironment('thumbnails', sources)).toThrow(/No environment is defined for function "thumbnails"/);
  });
});
