import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/auth/auth-test-kit';
import { UpstreamTimeoutError } from '../../core/errors/app-error';
import { toFlagSnapshot } from '../../core/flags/flag-snapshot';
import { flagOf } from '../../core/flags/flag-test-kit';
import { createLogger } from '../../core/logging/create-logger';
import { readDryRunRequest } from '../../core/rollout/dry-run-request';
import { aCapturedResponse } from '../../core/rollout/parity/captured-response.builder';
import type { CapturedResponse } from '../../core/rollout/parity/captured-response';
import type { ParityMismatch } from '../../core/rollout/parity/parity.store';
import type { ResponseSnapshot } from '../http/capture-response';
import { createRouteMatcher } from '../routing/match-route';
import { routeTable } from '../routing/route-table';
import { decideRoute, type Target } from '../routing/route-target';
import { ShadowQueue } from './shadow-queue';
import type { ShadowSender } from './shadow-target';
import { ShadowTraffic, type AnsweredRequest } from './shadow-traffic';

const clock = new FixedClock(new Date('2026-11-23T10:00:00.000Z'));
const matchRoute = createRouteMatcher(routeTable);

/** A JSON answer of one side. */
const json = (body: unknown, overrides: Partial<CapturedResponse> = {}): CapturedResponse => aCapturedResponse({ body: Buffer.from(JSON.stringify(body)), ...overrides });

const snapshotOf = ({ target: _target, ...response }: CapturedResponse): ResponseSnapshot => ({ ...response, bodyBytes: response.body.length });

