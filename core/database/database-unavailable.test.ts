import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a query on a connection reset by a restart', failedQuery(withCode('ECONNRESET', 'read ECONNRESET'))],
    ['the server shutting down', failedQuery(withCode('57P01', 'terminating connection due to administrator command'))],
    ['the server still starting', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', failedQuery(withCode('08006', 'connection failure'))],
    ['a statement cut by statement_timeout', failedQuery(withCode('57014', 'canceling statement due to statement timeout'))],
    ['no connection within the pool’s timeout', new Error('Connection terminated due to connection timeout')],
    ['a connection that died mid-query', new Error('Connection terminated unexpectedly')],
    ['a SQLite file locked past the busy timeout', failedQuery(withCode('SQLITE_BUSY', 'database is locked'))],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failedQuery(withCode('23505', 'duplicate key value'))],
    ['a syntax error', failedQuery(withCode('42601', 'syntax error'))],
    ['a SQLite constraint', failedQuery(withCode('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'))],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
