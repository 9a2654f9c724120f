import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { parseInput } from '../validation/parse-input';
import { InvalidCredentialsError, InvalidTokenError } from './auth.errors';
import { loginSchema, signupSchema } from './auth.schemas';
import type { PasswordHasher } from './password-hasher';
import type { TokenIssuer } from './token-issuer';
import { toPublicUser, type PublicUser } from './user';
import type { UserStore } from './user.store';

/** What signup and login answer: `{user, token, expiresIn}`. */
export interface Session {
  user: PublicUser;
  token: string;
  expiresIn: number;
}

/** The auth use cases of the legacy API: signup, login, me. */
export class AuthService {
  constructor(
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly clock: Clock,
  ) {}

  async signup(body: unknown): Promise<Session> {
    const input = parseInput(signupSchema, body);
    const user = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: 'user' as const,
      passwordHash: await this.hasher.hash(input.password),
      createdAt: this.clock.now(),
    };
    await this.users.create(user);
    return { user: toPublicUser(user), ...(await this.tokens.issue(user.id)) };
  }

  async login(body: unknown): Promise<Session> {
    const input = parseInput(loginSchema, body);
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await this.hasher.verify(input.password, user.passwordHash)
      : await this.hasher.verifyAgainstNothing(input.password);
    if (!user || !valid) throw new InvalidCredentialsError();
    return { user: toPublicUser(user), ...(await this.tokens.issue(user.id)) };
  }

  /** The caller's own account; a token of a since-deleted user is no longer valid. */
  async me(userId: string): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new InvalidTokenError();
    return toPublicUser(user);
  }
}