/** A request `primary.target` answered, with the copy its route's flag asks for (shadow, or lambda with reverse shadow). */
function answered(method: string, url: string, primary: CapturedResponse, body = ''): AnsweredRequest {
  const matched = matchRoute(method, url.split('?', 1)[0]!)!;
  const flag = flagOf('capability', matched.route.capability!, primary.target === 'legacy' ? 'shadow' : 'lambda', 1, { reverseShadow: true });
  const { shadow } = decideRoute(toFlagSnapshot([flag]), matched.route, () => 'user:ada');
  return {
    matched,
    request: { method, url, rawHeaders: ['x-request-id', 'req-1'], body: Buffer.from(body), sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' },
    context: { requestId: 'req-1', now: clock.now(), domainName: 'localhost' },
    primary,
    shadow: shadow!,
  };
}

/** ShadowTraffic over fake senders (each side answers `answer`) and recording parity stores. */
function shadowTraffic(answer: (target: Target) => Promise<ResponseSnapshot>, queueOptions = { capacity: 10, concurrency: 2 }) {
  const sent: Array<{ target: Target; call: Parameters<ShadowSender>[0] }> = [];
  const comparisons: Array<[string, boolean, Date]> = [];
  const drops: Array<[string, Date]> = [];
  const mismatches: Array<Omit<ParityMismatch, 'id'>> = [];
  const sender = (target: Target): ShadowSender => (call) => {
    sent.push({ target, call });
    return answer(target);
  };
  const queue = new ShadowQueue(queueOptions, (error) => {
    throw error;
  });
  const shadows = new ShadowTraffic({
    queue,
    senders: { legacy: sender('legacy'), lambda: sender('lambda') },
    parity: { recordComparison: (routeId, matched, at) => void comparisons.push([routeId, matched, at!]), recordDrop: (routeId, at) => void drops.push([routeId, at!]) },
    mismatches: { recordMismatch: async (mismatch) => (mismatches.push(mismatch), { id: String(mismatches.length), ...mismatch }) },
    clock,
    logger: createLogger('test', 'silent'),
  });
  return { shadows, queue, sent, comparisons, drops, mismatches };
}

const me = { user: { id: 'u-1', email: 'ada@example.com', name: 'Ada' } };

describe('ShadowTraffic', () => {
  it('sends the copy to the other side and counts a matching answer, keeping no mismatch', async () => {
    const primary = json(me);
    const traffic = shadowTraffic(async () => snapshotOf(json(me, { target: 'lambda' })));
    const request = answered('GET', '/api/users/me', primary);

    traffic.shadows.mirror(request);
    await traffic.queue.idle();

    expect(traffic.sent).toEqual([{ target: 'lambda', call: { request: request.request, matched: request.matched, context: request.context, stageVariables: undefined } }]);
    expect(traffic.comparisons).toEqual([['auth.me', true, clock.now()]]);
    expect(traffic.mismatches).toEqual([]);
  });

  it('counts a differing answer and keeps it with both sides, its path without the query', async () => {
    const traffic = shadowTraffic(async () => snapshotOf(json({ user: { ...me.user, name: 'Ada L.' } })));

    traffic.shadows.mirror(answered('GET', '/api/users/me?fields=all', json(me)));
    await traffic.queue.idle();

    expect(traffic.comparisons).toEqual([['auth.me', false, clock.now()]]);
    expect(traffic.mismatches).toEqual([
      expect.objectContaining({
        routeId: 'auth.me',
        requestId: 'req-1',
        method: 'GET',
        path: '/api/users/me',
        observedAt: clock.now(),
        differences: [{ path: 'body.user.name', primary: 'Ada', shadow: 'Ada L.' }],
        primary: expect.objectContaining({ target: 'legacy', status: 200 }),
        shadow: expect.objectContaining({ target: 'lambda', status: 200, body: JSON.stringify({ user: { ...me.user, name: 'Ada L.' } }) }),
      }),
    ]);
  });

  it('sends a reverse shadow to the monolith', async () => {
    const traffic = shadowTraffic(async () => snapshotOf(json(me)));

    traffic.shadows.mirror(answered('GET', '/api/users/me', json(me, { target: 'lambda' })));
    await traffic.queue.idle();

    expect(traffic.sent.map(({ target }) => target)).toEqual(['legacy']);
    expect(traffic.comparisons).toEqual([['auth.me', true, clock.now()]]);
  });

  it('drops a copy the full queue cannot take, and counts the drop', async () => {
    const answers: Array<() => void> = [];
    const traffic = shadowTraffic(() => new Promise((resolve) => answers.push(() => resolve(snapshotOf(json(me))))), { capacity: 0, concurrency: 1 });

    traffic.shadows.mirror(answered('GET', '/api/users/me', json(me)));
    traffic.shadows.mirror(answered('GET', '/api/users/me', json(me)));
    answers.forEach((answer) => answer());
    await traffic.queue.idle();

    expect(traffic.sent).toHaveLength(1);
    expect(traffic.drops).toEqual([['auth.me', clock.now()]]);
    expect(traffic.comparisons).toEqual([['auth.me', true, clock.now()]]);
  });

  it.each([
    ['the user the primary created, read at the id pointer', 'POST', '/api/auth/signup', json({ user: { id: 'u-42' }, token: 't' }, { status: 201 }), { removes: { resource: 'user', id: 'u-42' } }],
    ['nothing when the primary refused the signup', 'POST', '/api/auth/signup', json({ error: { code: 'conflict', message: 'taken' } }, { status: 409 }), {}],
    ['nothing when the primary body was cut short', 'POST', '/api/auth/signup', json({ user: { id: 'u-42' } }, { status: 201, bodyTruncated: true }), {}],
    ['nothing when the primary body is no JSON', 'POST', '/api/auth/signup', aCapturedResponse({ status: 201, body: Buffer.from('created') }), {}],
    ['nothing when the id is not a string', 'POST', '/api/auth/signup', json({ user: { id: 42 } }, { status: 201 }), {}],
    ['nothing for a dry-run route that creates nothing', 'POST', '/api/auth/login', json({ token: 't' }), {}],
  ])('asks a dry run to remove %s', async (_case, method, url, primary, dryRun) => {
    const traffic = shadowTraffic(async () => snapshotOf(primary));

    traffic.shadows.mirror(answered(method, url, primary, '{"email":"ada@example.com"}'));
    await traffic.queue.idle();

    expect(readDryRunRequest(traffic.sent[0]!.call.stageVariables)).toEqual(dryRun);
    expect(traffic.sent[0]!.call.request.body.toString()).toBe('{"email":"ada@example.com"}');
  });

  it('takes a failed shadow as the legacy error its caller would have seen, and compares it', async () => {
    const timeout = new UpstreamTimeoutError('The service did not answer in time');
    const traffic = shadowTraffic(() => Promise.reject(timeout));

    traffic.shadows.mirror(answered('GET', '/api/users/me', json(me)));
    traffic.shadows.mirror(answered('GET', '/api/users/me', json({ error: { code: 'upstream_timeout', message: timeout.message } }, { status: 504 })));
    await traffic.queue.idle();

    expect(traffic.comparisons).toEqual([
      ['auth.me', false, clock.now()],
      ['auth.me', true, clock.now()],
    ]);
    expect(traffic.mismatches).toHaveLength(1);
    expect(traffic.mismatches[0]!.shadow).toMatchObject({ target: 'lambda', status: 504, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(JSON.parse(traffic.mismatches[0]!.shadow.body)).toEqual({ error: { code: 'upstream_timeout', message: timeout.message } });
  });
});
