import pg from 'pg';
import type { SubscribeToChannel } from './postgres-flag-listener';

/**
 * Listens over a dedicated connection, not one of TypeORM's pool: LISTEN belongs to a session,
 * and a pooled session is lent to other queries and may be closed by the pool at any time.
 */
export function subscribePostgresChannel(databaseUrl: string, channel: string): SubscribeToChannel {
  return async ({ onNotification, onLost }) => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: 5_000,
      // Notices a silently dead peer (a NAT or failover dropping the socket) that would never emit 'error'.
      keepAlive: true,
      // Names the connection in pg_stat_activity: which proxy process holds which LISTEN.
      application_name: `strangler-flag-listener ${process.pid}`,
    });
    client.on('notification', () => onNotification());
    client.on('error', (error) => onLost(error));
    client.on('end', () => onLost(new Error('the flag change connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      // Only the connect or LISTEN failure matters to the caller; ending the half-open client is cleanup.
      await client.end().catch(() => undefined);
      throw error;
    }
    return { close: () => client.end() };
  };
}
