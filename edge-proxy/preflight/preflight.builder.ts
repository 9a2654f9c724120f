import type { FunctionDefinition } from '../../extracted-functions/registry';
import type { MigrationLimits } from './migration-limits';
import type { PreflightRoute, RuleContext } from './rules/preflight-rule';

type RouteOverrides = Omit<Partial<PreflightRoute>, 'traits'> & { traits?: Partial<PreflightRoute['traits']> };

/** A JSON read of the auth capability served by function 'auth'; override what a test is about. */
export function aPreflightRoute({ traits, ...overrides }: RouteOverrides = {}): PreflightRoute {
  return {
    id: 'auth.me',
    method: 'GET',
    path: '/api/users/me',
    capability: 'auth',
    functionName: 'auth',
    auth: true,
    idempotent: true,
    shadow: { mode: 'mirror' },
    ...overrides,
    traits: { requestBody: 'none', responseBody: 'json', ...traits },
  };
}

/** A function of 10 s and 256 MB, well inside every limit. */
export function aFunction(overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return {
    name: 'auth',
    entry: 'extracted-functions/auth/http.handler.ts',
    handler: 'handler',
    description: 'a function under test',
    timeoutSeconds: 10,
    memoryMb: 256,
    reservedConcurrency: 10,
    ...overrides,
  };
}

/** The system's default limits, spelled out so tests do not depend on the environment. */
export function someLimits(overrides: Partial<MigrationLimits> = {}): MigrationLimits {
  return {
    lambdaSyncPayloadBytes: 6 * 1024 ** 2,
    integrationTimeoutSeconds: 29,
    proxyWaitSeconds: 30,
    uploadLimitBytes: 1024 ** 3,
    jsonBodyLimitBytes: 100 * 1024,
    ...overrides,
  };
}

/** What a rule sees for a route: a registered function and the default limits unless given. */
export function aRuleContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return { limits: someLimits(), fn: aFunction(), ...overrides };
}
