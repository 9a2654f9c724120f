import { describe, expect, it } from 'vitest';
import { InvalidTokenError, MissingTokenError } from './auth.errors';
import { createInMemoryAuth } from './auth-test-kit';

describe('Authenticator', () => {
  it('returns the principal of a valid bearer token, with the role read from the account', async () => {
    const { service, authenticator, users } = createInMemoryAuth();
    const { user, token } = await service.signup({ email: 'a@b.co', password: 'correct horse', name: 'A' });
    users.users.set(user.id, { ...users.users.get(user.id)!, role: 'admin' });
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual({ userId: user.id, role: 'admin' });
  });

  it('says a token is missing when there is no header', async () => {
    const { authenticator } = createInMemoryAuth();
    await expect(authenticator.authenticate(undefined)).rejects.toThrow(MissingTokenError);
    await expect(authenticator.authenticate('  ')).rejects.toThrow(MissingTokenError);
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not-a-jwt', 'Token a.b.c'])('refuses the header %j', async (header) => {
    const { authenticator } = createInMemoryAuth();
    await expect(authenticator.authenticate(header)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token once it has expired', async () => {
    const { service, authenticator, clock } = createInMemoryAuth();
    const { token } = await service.signup({ email: 'a@b.co', password: 'correct horse', name: 'A' });
    clock.advanceSeconds(3599);
    await authenticator.authenticate(`Bearer ${token}`);
    clock.advanceSeconds(2);
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses the token of a user that no longer exists', async () => {
    const { service, authenticator, users } = createInMemoryAuth();
    const { user, token } = await service.signup({ email: 'a@b.co', password: 'correct horse', name: 'A' });
    users.users.delete(user.id);
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toThrow(InvalidTokenError);
  });
});
