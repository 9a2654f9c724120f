import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpCustomer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { forgedTokens, tokenFor } from '../support/forged-tokens';
import { adminToken, expectHealthy, flipTo, startHostileSystem, type HostileSystem } from './hostile-system';

// JWT attacks and misplaced credentials, through the edge proxy, with auth served by the monolith
// and then by its Lambda (the edge's authorizer guards the other Lambda-bound routes).

describe('hostile tokens', () => {
  let system: HostileSystem;
  const attacks: Record<string, string> = {};

  beforeAll(async () => {
    system = await startHostileSystem({ lambdas: ['auth', 'authorizer'] });
    Object.assign(attacks, await forgedTokens(system.context.authConfig, system.customer.userId));
    attacks['of a user that never existed'] = await tokenFor(system.context.authConfig, '7d0f4a8e-0000-4000-8000-000000000001');
    const doomed = await signUpCustomer(system.url);
    await system.context.dataSource.createQueryBuilder().delete().from('users').where('id = :id', { id: doomed.userId }).execute();
    attacks['of a deleted user'] = doomed.token;
    attacks['6 KB long'] = `${system.customer.token}${'A'.repeat(6000)}`;
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  describe.each(['legacy', 'lambda'] as const)('with auth on %s', (state) => {
    beforeAll(() => flipTo(system, 'auth', state));

    it.each(Object.keys(forgedAndMore()))('answers 401 unauthorized to a token %s', async (attack) => {
      const response = await request(system.url).get('/api/users/me').set('authorization', `Bearer ${attacks[attack]}`);
      expectLegacyError(response, 401, 'unauthorized');
    });

    it.each([
      ['Basic credentials', (token: string) => `Basic ${Buffer.from(`user:${token}`).toString('base64')}`],
      ['an empty bearer token', () => 'Bearer '],
      ['the token twice', (token: string) => `Bearer ${token} ${token}`],
    ])('answers 401 unauthorized to %s', async (_name, header) => {
      const response = await request(system.url).get('/api/users/me').set('authorization', header(system.customer.token));
      expectLegacyError(response, 401, 'unauthorized');
    });

    it('ignores a token passed in the query string', async () => {
      expectLegacyError(await request(system.url).get(`/api/users/me?access_token=${system.customer.token}`), 401, 'unauthorized');
    });
  });

  describe('the engineers\u2019 admin API', () => {
    it('answers 403 forbidden to a customer token, reading or flipping', async () => {
      const customer = `Bearer ${system.customer.token}`;
      expectLegacyError(await request(system.url).get('/_strangler/api/flags').set('authorization', customer), 403, 'forbidden');
      expectLegacyError(await request(system.url).put('/_strangler/api/flags/auth').set('authorization', customer).send({ state: 'lambda', reason: 'let me in', force: true }), 403, 'forbidden');
    });

    it.each([
      ['no credentials', undefined],
      ['an admin token with one character changed', `Bearer ${adminToken.slice(0, -1)}x`],
      ['a forged alg-none token', 'alg none'],
      ['an HS256 token signed with the public key', 'HS256 signed with the public key'],
    ])('answers 401 unauthorized to %s', async (_name, credential) => {
      const call = request(system.url).get('/_strangler/api/flags');
      const header = credential && (credential.startsWith('Bearer') ? credential : `Bearer ${attacks[credential]}`);
      expectLegacyError(await (header ? call.set('authorization', header) : call), 401, 'unauthorized');
    });

    it('lets the engineers\u2019 token in (the 401s above are not a broken admin API)', async () => {
      const response = await request(system.url).get('/_strangler/api/flags').set('authorization', `Bearer ${adminToken}`);
      expect(response.status).toBe(200);
    });
  });
});

/** The attack names, known before the system starts (the tokens themselves are made in beforeAll). */
function forgedAndMore(): Record<string, true> {
  const names = ['signed by another key', 'expired', 'wrong issuer', 'wrong audience', 'alg none', 'HS256 signed with the public key', 'tampered payload', 'not a JWT'];
  return Object.fromEntries([...names, 'of a user that never existed', 'of a deleted user', '6 KB long'].map((name) => [name, true]));
}
