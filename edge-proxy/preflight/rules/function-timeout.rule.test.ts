import { describe, expect, it } from 'vitest';
import { aFunction, aPreflightRoute, aRuleContext, someLimits } from '../preflight.builder';
import { checkFunctionTimeout } from './function-timeout.rule';

describe('checkFunctionTimeout', () => {
  it('warns when the function may run longer than API Gateway waits, with both numbers', () => {
    const finding = checkFunctionTimeout(aPreflightRoute(), aRuleContext({ fn: aFunction({ name: 'transcoding', timeoutSeconds: 30 }) }));

    expect(finding).toMatchObject({ rule: 'function-timeout', severity: 'warning' });
    expect(finding?.problem).toContain('Function transcoding may run 30 s');
    expect(finding?.problem).toContain('after 29 s');
    expect(finding?.handling).toContain('at most 30 s');
    expect(finding?.handling).toContain('504 upstream_timeout');
  });

  it('finds nothing for a function that ends within the integration timeout', () => {
    expect(checkFunctionTimeout(aPreflightRoute(), aRuleContext({ fn: aFunction({ timeoutSeconds: 29 }) }))).toBeUndefined();
  });

  it('follows the integration timeout it is given', () => {
    const context = aRuleContext({ fn: aFunction({ timeoutSeconds: 10 }), limits: someLimits({ integrationTimeoutSeconds: 5 }) });

    expect(checkFunctionTimeout(aPreflightRoute(), context)?.problem).toContain('after 5 s');
  });

  it('leaves a route without a function to the no-function rule', () => {
    expect(checkFunctionTimeout(aPreflightRoute({ functionName: null }), aRuleContext({ fn: undefined }))).toBeUndefined();
  });
});
