import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { EmailTakenError, InvalidCredentialsError, InvalidTokenError } from './auth.errors';
import { createInMemoryAuth } from './auth-test-kit';

const ada = { email: 'Ada@Example.com', password: 'correct horse', name: 'Ada Lovelace' };

describe('AuthService', () => {
  it('signs a user up with a normalised email, a hashed password and a token', async () => {
    const { service, users, verifier } = createInMemoryAuth();
    const session = await service.signup(ada);
    expect(session.user).toEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada Lovelace', role: 'user', createdAt: '2026-11-23T10:00:00.000Z' });
    expect(session.expiresIn).toBe(3600);
    expect(await verifier.verify(session.token)).toBe(session.user.id);
    expect(users.users.get(session.user.id)?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('refuses a second account for the same email', async () => {
    const { service } = createInMemoryAuth();
    await service.signup(ada);
    await expect(service.signup({ ...ada, email: 'ADA@example.com' })).rejects.toThrow(EmailTakenError);
  });

  it('reports every invalid field at once', async () => {
    const { service } = createInMemoryAuth();
    const error = await service.signup({ email: 'nope', password: 'short' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((detail) => detail.path).sort()).toEqual(['email', 'name', 'password']);
  });

  it('refuses a name with control characters (a NUL byte PostgreSQL would reject, escape codes)', async () => {
    const { service } = createInMemoryAuth();
    const error = await service.signup({ ...ada, name: 'Ada\u0000\u001b[2J' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([{ path: 'name', message: 'must not contain control characters (NUL, line breaks, escape codes)' }]);
  });

  it('logs a user in with the right password only', async () => {
    const { service } = createInMemoryAuth();
    await service.signup(ada);
    expect((await service.login({ email: 'ada@example.COM', password: 'correct horse' })).user.name).toBe('Ada Lovelace');
    await expect(service.login({ email: ada.email, password: 'wrong horse' })).rejects.toThrow(InvalidCredentialsError);
    await expect(service.login({ email: 'nobody@example.com', password: 'correct horse' })).rejects.toThrow(InvalidCredentialsError);
  });

  it('answers me for an existing user and refuses a deleted one', async () => {
    const { service, users } = createInMemoryAuth();
    const { user } = await service.signup(ada);
    expect((await service.me(user.id)).email).toBe('ada@example.com');
    users.users.delete(user.id);
    await expect(service.me(user.id)).rejects.toThrow(InvalidTokenError);
  });
});
