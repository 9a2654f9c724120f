import { CreateUsers1795420800000 } from './1795420800000-CreateUsers';
import { CreateRouteFlags1795420800001 } from './1795420800001-CreateRouteFlags';

/** Every migration, oldest first: one schema history for SQLite and PostgreSQL. */
export const migrations = [CreateUsers1795420800000, CreateRouteFlags1795420800001];
