import { generateKeyPairSync } from 'node:crypto';
import { functionEnvironment, type EnvironmentSources } from './function-environment';

const keys = generateKeyPairSync('ed25519');
const account = '111122223333';

/** The key pair behind sampleSources' PEMs. */
export const sampleKeys = keys;

/** What the stack's tokens and secrets resolve to in a deployed stage `prod`. */
export const sampleSources: EnvironmentSources = {
  functionNamePrefix: '24hv-prod-',
  databaseUrl: 'postgres://video:s3cret@video-db.example.org:5432/video?sslmode=verify-full',
  jwtPrivateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  jwtPublicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  adminToken: 'k3Jd9sLq0ZxW8vBn2MeR7tYu4PaC6hGf1iOj5NbVx',
  uploadsBucket: `24hv-prod-uploads-${account}-eu-west-1`,
  mediaConvertRoleArn: `arn:aws:iam::${account}:role/24hv-prod-mediaconvert`,
  mediaConvertQueueArn: `arn:aws:mediaconvert:eu-west-1:${account}:queues/24hv-prod-transcoding`,
  emailFrom: '24-Hour Video <no-reply@videos.example.org>',
  publicBaseUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
  monolith: { kind: 'function' },
};

/** The environment as a deployed function sees it: what the stack sets, plus what the Lambda runtime sets. */
export function lambdaEnvironment(name: string, overrides: Partial<EnvironmentSources> = {}): NodeJS.ProcessEnv {
  return { ...functionEnvironment(name, { ...sampleSources, ...overrides }), AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: `24hv-prod-${name}` };
}
