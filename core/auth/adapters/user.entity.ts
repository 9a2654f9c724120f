import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../user';

// Column types are explicit: runners built on esbuild emit no decorator metadata. `Date` maps to
// datetime on SQLite and timestamp on PostgreSQL, where the migration creates timestamptz.
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
