import { describe, expect, it } from 'vitest';
import { fixtureFunction, repositoryRoot } from '../../../test/fixtures/functions/fixture-functions';
import { createFunctionEnvironment } from './function-environment';

const definition = fixtureFunction('context', 'context.handler.ts', { memoryMb: 256 });
const environmentOf = (environment: Record<string, string>) => createFunctionEnvironment(definition, { rootDir: repositoryRoot, region: 'eu-west-1', environment });

describe('an execution environment’s variables', () => {
  it('pass the runtime’s variables on, under the ones Lambda sets', () => {
    const environment = environmentOf({ GREETING: 'hello', AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'spoofed' });

    expect(environment).toMatchObject({ GREETING: 'hello', AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'context', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' });
  });

  it('leave out the machine’s extra CA certificates, as Lambda’s Node.js 20+ runtimes load none by default', () => {
    const environment = environmentOf({ GREETING: 'hello', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' });

    expect(environment).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
    expect(environment.GREETING).toBe('hello');
  });

  it('load the certificates LAMBDA_NODE_EXTRA_CA_CERTS names, in place of the machine’s', () => {
    const environment = environmentOf({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', LAMBDA_NODE_EXTRA_CA_CERTS: '/opt/corporate-ca.pem' });

    expect(environment.NODE_EXTRA_CA_CERTS).toBe('/opt/corporate-ca.pem');
    expect(environment).not.toHaveProperty('LAMBDA_NODE_EXTRA_CA_CERTS');
  });
});
