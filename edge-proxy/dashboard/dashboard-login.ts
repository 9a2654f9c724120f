import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { InvalidCredentialsError } from '../../core/auth/auth.errors';
import { loginSchema } from '../../core/auth/auth.schemas';
import type { Authenticator } from '../../core/auth/authenticator';
import type { PasswordHasher } from '../../core/auth/password-hasher';
import type { UserStore } from '../../core/auth/user.store';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../core/errors/app-error';
import { parseInput } from '../../core/validation/parse-input';

export interface DashboardLoginDeps {
  /** The engineers' token (STRANGLER_ADMIN_TOKEN); undefined disables it. */
  adminToken?: string;
  /** An admin user's JWT is accepted in the token field, as the admin API accepts it. */
  authenticator: Authenticator;
  users: Pick<UserStore, 'findByEmail'>;
  /** Checks a password only: the proxy holds no signing key and issues no token. */
  hasher: Pick<PasswordHasher, 'verify' | 'verifyAgainstNothing'>;
}

// Empty form fields arrive as '': they mean "not given".
const optionalField = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).optional().transform((value) => value || undefined);

const loginForm = z.object({
  token: optionalField(4096),
  // Same shape as the admin API's X-Strangler-Actor: the name the audit trail shows.
  name: optionalField(100).refine((value) => value === undefined || /^[\w.@+-][\w .@+-]*$/.test(value), 'letters, digits, spaces and . @ + - only'),
  email: optionalField(254),
  password: z.string().max(1024).optional().transform((value) => value || undefined),
});

const digest = (value: string) => createHash('sha256').update(value).digest();
// Digests have equal length, so the comparison takes the same time whatever was sent.
const isAdminToken = (presented: string, adminToken: string | undefined) => Boolean(adminToken) && timingSafeEqual(digest(presented), digest(adminToken!));

const notAnEngineer = () => new ForbiddenError('This account is not an admin: the dashboard is for engineers');

/**
 * Turns the login form into the actor the audit trail will name: the admin token (with the name
 * the engineer gives), an admin user's token, or an admin user's email and password.
 */
export function dashboardLogin({ adminToken, authenticator, users, hasher }: DashboardLoginDeps) {
  return async (form: unknown): Promise<string> => {
    const { token, name, email, password } = parseInput(loginForm, form);
    if (token) {
      if (isAdminToken(token, adminToken)) return `${name ?? 'dashboard'} (admin token)`;
      const principal = await authenticator.authenticate(`Bearer ${token}`).catch(() => {
        throw new UnauthorizedError('The token is neither the admin token nor a valid token of an admin user');
      });
      if (principal.role !== 'admin') throw notAnEngineer();
      return `user:${principal.userId}`;
    }
    if (!email && !password) throw new ValidationError([{ path: 'token', message: 'give the admin token, or an admin user\u2019s email and password' }]);
    const credentials = parseInput(loginSchema, { email: email ?? '', password: password ?? '' });
    const user = await users.findByEmail(credentials.email);
    const valid = user ? await hasher.verify(credentials.password, user.passwordHash) : await hasher.verifyAgainstNothing(credentials.password);
    if (!user || !valid) throw new InvalidCredentialsError();
    if (user.role !== 'admin') throw notAnEngineer();
    return `user:${user.id}`;
  };
}
