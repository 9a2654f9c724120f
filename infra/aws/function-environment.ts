import type { MonolithDeployment } from './deploy-parameters';

/** Values the environment is built from: CloudFormation tokens in the stack, plain strings in tests. */
export interface EnvironmentSources {
  readonly functionNamePrefix: string;
  /** Secrets as CloudFormation dynamic references, resolved at deploy time (never in the template). */
  readonly databaseUrl: string;
  readonly jwtPrivateKey: string;
  readonly jwtPublicKey: string;
  readonly adminToken: string;
  readonly uploadsBucket: string;
  readonly mediaConvertRoleArn: string;
  readonly mediaConvertQueueArn: string;
  readonly emailFrom: string;
  readonly publicBaseUrl: string;
  readonly monolith: MonolithDeployment;
  /** ffprobe in a layer, when one is given. */
  readonly ffprobePath?: string;
}

type Need = 'database' | 'signing' | 'verifying' | 'invoking' | 'proxying' | 'rollout' | 'publishing' | 'storage' | 'mediaconvert' | 'email' | 'probing';

// What each function's code reads at startup (see the read*Config call of each handler's composition).
const needsByFunction: Readonly<Record<string, readonly Need[]>> = {
  auth: ['database', 'signing'],
  authorizer: ['database', 'verifying'],
  transcoding: ['database', 'invoking', 'storage', 'mediaconvert'],
  metadata: ['database', 'invoking', 'storage', 'probing'],
  notifications: ['database', 'email'],
  'legacy-monolith': ['database', 'signing', 'invoking', 'publishing', 'storage', 'email', 'probing'],
  'edge-proxy': ['database', 'verifying', 'invoking', 'proxying', 'rollout'],
};

function variablesFor(need: Need, sources: EnvironmentSources): Record<string, string> {
  switch (need) {
    // A Lambda may only write under /tmp; with DATABASE_URL set the folder holds no database.
    // pg verifies the server's certificate (sslmode=require means verify-full), and from Node 20 on
    // Lambda loads the Amazon CAs (RDS, Aurora) only when told to.
    case 'database':
      return { DATA_DIR: '/tmp/24hv', DATABASE_URL: sources.databaseUrl, NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' };
    case 'signing':
      return { JWT_PRIVATE_KEY: sources.jwtPrivateKey };
    case 'verifying':
      return { JWT_PUBLIC_KEY: sources.jwtPublicKey };
    // The code invokes registry names; the client adds the stage's prefix.
    case 'invoking':
      return { LAMBDA_FUNCTION_PREFIX: sources.functionNamePrefix };
    case 'proxying':
      return {
        ...(sources.monolith.kind === 'function' ? { LEGACY_FUNCTION: 'legacy-monolith' } : { LEGACY_URL: sources.monolith.url }),
        // Below the 30 s API Gateway allows, so the customer gets the legacy 504, not API Gateway's.
        LEGACY_TIMEOUT_MS: '28000',
        STRANGLER_ADMIN_TOKEN: sources.adminToken,
      };
    // The automatic rollback also reads the functions' alarms, named with the stage's prefix.
    case 'rollout':
      return { ROLLOUT_ALARM_PREFIX: sources.functionNamePrefix };
    // The monolith defaults to in-process events; as a Lambda its events must reach the other functions.
    case 'publishing':
      return { EVENT_DELIVERY: 'lambda' };
    case 'storage':
      return { STORAGE_BACKEND: 's3', STORAGE_BUCKET: sources.uploadsBucket };
    case 'mediaconvert':
      return { TRANSCODER: 'mediaconvert', MEDIACONVERT_ROLE_ARN: sources.mediaConvertRoleArn, MEDIACONVERT_QUEUE_ARN: sources.mediaConvertQueueArn };
    case 'email':
      return { EMAIL_TRANSPORT: 'ses', EMAIL_FROM: sources.emailFrom, PUBLIC_BASE_URL: sources.publicBaseUrl };
    case 'probing':
      return sources.ffprobePath === undefined ? {} : { FFPROBE_PATH: sources.ffprobePath };
  }
}

/** The environment variables of one deployed function; throws for a function it does not know (never a guess). */
export function functionEnvironment(functionName: string, sources: EnvironmentSources): Record<string, string> {
  const needs = needsByFunction[functionName];
  if (!needs) throw new Error(`No environment is defined for function ${JSON.stringify(functionName)}: add it to infra/aws/function-environment.ts`);
  return Object.assign({}, ...needs.map((need) => variablesFor(need, sources)));
}

/** Whether a function probes media, and so needs the ffprobe layer. */
export function probesMedia(functionName: string): boolean {
  return needsByFunction[functionName]?.includes('probing') ?? false;
}
