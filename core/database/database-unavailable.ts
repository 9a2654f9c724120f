import { QueryFailedError } from 'typeorm';

// Socket errors: the server restarted, crashed or is not listening yet.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const serverCodes = new Set([
  '57P01', // admin_shutdown: the server is stopping (a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: still starting
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout (data-source.ts) cut a statement short
  'SQLITE_BUSY', // another process held the file's lock past the busy timeout
]);

// What node-postgres says, without a code, when a connection dies or cannot be had in time.
const poolMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

function codeOf(error: unknown): string | undefined {
  const source = error instanceof QueryFailedError ? error.driverError : error;
  const code = (source as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether an error means the database could not be reached or answer in time, on either engine:
 * a transient condition worth a retry (503), not a fault of the request or of the code (500).
 * Class 08 is PostgreSQL's connection_exception.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code !== undefined && (networkCodes.has(code) || serverCodes.has(code) || code.startsWith('SQLITE_BUSY') || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return poolMessages.test(error.message);
}
