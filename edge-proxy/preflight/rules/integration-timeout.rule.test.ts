import { describe, expect, it } from 'vitest';
import { aPreflightRoute, aRuleContext } from '../preflight.builder';
import { checkIntegrationTimeout } from './integration-timeout.rule';

describe('checkIntegrationTimeout', () => {
  it('notes that work queued by the request runs outside it, past the 29 s integration timeout', () => {
    const queuing = aPreflightRoute({ id: 'transcoding.start', method: 'POST', traits: { requestBody: 'json', queuesWork: true } });

    const finding = checkIntegrationTimeout(queuing, aRuleContext());

    expect(finding).toMatchObject({ rule: 'integration-timeout', severity: 'info' });
    expect(finding?.problem).toContain('after 29 s');
    expect(finding?.handling).toContain('only queues the job');
  });

  it('finds nothing for a route that does its work in the request', () => {
    expect(checkIntegrationTimeout(aPreflightRoute(), aRuleContext())).toBeUndefined();
  });
});
