import { createDataSource } from '../../core/database/data-source';
import { readDatabaseConfig } from '../../core/database/database.config';
import { TypeormFlagStore } from '../../core/flags/adapters/typeorm-flag.store';
import { createLogger } from '../../core/logging/create-logger';
import { startFlagPropagation } from '../../edge-proxy/flags/start-flag-propagation';

/** What an instance tells the benchmark over its IPC channel. */
export type InstanceReport = { kind: 'ready' } | { kind: 'applied'; version: number } | { kind: 'pong'; id: number };

/** A ping, echoed at once: its round trip prices the IPC hop in the measurements. */
export interface PingCommand {
  kind: 'ping';
  id: number;
}

// One proxy instance's flag side as its own process with its own connections, forked by
// flips.suite.ts. It reports each applied version at once, so the parent times the receipt
// on its own clock. It stops when the parent disconnects (or dies).
const report = (message: InstanceReport) => process.send!(message);

const config = readDatabaseConfig();
const dataSource = await createDataSource(config, { poolSize: 2 }).initialize();
const propagation = await startFlagPropagation({
  store: new TypeormFlagStore(dataSource),
  databaseUrl: config.databaseUrl,
  refreshMs: Number(process.env.FLAG_REFRESH_MS ?? 250),
  logger: createLogger('flip-latency-instance'),
});
propagation.flagCache.onApplied((version) => report({ kind: 'applied', version }));
process.on('message', (ping: PingCommand) => report({ kind: 'pong', id: ping.id }));
process.on('disconnect', () => void propagation.close().then(() => dataSource.destroy()));
report({ kind: 'ready' });
