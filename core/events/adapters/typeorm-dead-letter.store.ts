import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { isUuid } from '../../validation/uuid';
import type { DeadLetter, DeadLetterStore } from '../dead-letter';
import { DeadLetterEntity } from './dead-letter.entity';

/** Dead letters in the relational database, shared by the runtime that records them and the admin API that shows them. */
export class TypeormDeadLetterStore implements DeadLetterStore {
  private readonly letters: Repository<DeadLetterEntity>;

  constructor(dataSource: DataSource) {
    this.letters = dataSource.getRepository(DeadLetterEntity);
  }

  async record(letter: Omit<DeadLetter, 'id' | 'replayedAt'>): Promise<DeadLetter> {
    const row: DeadLetterEntity = {
      ...letter,
      id: randomUUID(),
      errorType: letter.errorType.slice(0, 200),
      errorMessage: letter.errorMessage.slice(0, 2000),
      replayedAt: null,
    };
    await this.letters.insert(row);
    return row;
  }

  list(limit: number): Promise<DeadLetter[]> {
    return this.letters.find({ order: { failedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  async find(id: string): Promise<DeadLetter | undefined> {
    // Ids are uuid columns on PostgreSQL: anything else cannot name a letter.
    return isUuid(id) ? ((await this.letters.findOneBy({ id })) ?? undefined) : undefined;
  }

  async markReplayed(id: string, at: Date): Promise<void> {
    await this.letters.update({ id }, { replayedAt: at });
  }
}
