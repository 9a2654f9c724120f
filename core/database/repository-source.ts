import type { EntityManager } from 'typeorm';

/**
 * Where a store gets its repositories: the data source, or the manager of a transaction (a dry
 * run's, whose writes are rolled back). Both have `getRepository`; stores need nothing else.
 */
export type RepositorySource = Pick<EntityManager, 'getRepository'>;
