import type { User } from './user';

/** Where accounts live. `create` rejects a taken email with EmailTakenError. */
export interface UserStore {
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  create(user: User): Promise<void>;
}
