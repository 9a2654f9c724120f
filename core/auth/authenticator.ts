import { InvalidTokenError, MissingTokenError } from './auth.errors';
import type { TokenVerifier } from './token-verifier';
import type { Principal } from './user';
import type { UserStore } from './user.store';

const bearer = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+) *$/i;

/** Turns an Authorization header into the calling principal, or throws an UnauthorizedError. */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly users: UserStore,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization?.trim()) throw new MissingTokenError();
    const token = bearer.exec(authorization)?.[1];
    if (!token) throw new InvalidTokenError();
    const userId = await this.verifier.verify(token);
    // The role is read from the account, not the token, so a role change applies at once.
    const user = await this.users.findById(userId);
    if (!user) throw new InvalidTokenError();
    return { userId: user.id, role: user.role };
  }
}
