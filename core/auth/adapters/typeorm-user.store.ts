import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../../database/constraint-violation';
import type { RepositorySource } from '../../database/repository-source';
import { EmailTakenError } from '../auth.errors';
import type { User } from '../user';
import type { UserStore } from '../user.store';
import { UserEntity } from './user.entity';

/** Users in the relational database (SQLite or PostgreSQL). */
export class TypeormUserStore implements UserStore {
  private readonly users: Repository<UserEntity>;

  constructor(source: RepositorySource) {
    this.users = source.getRepository(UserEntity);
  }

  async findById(id: string): Promise<User | undefined> {
    return (await this.users.findOneBy({ id })) ?? undefined;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.users.findOneBy({ email })) ?? undefined;
  }

  async create(user: User): Promise<void> {
    try {
      await this.users.insert(user);
    } catch (error) {
      // The unique index decides races between two signups with the same email.
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
  }
}
