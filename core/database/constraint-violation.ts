import { QueryFailedError } from 'typeorm';

const uniqueViolationCodes = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  '23505', // PostgreSQL unique_violation
]);

const foreignKeyViolationCodes = new Set([
  'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23503', // PostgreSQL foreign_key_violation
]);

function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a failed query broke a unique constraint, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  return uniqueViolationCodes.has(driverCode(error) ?? '');
}

/** Whether a failed query referenced a row that does not exist (or no longer does), on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  return foreignKeyViolationCodes.has(driverCode(error) ?? '');
}
