import { UserEntity } from '../../auth/adapters/user.entity';
import type { RepositorySource } from '../../database/repository-source';
import { SubscriptionEntity } from '../../notifications/adapters/subscription.entity';
import { isUuid } from '../../validation/uuid';
import type { DryRunRequest, DryRunResource } from '../dry-run-request';

const entityOf: Record<DryRunResource, typeof UserEntity | typeof SubscriptionEntity> = {
  user: UserEntity,
  subscription: SubscriptionEntity,
};

/**
 * Deletes, inside a dry run's transaction, the resource the primary created, so the shadow meets
 * the state the primary met (foreign keys cascade). An id that is not a UUID names nothing: it is
 * skipped rather than sent to PostgreSQL, which would fail the whole transaction over it.
 */
export async function removeDryRunResource(manager: RepositorySource, { resource, id }: NonNullable<DryRunRequest['removes']>): Promise<void> {
  if (!isUuid(id)) return;
  await manager.getRepository(entityOf[resource]).delete(id.toLowerCase());
}
