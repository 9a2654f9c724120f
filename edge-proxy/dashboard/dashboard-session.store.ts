import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock/clock';

/** A signed-in engineer: who the audit trail names, and the token their forms must echo. */
export interface DashboardSession {
  readonly id: string;
  readonly actor: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

interface SessionStoreOptions {
  clock: Clock;
  ttlSeconds: number;
  /** Beyond this many live sessions the oldest is let go, so a flood of logins cannot fill memory. */
  maxSessions: number;
}

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * Dashboard sessions, in this process's memory: the cookie carries only a random id, never a
 * credential. A restart (or another instance) signs everyone out, which is acceptable for a
 * handful of engineers and keeps the admin token out of every request.
 */
export class DashboardSessionStore {
  private readonly sessions = new Map<string, DashboardSession>();

  constructor(private readonly options: SessionStoreOptions) {}

  open(actor: string): DashboardSession {
    const session: DashboardSession = {
      id: newSecret(),
      actor,
      csrfToken: newSecret(),
      expiresAt: new Date(this.options.clock.now().getTime() + this.options.ttlSeconds * 1000),
    };
    this.sessions.set(session.id, session);
    // Maps iterate in insertion order: the first key is the oldest session.
    while (this.sessions.size > this.options.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    return session;
  }

  /** The live session with this id; an expired one is forgotten. */
  find(id: string | undefined): DashboardSession | undefined {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return undefined;
    if (session.expiresAt.getTime() > this.options.clock.now().getTime()) return session;
    this.sessions.delete(session.id);
    return undefined;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }
}
