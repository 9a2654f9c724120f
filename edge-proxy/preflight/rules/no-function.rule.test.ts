import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext } from '../preflight.builder';
import { checkFunctionExists } from './no-function.rule';

describe('checkFunctionExists', () => {
  it('blocks a route without a function and says the monolith keeps serving it', () => {
    const finding = checkFunctionExists(aPreflightRoute({ id: 'videos.list', functionName: null }), aRuleContext({ fn: undefined }));

    expect(finding).toMatchObject({ rule: 'no-function', severity: 'blocker' });
    expect(finding?.problem).toContain('No Lambda serves videos.list');
    expect(finding?.handling).toContain('The monolith keeps serving it');
  });

  it('blocks a route whose function the registry does not declare', () => {
    const finding = checkFunctionExists(aPreflightRoute({ functionName: 'ghost' }), aRuleContext({ fn: undefined }));

    expect(finding).toMatchObject({ rule: 'no-function', severity: 'blocker' });
    expect(finding?.problem).toContain("function 'ghost'");
  });

  it('finds nothing for a route whose function is registered', () => {
    expect(checkFunctionExists(aPreflightRoute(), aRuleContext())).toBeUndefined();
  });
});
