import { describe, expect, it } from 'vitest';
import { InvalidTokenError, MissingTokenError } from '../../core/auth/auth.errors';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { toApiGatewayV2Event } from '../lambda-events';
import { anEventContext, anIncomingHttpRequest, aRouteMatch, rawHeadersOf } from '../lambda-events/incoming-http-request.builder';
import { LambdaAuthorizer } from './lambda-authorizer';
import type { FunctionInvoker } from './lambda-invoker';

/** A fake authorizer function: allows one token, records every event it receives. */
class FakeAuthorizerFunction implements FunctionInvoker {
  readonly events: Array<{ functionName: string; event: Record<string, unknown> }> = [];

  async invoke(functionName: string, event: unknown): Promise<unknown> {
    this.events.push({ functionName, event: event as Record<string, unknown> });
    const allowed = (event as { identitySource: string[] }).identitySource[0] === 'Bearer good';
    return allowed ? { isAuthorized: true, context: { userId: 'u-1', role: 'user' } } : { isAuthorized: false };
  }
}

const eventWith = (authorization?: string) =>
  toApiGatewayV2Event(anIncomingHttpRequest({ rawHeaders: authorization ? rawHeadersOf(['Authorization', authorization]) : [] }), aRouteMatch('GET /api/users/me'), anEventContext());

function setUp(cacheTtlMs = 60_000) {
  const fn = new FakeAuthorizerFunction();
  const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
  return { fn, clock, authorizer: new LambdaAuthorizer({ invoker: fn, functionName: 'authorizer', cacheTtlMs, clock }) };
}

describe('LambdaAuthorizer', () => {
  it('sends the authorizer a REQUEST event and hands on its context', async () => {
    const { fn, authorizer } = setUp();
    expect(await authorizer.authorize(eventWith('Bearer good'), 'auth.me')).toEqual({ userId: 'u-1', role: 'user' });
    expect(fn.events[0]).toMatchObject({ functionName: 'authorizer', event: { version: '2.0', type: 'REQUEST', identitySource: ['Bearer good'], routeKey: 'GET /api/users/me' } });
  });

  it('refuses a request without Authorization without invoking anything', async () => {
    const { fn, authorizer } = setUp();
    await expect(authorizer.authorize(eventWith(), 'auth.me')).rejects.toThrow(MissingTokenError);
    expect(fn.events).toHaveLength(0);
  });

  it('refuses what the authorizer refuses', async () => {
    const { authorizer } = setUp();
    await expect(authorizer.authorize(eventWith('Bearer bad'), 'auth.me')).rejects.toThrow(InvalidTokenError);
  });

  it('reuses a decision for the same header until it expires, allow and deny alike', async () => {
    const { fn, clock, authorizer } = setUp(60_000);
    await authorizer.authorize(eventWith('Bearer good'), 'auth.me');
    await authorizer.authorize(eventWith('Bearer good'), 'auth.me');
    await expect(authorizer.authorize(eventWith('Bearer bad'), 'auth.me')).rejects.toThrow(InvalidTokenError);
    await expect(authorizer.authorize(eventWith('Bearer bad'), 'auth.me')).rejects.toThrow(InvalidTokenError);
    expect(fn.events).toHaveLength(2);
    clock.advanceSeconds(61);
    await authorizer.authorize(eventWith('Bearer good'), 'auth.me');
    expect(fn.events).toHaveLength(3);
  });

  it('asks every time when caching is off', async () => {
    const { fn, authorizer } = setUp(0);
    await authorizer.authorize(eventWith('Bearer good'), 'auth.me');
    await authorizer.authorize(eventWith('Bearer good'), 'auth.me');
    expect(fn.events).toHaveLength(2);
  });
});
