export type Role = 'user' | 'admin';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** The User object of the legacy API (no password hash, ISO time). */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** Who is calling, once a token has been verified. */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
}

/** Projects a stored user onto the legacy API's User shape. */
export function toPublicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}
