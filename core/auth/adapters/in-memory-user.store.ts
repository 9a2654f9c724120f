import { EmailTakenError } from '../auth.errors';
import type { User } from '../user';
import type { UserStore } from '../user.store';

/** A UserStore in a Map, for unit tests of the auth logic. */
export class InMemoryUserStore implements UserStore {
  readonly users = new Map<string, User>();

  async findById(id: string): Promise<User | undefined> {
    return this.users.get(id);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    return [...this.users.values()].find((user) => user.email === email);
  }

  async create(user: User): Promise<void> {
    if (await this.findByEmail(user.email)) throw new EmailTakenError();
    this.users.set(user.id, user);
  }
}
