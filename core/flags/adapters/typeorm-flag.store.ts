import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/constraint-violation';
import { isFlagState, type Flag, type FlagChange, type FlagScope, type FlagState } from '../flag';
import { ConcurrentFlagChangeError } from '../flag.errors';
import type { FlagChangeRequest, FlagStore } from '../flag.store';
import { FlagChangeEntity } from './flag-change.entity';
import { RouteFlagEntity } from './route-flag.entity';
import { inTransaction } from '../../database/transaction';

// Fail closed: a state written by a newer version of the code reads as legacy here.
const toState = (stored: string): FlagState => (isFlagState(stored) ? stored : 'legacy');

const toFlag = (row: RouteFlagEntity): Flag => ({
  scope: row.scope as FlagScope,
  name: row.name,
  state: toState(row.state),
  version: row.version,
  updatedAt: row.updatedAt,
  updatedBy: row.updatedBy,
});

const toChange = (row: FlagChangeEntity): FlagChange => ({
  id: row.id,
  scope: row.scope as FlagScope,
  name: row.name,
  fromState: toState(row.fromState),
  toState: toState(row.toState),
  reason: row.reason,
  actor: row.actor,
  changedAt: row.changedAt,
});

/** Flags and their audit trail in the relational database (SQLite or PostgreSQL). */
export class TypeormFlagStore implements FlagStore {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<Flag[]> {
    return (await this.dataSource.getRepository(RouteFlagEntity).find()).map(toFlag);
  }

  async change(request: FlagChangeRequest): Promise<FlagChange> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        // The audit row is written first: its id becomes the flag's version, and on SQLite a
        // write as the first statement takes the lock at once instead of failing to upgrade.
        const change = await manager.getRepository(FlagChangeEntity).save({
          scope: request.scope,
          name: request.name,
          fromState: request.fromState,
          toState: request.toState,
          reason: request.reason,
          actor: request.actor,
          changedAt: request.at,
        });
        const values = { state: request.toState, version: change.id, updatedAt: request.at, updatedBy: request.actor };
        const flags = manager.getRepository(RouteFlagEntity);
        if (request.expectedVersion === 0) {
          await flags.insert({ scope: request.scope, name: request.name, ...values });
        } else {
          const where = { scope: request.scope, name: request.name, version: request.expectedVersion };
          const result = await flags.update(where, values);
          if (result.affected !== 1) throw new ConcurrentFlagChangeError(request.name);
        }
        return toChange(change);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrentFlagChangeError(request.name);
      throw error;
    }
  }

  async history(limit: number): Promise<FlagChange[]> {
    const rows = await this.dataSource.getRepository(FlagChangeEntity).find({ order: { id: 'DESC' }, take: limit });
    return rows.map(toChange);
  }
}
