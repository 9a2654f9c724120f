import { createHash, randomBytes } from 'node:crypto';
import { LessThanOrEqual, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../../clock/clock';
import type { DashboardSession, DashboardSessionStore } from '../dashboard-session';
import { DashboardSessionEntity } from './dashboard-session.entity';

export interface TypeormDashboardSessionStoreOptions {
  readonly clock: Clock;
  readonly ttlSeconds: number;
  /** Beyond this many live sessions the oldest are let go, so a flood of logins cannot fill the table. */
  readonly maxSessions: number;
}

const newSecret = () => randomBytes(32).toString('base64url');
const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** Dashboard sessions in the relational database every proxy instance shares; the cookie carries only a random id. */
export class TypeormDashboardSessionStore implements DashboardSessionStore {
  private readonly sessions: Repository<DashboardSessionEntity>;

  constructor(
    dataSource: DataSource,
    private readonly options: TypeormDashboardSessionStoreOptions,
  ) {
    this.sessions = dataSource.getRepository(DashboardSessionEntity);
  }

  async open(actor: string): Promise<DashboardSession> {
    const now = this.options.clock.now();
    const session: DashboardSession = { id: newSecret(), actor, csrfToken: newSecret(), expiresAt: new Date(now.getTime() + this.options.ttlSeconds * 1000) };
    await this.sessions.insert({ idHash: hashOf(session.id), actor, csrfToken: session.csrfToken, createdAt: now, expiresAt: session.expiresAt });
    // Logins are rare: each one clears the expired sessions and any beyond the cap, oldest first.
    await this.sessions.delete({ expiresAt: LessThanOrEqual(now) });
    const beyondCap = await this.sessions.find({ select: { idHash: true }, order: { createdAt: 'DESC', idHash: 'ASC' }, skip: this.options.maxSessions });
    if (beyondCap.length > 0) await this.sessions.delete(beyondCap.map(({ idHash }) => idHash));
    return session;
  }

  async find(id: string | undefined): Promise<DashboardSession | undefined> {
    if (!id) return undefined;
    const row = await this.sessions.findOneBy({ idHash: hashOf(id) });
    if (!row) return undefined;
    if (row.expiresAt.getTime() > this.options.clock.now().getTime()) return { id, actor: row.actor, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
    await this.sessions.delete({ idHash: row.idHash });
    return undefined;
  }

  async close(id: string): Promise<void> {
    await this.sessions.delete({ idHash: hashOf(id) });
  }
}
