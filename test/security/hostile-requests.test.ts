import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectLegacyError } from '../support/expect-legacy-error';
import { expectHealthy, startHostileSystem, type HostileSystem } from './hostile-system';

// Hostile request lines and bodies sent through the edge proxy to the real monolith: every one must
// get its exact legacy error (or, for input that is merely unusual, the ordinary answer).

const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const email = () => `hostile-${randomUUID()}@example.com`;
const signupBody = (overrides: object = {}) => ({ email: email(), password: 'correct horse', name: 'Hostile', ...overrides });
const sqlInjection = `' OR '1'='1' --`;

type Call = (system: HostileSystem) => request.Test;
const anonymous = (system: HostileSystem) => request(system.url);
const asCustomer = (system: HostileSystem, method: 'get' | 'post' | 'delete', path: string) =>
  request(system.url)[method](path).set('authorization', `Bearer ${system.customer.token}`);
const json = (path: string, raw: string | Buffer) => (system: HostileSystem) => anonymous(system).post(path).set('content-type', 'application/json').send(raw);

const refused: [string, number, string, Call][] = [
  ['malformed JSON', 400, 'validation_failed', json('/api/auth/login', '{"email": "a@example.com", "password": ')],
  ['JSON nested 10 000 levels deep', 400, 'validation_failed', json('/api/auth/signup', deeplyNested(10_000))],
  ['a JSON array where an object belongs', 400, 'validation_failed', json('/api/auth/signup', '[1,2,3]')],
  ['a bare JSON null', 400, 'validation_failed', json('/api/auth/login', 'null')],
  ['a number for the email', 400, 'validation_failed', json('/api/auth/signup', JSON.stringify(signupBody({ email: 12345 })))],
  ['an object for the password', 400, 'validation_failed', json('/api/auth/login', JSON.stringify({ email: email(), password: { $gt: '' } }))],
  ['a 90 KB password (under the body limit)', 400, 'validation_failed', json('/api/auth/signup', JSON.stringify(signupBody({ password: 'p'.repeat(90_000) })))],
  ['a body over the 100 KB JSON limit', 413, 'payload_too_large', json('/api/auth/signup', JSON.stringify(signupBody({ name: 'n'.repeat(200_000) })))],
  ['a body of invalid UTF-8', 400, 'validation_failed', json('/api/auth/login', Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]))],
  ['a JSON body declared as text/plain', 415, 'unsupported_media_type', (system) => anonymous(system).post('/api/auth/login').set('content-type', 'text/plain').send('{"email":"a@example.com"}')],
  ['a gzip-encoded body', 415, 'unsupported_media_type', (system) => anonymous(system).post('/api/auth/login').set('content-type', 'application/json').set('content-encoding', 'gzip').send(Buffer.from([0x1f, 0x8b, 8, 0]))],
  ['an SQL injection as the sign-in email', 401, 'invalid_credentials', json('/api/auth/login', JSON.stringify({ email: `admin@example.com${sqlInjection}`, password: 'whatever' }))],
  ['an SQL injection as the password', 401, 'invalid_credentials', json('/api/auth/login', JSON.stringify({ email: 'nobody@example.com', password: sqlInjection }))],
  ['an SQL injection as a video id', 404, 'not_found', (system) => asCustomer(system, 'get', `/api/videos/${encodeURIComponent(`1${sqlInjection}`)}`)],
  ['an SQL injection as the listing cursor', 400, 'validation_failed', (system) => asCustomer(system, 'get', `/api/videos?cursor=${encodeURIComponent(sqlInjection)}`)],
  ['a page size of 1e309', 400, 'validation_failed', (system) => asCustomer(system, 'get', '/api/videos?limit=1e309')],
  ['a page size given twice (an array)', 400, 'validation_failed', (system) => asCustomer(system, 'get', '/api/videos?limit=1&limit=2')],
  ['a NUL byte in a name', 400, 'validation_failed', json('/api/auth/signup', JSON.stringify(signupBody({ name: 'Eve\u0000admin' })))],
  ['terminal escape codes in a name', 400, 'validation_failed', json('/api/auth/signup', JSON.stringify(signupBody({ name: '\u001b[2J\u001b[31mroot' })))],
  ['path traversal as a video id', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/..%2F..%2F..%2Fetc%2Fpasswd')],
  ['double-encoded path traversal', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/%252e%252e%252fsource')],
  ['backslash path traversal', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/..%5C..%5Csource')],
  ['a NUL byte in a video id', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/abc%00def')],
  ['path traversal as a rendition preset', 404, 'not_found', (system) => asCustomer(system, 'get', `/api/videos/${randomUUID()}/renditions/..%2F..%2Fsource`)],
  ['invalid UTF-8 percent-encoded in a path', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/%ff%fe')],
  ['a broken percent-escape in a path', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/videos/%E0%A4%A')],
  ['invalid UTF-8 percent-encoded in the query', 400, 'validation_failed', (system) => asCustomer(system, 'get', '/api/videos?cursor=%ff%fe')],
  ['a broken percent-escape in a protected Lambda-bound path', 404, 'not_found', (system) => asCustomer(system, 'get', '/api/jobs/%')],
  ['a 4 000-character video id', 404, 'not_found', (system) => asCustomer(system, 'get', `/api/videos/${'9'.repeat(4000)}`)],
  ['a 1 000-entry event list', 400, 'validation_failed', (system) => asCustomer(system, 'post', '/api/notifications/subscriptions').send({ channel: 'email', target: 'a@example.com', events: Array(1000).fill('video.ready') })],
  ['a subscription id that is not one', 404, 'not_found', (system) => asCustomer(system, 'delete', `/api/notifications/subscriptions/${encodeURIComponent('1; DROP TABLE subscriptions')}`)],
  ['an unknown method on a known path', 404, 'not_found', (system) => anonymous(system).patch('/api/users/me').set('authorization', `Bearer ${system.customer.token}`).send({ role: 'admin' })],
];

describe('hostile requests through the edge proxy', () => {
  let system: HostileSystem;

  beforeAll(async () => {
    system = await startHostileSystem();
  });
  afterAll(() => system?.stop());
  afterEach(() => expectHealthy(system));

  it.each(refused)('refuses %s with %i %s', async (_name, status, code, call) => {
    expectLegacyError(await call(system), status, code);
  });

  it('ignores a __proto__ key that tries to make the new user an admin', async () => {
    const raw = `{"email":"${email()}","password":"correct horse","name":"Mallory","__proto__":{"role":"admin"},"role":"admin"}`;
    const response = await json('/api/auth/signup', raw)(system);
    expect(response.status).toBe(201);
    expect(response.body.user.role).toBe('user');
    expectLegacyError(await request(system.url).get('/_strangler/api/flags').set('authorization', `Bearer ${response.body.token}`), 403, 'forbidden');
  });

  it('stores an SQL-looking name as the text it is', async () => {
    const name = `Robert'); DROP TABLE users;--`;
    const response = await json('/api/auth/signup', JSON.stringify(signupBody({ name })))(system);
    expect(response.status).toBe(201);
    const me = await request(system.url).get('/api/users/me').set('authorization', `Bearer ${response.body.token}`).expect(200);
    expect(me.body.name).toBe(name);
  });

  it('keeps right-to-left and astral-plane names exactly as sent', async () => {
    const name = 'ليلى \u202Egnp.exe\u202C 🎬 𝒜da';
    const response = await json('/api/auth/signup', JSON.stringify(signupBody({ name })))(system);
    expect(response.status).toBe(201);
    const me = await request(system.url).get('/api/users/me').set('authorization', `Bearer ${response.body.token}`).expect(200);
    expect(me.body.name).toBe(name);
  });
});
