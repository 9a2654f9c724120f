import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/constraint-violation';
import { inTransaction } from '../../database/transaction';
import { followsCapability, isFlagState, type Flag, type FlagChange, type FlagEvidence, type FlagScope, type FlagState } from '../flag';
import { flagChangeChannel } from '../flag-change-channel';
import { ConcurrentFlagChangeError } from '../flag.errors';
import type { FlagChangeRequest, FlagHistoryFilter, FlagRemovalRequest, FlagStore } from '../flag.store';
import { parseRampPlan } from '../ramp-plan';
import { FlagChangeEntity } from './flag-change.entity';
import { RouteFlagEntity } from './route-flag.entity';

// Fail closed: a state written by a newer version of the code reads as legacy here.
const toState = (stored: string): FlagState => (isFlagState(stored) ? stored : 'legacy');

function toFlag(row: RouteFlagEntity): Flag {
  const state = toState(row.state);
  return {
    scope: row.scope as FlagScope,
    name: row.name,
    state,
    canaryPercent: state === 'canary' ? row.canaryPercent : 0,
    reverseShadow: state === 'lambda' && row.reverseShadow,
    ramp: state === 'canary' ? parseRampPlan(row.ramp) : null,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

const parseEvidence = (stored: string | null): FlagEvidence | null => (stored ? (JSON.parse(stored) as FlagEvidence) : null);

const toChange = (row: FlagChangeEntity): FlagChange => ({
  id: row.id,
  scope: row.scope as FlagScope,
  name: row.name,
  fromState: toState(row.fromState),
  toState: row.toState === followsCapability ? followsCapability : toState(row.toState),
  toPercent: row.toPercent,
  reason: row.reason,
  actor: row.actor,
  changedAt: row.changedAt,
  forced: row.forced,
  evidence: parseEvidence(row.evidence),
});

/** Flags and their audit trail in the relational database (SQLite or PostgreSQL). */
export class TypeormFlagStore implements FlagStore {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<Flag[]> {
    return (await this.dataSource.getRepository(RouteFlagEntity).find()).map(toFlag);
  }

  async latestVersion(): Promise<number> {
    const row = await this.dataSource.getRepository(FlagChangeEntity).createQueryBuilder('change').select('MAX(change.id)', 'latest').getRawOne<{ latest: number | string | null }>();
    return Number(row?.latest ?? 0);
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
          toState: request.to.state,
          toPercent: request.to.canaryPercent,
          reason: request.reason,
          actor: request.actor,
          changedAt: request.at,
          forced: request.forced,
          evidence: request.evidence ? JSON.stringify(request.evidence) : null,
        });
        const values = {
          state: request.to.state,
          canaryPercent: request.to.canaryPercent,
          reverseShadow: request.to.reverseShadow,
          ramp: request.to.ramp ? JSON.stringify(request.to.ramp) : null,
          version: change.id,
          updatedAt: request.at,
          updatedBy: request.actor,
        };
        const flags = manager.getRepository(RouteFlagEntity);
        if (request.expectedVersion === 0) {
          await flags.insert({ scope: request.scope, name: request.name, ...values });
        } else {
          const where = { scope: request.scope, name: request.name, version: request.expectedVersion };
          const result = await flags.update(where, values);
          if (result.affected !== 1) throw new ConcurrentFlagChangeError(request.name);
        }
        await announce(manager, change.id);
        return toChange(change);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrentFlagChangeError(request.name);
      throw error;
    }
  }

  async removeRouteFlag(request: FlagRemovalRequest): Promise<FlagChange> {
    return inTransaction(this.dataSource, async (manager) => {
      // The audit row first, as in change(): its id is the new store version pollers see.
      const change = await manager.getRepository(FlagChangeEntity).save({
        scope: 'route',
        name: request.name,
        fromState: request.fromState,
        toState: followsCapability,
        toPercent: 0,
        reason: request.reason,
        actor: request.actor,
        changedAt: request.at,
        forced: request.forced,
        evidence: request.evidence ? JSON.stringify(request.evidence) : null,
      });
      const result = await manager.getRepository(RouteFlagEntity).delete({ scope: 'route', name: request.name, version: request.expectedVersion });
      if (result.affected !== 1) throw new ConcurrentFlagChangeError(request.name);
      await announce(manager, change.id);
      return toChange(change);
    });
  }

  async history(limit: number, filter: FlagHistoryFilter = {}): Promise<FlagChange[]> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    const rows = await this.dataSource.getRepository(FlagChangeEntity).find({ where, order: { id: 'DESC' }, take: limit });
    return rows.map(toChange);
  }
}

/** PostgreSQL delivers the notification when the transaction commits, never for a rolled-back change. */
async function announce(manager: EntityManager, version: number): Promise<void> {
  if (manager.connection.options.type === 'postgres') await manager.query('SELECT pg_notify($1, $2)', [flagChangeChannel, String(version)]);
}
