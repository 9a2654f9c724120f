import { describe, expect, it } from 'vitest';
import { jsonPair } from './captured-response.builder';
import { compareResponses } from './compare-responses';
import { defaultParityRules, parityRulesByRoute, parityRulesFor } from './parity-rules';

const differingPaths = (routeId: string, primaryBody: unknown, shadowBody: unknown) =>
  compareResponses(...jsonPair(primaryBody, shadowBody), parityRulesFor(routeId)).differences.map((difference) => difference.path);

const user = (id: string, createdAt: string, name = 'Ada') => ({ id, email: 'ada@example.test', name, role: 'user', createdAt });

describe('parity rules by route', () => {
  it('lets a signup differ in what it generates (token, user id, creation time) and nothing else', () => {
    const primary = { user: user('u1', '2026-11-23T10:00:00.000Z'), token: 'jwt-1', expiresIn: 3600 };
    expect(differingPaths('auth.signup', primary, { user: user('u2', '2026-11-23T10:00:00.004Z'), token: 'jwt-2', expiresIn: 3600 })).toEqual([]);
    expect(differingPaths('auth.signup', primary, { user: user('u2', '2026-11-23T10:00:00.004Z', 'Bob'), token: 'jwt-2', expiresIn: 7200 })).toEqual(['body.user.name', 'body.expiresIn']);
  });

  it('lets a login differ in its token only: the user is an existing row', () => {
    const primary = { user: user('u1', '2026-01-01T00:00:00.000Z'), token: 'jwt-1', expiresIn: 3600 };
    expect(differingPaths('auth.login', primary, { ...primary, token: 'jwt-2' })).toEqual([]);
    expect(differingPaths('auth.login', primary, { ...primary, user: user('u9', '2026-01-01T00:00:00.000Z'), token: 'jwt-2' })).toEqual(['body.user.id']);
  });

  it('lets a new subscription differ in its id, secret and creation time, not in what was subscribed', () => {
    const subscription = (id: string, secret: string, target = 'https://hooks.example.test/a') => ({ id, channel: 'webhook', target, events: ['video.ready'], createdAt: `2026-11-23T10:00:00.00${id.length}Z`, secret });
    expect(differingPaths('notifications.subscribe', subscription('s1', 'k1'), subscription('s22', 'k2'))).toEqual([]);
    expect(differingPaths('notifications.subscribe', subscription('s1', 'k1'), subscription('s2', 'k2', 'https://hooks.example.test/b'))).toEqual(['body.target']);
  });

  it('compares ids and times of rows both sides read from the shared database', () => {
    const job = (id: string) => ({ id, videoId: 'v1', status: 'processing', presets: ['720p'], progress: 40, createdAt: '2026-11-23T10:00:00.000Z', startedAt: null, completedAt: null, error: null });
    expect(differingPaths('transcoding.job', job('j1'), job('j2'))).toEqual(['body.id']);
    const list = (id: string) => ({ subscriptions: [{ id, channel: 'email', target: 'a@example.test', events: ['video.ready'], createdAt: '2026-11-23T10:00:00.000Z' }] });
    expect(differingPaths('notifications.subscriptions', list('s1'), list('s2'))).toEqual(['body.subscriptions.0.id']);
    expect(differingPaths('metadata.get', { videoId: 'v1', extractedAt: '2026-11-23T10:00:00.000Z' }, { videoId: 'v1', extractedAt: '2026-11-23T10:00:01.000Z' })).toEqual(['body.extractedAt']);
  });

  it('has rules for every route it was asked about', () => {
    expect(Object.keys(parityRulesByRoute).sort()).toEqual(
      ['auth.login', 'auth.me', 'auth.signup', 'metadata.get', 'notifications.deliveries', 'notifications.subscribe', 'notifications.subscriptions', 'transcoding.job', 'transcoding.presets'].sort(),
    );
  });

  it('ignores request ids in every rule set, and only those for a route it does not know', () => {
    for (const rules of Object.values(parityRulesByRoute)) expect(rules.ignore).toEqual(expect.arrayContaining([...defaultParityRules.ignore]));
    expect(parityRulesFor('videos.get')).toBe(defaultParityRules);
    expect(differingPaths('videos.get', { id: 'v1', requestId: 'a' }, { id: 'v2', requestId: 'b' })).toEqual(['body.id']);
  });
});
