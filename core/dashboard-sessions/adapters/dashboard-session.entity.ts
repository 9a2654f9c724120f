import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An open dashboard session, keyed by the SHA-256 of its cookie: the table alone signs no one in. */
@Entity({ name: 'dashboard_sessions' })
export class DashboardSessionEntity {
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;
}
