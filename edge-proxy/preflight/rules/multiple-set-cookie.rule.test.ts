import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext } from '../preflight.builder';
import { checkMultipleSetCookie } from './multiple-set-cookie.rule';

describe('checkMultipleSetCookie', () => {
  it('warns a route that sets cookies that HTTP API results need the cookies array', () => {
    const finding = checkMultipleSetCookie(aPreflightRoute({ traits: { setsCookies: true } }), aRuleContext());

    expect(finding).toMatchObject({ rule: 'multiple-set-cookie', severity: 'warning' });
    expect(finding?.problem).toContain('`cookies` array');
    expect(finding?.handling).toContain('its own Set-Cookie header');
  });

  it('finds nothing for a route that sets no cookie', () => {
    expect(checkMultipleSetCookie(aPreflightRoute(), aRuleContext())).toBeUndefined();
  });
});
