/** A signed-in engineer: who the audit trail names, and the token their forms must echo. */
export interface DashboardSession {
  /** The cookie's value: a random secret, never a credential. */
  readonly id: string;
  readonly actor: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * The engineers' dashboard sessions, shared by every proxy instance (in AWS, by every container
 * of the edge Lambda): a session opened on one is found on all, and survives a restart.
 */
export interface DashboardSessionStore {
  /** Opens a session for `actor`; the oldest live ones beyond the store's cap are let go. */
  open(actor: string): Promise<DashboardSession>;
  /** The live session with this id; undefined for an unknown, closed or expired one. */
  find(id: string | undefined): Promise<DashboardSession | undefined>;
  /** Signs the session out everywhere. */
  close(id: string): Promise<void>;
}
