import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../core/database/data-source';
import { TypeormFlagStore } from '../../core/flags/adapters/typeorm-flag.store';
import type { FlagState } from '../../core/flags/flag';
import { stateChange } from '../../core/flags/flag-test-kit';
import { createLogger } from '../../core/logging/create-logger';
import type { FlagCache } from '../../edge-proxy/flags/flag-cache';
import { startFlagPropagation, type FlagPropagation } from '../../edge-proxy/flags/start-flag-propagation';
import { createTestDatabase, engines, type Engine, type TestDatabase } from '../support/test-database';

const silent = createLogger('test', 'silent');
const flips = 20;
// The proxy's default FLAG_REFRESH_MS: the SQLite poll interval.
const refreshMs = 250;

/**
 * The requirement: every proxy instance applies a change within 100 ms on PostgreSQL, 1 s on SQLite,
 * timed from the change's commit (before it, there is no change to apply; the commit's own fsync
 * is the writer's cost, reported but not asserted). Margin: on PostgreSQL propagation is a NOTIFY
 * and one list() per instance, a few ms, so the 100 ms bound keeps >10x headroom for a loaded CI
 * machine, and the median guard catches a silent fall-back to the 5 s safety-net poll. On SQLite
 * the worst case is one poll interval plus one load, ~4x under its bound.
 */
const requirements: { engine: Engine; boundMs: number; medianBelowMs: number }[] = [
  { engine: 'postgres', boundMs: 100, medianBelowMs: 20 },
  { engine: 'sqlite', boundMs: 1_000, medianBelowMs: refreshMs },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Resolves with the time `cache` applies its next change, or rejects after `withinMs`. */
function nextApplied(cache: FlagCache, withinMs: number): Promise<{ version: number; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no change applied within ${withinMs} ms`));
    }, withinMs);
    const unsubscribe = cache.onApplied((version) => {
      const at = performance.now();
      clearTimeout(timer);
      unsubscribe();
      resolve({ version, at });
    });
  });
}

/** One proxy instance's flag side: its own data source (connection pool) and propagation. */
async function startInstance(database: TestDatabase, options: { safetyNetMs?: number } = {}) {
  const dataSource = await createDataSource(database.config, { poolSize: 2 }).initialize();
  const propagation = await startFlagPropagation({
    store: new TypeormFlagStore(dataSource),
    databaseUrl: database.config.databaseUrl,
    refreshMs,
    reconnectBackoff: { initialMs: 50, maxMs: 1_000 },
    logger: silent,
    ...options,
  });
  return { dataSource, propagation };
}

interface FlipTiming {
  /** From asking for the flip to its commit being acknowledged. */
  commitMs: number;
  /** From the commit's acknowledgement until both instances applied it. */
  propagationMs: number;
}

/** Flips auth through `writer` (another process's connection) and times until both instances applied it. */
async function flipAndMeasure(writer: TypeormFlagStore, instances: FlagPropagation[], waitMs: number): Promise<FlipTiming> {
  const [latest] = await writer.history(1, { scope: 'capability', name: 'auth' });
  const fromState: FlagState = latest?.toState === 'lambda' ? 'lambda' : 'legacy';
  const applied = instances.map(({ flagCache }) => nextApplied(flagCache, waitMs));
  const askedAt = performance.now();
  const change = await writer.change(
    stateChange({ scope: 'capability', name: 'auth', fromState, toState: fromState === 'lambda' ? 'legacy' : 'lambda', reason: 'propagation test', actor: 'e2e', expectedVersion: latest?.id ?? 0, at: new Date() }),
  );
  const committedAt = performance.now();
  const results = await Promise.all(applied);
  for (const result of results) expect(result.version).toBe(change.id);
  // An instance may apply the change before the writer hears its commit acknowledged: count that as 0.
  return { commitMs: committedAt - askedAt, propagationMs: Math.max(0, ...results.map((result) => result.at - committedAt)) };
}

for (const { engine, boundMs, medianBelowMs } of requirements) {
  const available = engines.includes(engine);
  describe.skipIf(!available)(`flag propagation to two proxy instances on ${engine}${available ? '' : ' (skipped: TEST_DATABASE_URL is unset)'}`, () => {
    let database: TestDatabase;
    let writerSource: DataSource;
    let writer: TypeormFlagStore;
    const opened: { dataSource: DataSource; propagation: FlagPropagation }[] = [];

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      writerSource = await createDataSource(database.config, { poolSize: 2 }).initialize();
      await writerSource.runMigrations({ transaction: 'each' });
      writer = new TypeormFlagStore(writerSource);
    });

    afterAll(async () => {
      for (const { dataSource, propagation } of opened) {
        await propagation.close();
        await dataSource.destroy();
      }
      await writerSource?.destroy();
      await database?.dispose();
    });

    it(`applies every flip on both instances within ${boundMs} ms`, async ({ annotate }) => {
      const instances = [await startInstance(database), await startInstance(database)];
      opened.push(...instances);
      const timings: FlipTiming[] = [];
      for (let flip = 0; flip < flips; flip++) {
        // Pauses spread over a poll interval, so SQLite flips land at every phase of the poll.
        await new Promise((resolve) => setTimeout(resolve, (flip * 97) % refreshMs));
        timings.push(await flipAndMeasure(writer, instances.map((instance) => instance.propagation), boundMs * 5));
      }
      const propagation = timings.map((timing) => timing.propagationMs);
      const commit = timings.map((timing) => timing.commitMs);
      const summary = `${engine}, ${flips} flips: commit to applied on both median ${median(propagation).toFixed(1)} ms, max ${Math.max(...propagation).toFixed(1)} ms; the commit itself median ${median(commit).toFixed(1)} ms, max ${Math.max(...commit).toFixed(1)} ms`;
      await annotate(summary);
      expect(Math.max(...propagation), summary).toBeLessThan(boundMs);
      expect(median(propagation), summary).toBeLessThan(medianBelowMs);
    }, 60_000);

    it.skipIf(engine !== 'postgres')('catches up after the listening connections are killed, then is pushed to again (PostgreSQL only: SQLite is polled, it has no listening connection)', async () => {
      // No safety net within the test's time: only the reconnect's catch-up can apply the flip.
      const instances = [await startInstance(database, { safetyNetMs: 600_000 }), await startInstance(database, { safetyNetMs: 600_000 })];
      opened.push(...instances);
      const propagations = instances.map((instance) => instance.propagation);
      await flipAndMeasure(writer, propagations, boundMs * 5);
      const killed: { pid: number }[] = await writerSource.query(
        'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [`strangler-flag-listener ${process.pid}`],
      );
      expect(killed.length).toBeGreaterThanOrEqual(2);
      // Termination is a signal: flip only once the old sessions are gone and cannot deliver it.
      const pids = killed.map((row) => row.pid);
      await expect.poll(async () => (await writerSource.query('SELECT pid FROM pg_stat_activity WHERE pid = ANY($1)', [pids])).length).toBe(0);
      expect((await flipAndMeasure(writer, propagations, 5_000)).propagationMs).toBeLessThan(2_000);
      // That flip reached them through the catch-up after reconnecting: they listen again.
      expect((await flipAndMeasure(writer, propagations, boundMs * 5)).propagationMs).toBeLessThan(boundMs);
    }, 30_000);
  });
}
