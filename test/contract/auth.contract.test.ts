import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractRequest } from '../support/contract-request';
import { expectLegacyError } from '../support/expect-legacy-error';
import { forgedTokens, tokenFor } from '../support/forged-tokens';
import { contractCases, type ServedApi, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;


describe.each(contractCases)('auth contract — $mode.name on $engine', ({ mode, engine }) => {
  let context: ServingContext;
  let api: ServedApi;
  const http = () => contractRequest(api.http);
  const email = () => `user-${randomUUID()}@example.com`;
  const signup = (body: object) => http().post('/api/auth/signup').send(body);

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    api = await mode.start(context);
  });

  afterAll(async () => {
    await api?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
  });

  describe('GET /health', () => {
    it('answers ok without a token', async () => {
      const response = await http().get('/health').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    });
  });

  describe('request ids', () => {
    it('echoes the caller\u2019s X-Request-Id', async () => {
      const response = await http().get('/api/users/me').set('x-request-id', 'req-abc.123');
      expect(response.headers['x-request-id']).toBe('req-abc.123');
    });

    it('replaces an unusable X-Request-Id with a fresh one', async () => {
      const response = await http().post('/api/auth/login').set('x-request-id', 'bad id <script>').send({});
      expect(response.headers['x-request-id']).toMatch(uuid);
    });
  });

  describe('POST /api/auth/signup', () => {
    it('creates an account and returns the user, a token and its lifetime', async () => {
      const address = email();
      const response = await signup({ email: address.toUpperCase(), password: 'correct horse', name: '  Ada  ' }).expect(201);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Object.keys(response.body).sort()).toEqual(['expiresIn', 'token', 'user']);
      expect(response.body.user).toEqual({ id: expect.stringMatching(uuid), email: address, name: 'Ada', role: 'user', createdAt: expect.stringMatching(isoTime) });
      expect(response.body.token.split('.')).toHaveLength(3);
      expect(response.body.expiresIn).toBe(3600);
    });

    it('refuses a taken email, whatever its case, with 409 conflict', async () => {
      const address = email();
      await signup({ email: address, password: 'correct horse', name: 'Ada' }).expect(201);
      expectLegacyError(await signup({ email: address.toUpperCase(), password: 'another one', name: 'Eve' }), 409, 'conflict');
    });

    it('names every missing field', async () => {
      const response = await signup({});
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['email', 'name', 'password']);
    });

    it.each([
      ['a short password', { password: 'short' }, 'password'],
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['a number for the email', { email: 12345 }, 'email'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a huge name', { name: 'x'.repeat(10_000) }, 'name'],
    ])('refuses %s with 400 and its path', async (_label, override, path) => {
      const response = await signup({ email: email(), password: 'correct horse', name: 'Ada', ...override });
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([{ path, message: expect.any(String) }]);
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await http().post('/api/auth/signup').set('content-type', 'application/json').send('{"email": "a@b.c",');
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([{ path: '', message: expect.any(String) }]);
    });

    it('refuses a JSON body that is not an object with 400', async () => {
      expectLegacyError(await http().post('/api/auth/signup').set('content-type', 'application/json').send('[1,2,3]'), 400, 'validation_failed');
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await http().post('/api/auth/signup').set('content-type', 'text/plain').send('email=a@b.c');
      expectLegacyError(response, 415, 'unsupported_media_type');
    });

    it('refuses a body over the limit with 413', async () => {
      const response = await signup({ email: email(), password: 'correct horse', name: 'x'.repeat(200 * 1024) });
      expectLegacyError(response, 413, 'payload_too_large');
    });
  });

  describe('POST /api/auth/login', () => {
    const password = 'correct horse battery';
    let address: string;

    beforeAll(async () => {
      address = email();
      await signup({ email: address, password, name: 'Grace' }).expect(201);
    });

    it('returns the user and a fresh token for the right password', async () => {
      const response = await http().post('/api/auth/login').send({ email: address, password }).expect(200);
      expect(response.body.user).toMatchObject({ email: address, name: 'Grace', role: 'user' });
      expect(response.body.expiresIn).toBe(3600);
      await http().get('/api/users/me').set('authorization', `Bearer ${response.body.token}`).expect(200);
    });

    it('refuses a wrong password with 401 invalid_credentials', async () => {
      expectLegacyError(await http().post('/api/auth/login').send({ email: address, password: 'wrong password' }), 401, 'invalid_credentials');
    });

    it('refuses an unknown email with the same 401 invalid_credentials', async () => {
      expectLegacyError(await http().post('/api/auth/login').send({ email: email(), password }), 401, 'invalid_credentials');
    });

    it('refuses missing fields with 400', async () => {
      const response = await http().post('/api/auth/login').send({ email: address });
      expectLegacyError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['password']);
    });
  });

  describe('GET /api/users/me', () => {
    let token: string;
    let userId: string;

    beforeAll(async () => {
      const response = await signup({ email: email(), password: 'correct horse', name: 'Linus' }).expect(201);
      token = response.body.token;
      userId = response.body.user.id;
    });

    it('returns the caller', async () => {
      const response = await http().get('/api/users/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(response.body).toEqual({ id: userId, email: expect.any(String), name: 'Linus', role: 'user', createdAt: expect.stringMatching(isoTime) });
    });

    it('accepts the scheme in any case', async () => {
      await http().get('/api/users/me').set('authorization', `bearer ${token}`).expect(200);
    });

    it('refuses a request without a token with 401', async () => {
      expectLegacyError(await http().get('/api/users/me'), 401, 'unauthorized');
    });

    it('refuses a token sent without the Bearer scheme with 401', async () => {
      expectLegacyError(await http().get('/api/users/me').set('authorization', token), 401, 'unauthorized');
    });

    it('refuses forged, expired and mis-addressed tokens with 401', async () => {
      for (const [label, forged] of Object.entries(await forgedTokens(context.authConfig, userId))) {
        const response = await http().get('/api/users/me').set('authorization', `Bearer ${forged}`);
        expect(response.status, label).toBe(401);
        expectLegacyError(response, 401, 'unauthorized');
      }
    });

    it('refuses a valid token of a user that does not exist with 401', async () => {
      const ghost = await tokenFor(context.authConfig, randomUUID());
      expectLegacyError(await http().get('/api/users/me').set('authorization', `Bearer ${ghost}`), 401, 'unauthorized');
    });
  });

  describe('unknown routes', () => {
    it('answer 404 not_found in the legacy format', async () => {
      expectLegacyError(await http().get('/api/nothing-here'), 404, 'not_found');
    });
  });
});
