import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TypeormFlagStore } from '../core/flags/adapters/typeorm-flag.store';
import type { FlagState } from '../core/flags/flag';
import { stateChange } from '../core/flags/flag-test-kit';
import { createTestDatabase, engines, openMigrated, type Engine } from '../test/support/test-database';
import type { InstanceReport, PingCommand } from './flip-latency-instance';

// Flip-to-effect latency (never part of npm test): two proxy instances, each its own process with
// its own connections, and a writer flipping a flag N times. Every time is taken on this process's
// clock when an instance's "applied" report arrives, so it includes one IPC hop (measured apart).
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set.
const flips = Number(process.env.BENCH_FLIPS ?? 200);
const warmupFlips = 5;
// The proxy's default FLAG_REFRESH_MS, the SQLite poll interval.
const refreshMs = 250;
const pings = 100;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** One instance process, with the receipt time of each version it reported applied. */
class InstanceProcess {
  private readonly applied: { version: number; at: number }[] = [];
  private readonly pongs = new Map<number, () => void>();
  private readonly onReport = new Set<() => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: InstanceReport) => {
      const at = performance.now();
      if (report.kind === 'applied') this.applied.push({ version: report.version, at });
      if (report.kind === 'pong') this.pongs.get(report.id)?.();
      for (const listener of this.onReport) listener();
    });
  }

  static async start(env: Record<string, string>): Promise<InstanceProcess> {
    const child = fork(path.join(benchDir, 'flip-latency-instance.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env, FLAG_REFRESH_MS: String(refreshMs), LOG_LEVEL: 'warn' },
    });
    const instance = new InstanceProcess(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', (report: InstanceReport) => (report.kind === 'ready' ? resolve() : reject(new Error(`expected ready, got ${report.kind}`))));
      child.once('exit', (code) => reject(new Error(`an instance exited with ${code} before it was ready`)));
    });
    return instance;
  }

  /** When this process received the report that `version` (or a later one) was applied. */
  appliedAt(version: number, withinMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const report = this.applied.find((entry) => entry.version >= version);
        if (!report) return;
        this.onReport.delete(check);
        clearTimeout(timer);
        resolve(report.at);
      };
      const timer = setTimeout(() => {
        this.onReport.delete(check);
        reject(new Error(`version ${version} not applied within ${withinMs} ms`));
      }, withinMs);
      this.onReport.add(check);
      check();
    });
  }

  /** One IPC round trip, in ms. */
  async ping(id: number): Promise<number> {
    const sentAt = performance.now();
    await new Promise<void>((resolve) => {
      this.pongs.set(id, resolve);
      this.child.send({ kind: 'ping', id } satisfies PingCommand);
    });
    this.pongs.delete(id);
    return performance.now() - sentAt;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
/** Nearest-rank percentile. */
const percentile = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const summarize = (values: number[]) => ({ p50Ms: percentile(values, 50), p99Ms: percentile(values, 99), maxMs: Math.max(...values) });
const round = (ms: number) => Math.round(ms * 10) / 10;

async function measureEngine(engine: Engine) {
  const database = await createTestDatabase(engine);
  const writerSource = await openMigrated(database);
  const writer = new TypeormFlagStore(writerSource);
  const instances = [await InstanceProcess.start(database.env), await InstanceProcess.start(database.env)];
  try {
    const roundTrips: number[] = [];
    for (let id = 0; id < pings; id++) for (const instance of instances) roundTrips.push(await instance.ping(id));
    const commit: number[] = [];
    const flipToEffect: number[] = [];
    const commitToEffect: number[] = [];
    const perInstance: number[][] = instances.map(() => []);
    // Spread over a poll interval so SQLite flips land at every phase of the poll; PostgreSQL is pushed.
    const pauseSpreadMs = engine === 'sqlite' ? refreshMs : 20;
    let state: FlagState = 'legacy';
    let version = 0;
    for (let flip = 0; flip < warmupFlips + flips; flip++) {
      await new Promise((resolve) => setTimeout(resolve, (flip * 97) % pauseSpreadMs));
      const next: FlagState = state === 'lambda' ? 'legacy' : 'lambda';
      const request = stateChange({ scope: 'capability', name: 'auth', fromState: state, toState: next, reason: 'flip latency benchmark', actor: 'bench', expectedVersion: version, at: new Date() });
      const askedAt = performance.now();
      const change = await writer.change(request);
      const committedAt = performance.now();
      const appliedAt = await Promise.all(instances.map((instance) => instance.appliedAt(change.id, 10_000)));
      [state, version] = [next, change.id];
      if (flip < warmupFlips) continue;
      const bothAt = Math.max(...appliedAt);
      commit.push(committedAt - askedAt);
      flipToEffect.push(bothAt - askedAt);
      // An instance may report before the writer hears its commit acknowledged: count that as 0.
      commitToEffect.push(Math.max(0, bothAt - committedAt));
      appliedAt.forEach((at, index) => perInstance[index]!.push(Math.max(0, at - committedAt)));
    }
    return {
      engine,
      flips,
      ipcOneWayMs: percentile(roundTrips, 50) / 2,
      flipToEffect: summarize(flipToEffect),
      commitToEffect: summarize(commitToEffect),
      commit: summarize(commit),
      perInstanceCommitToEffect: perInstance.map(summarize),
    };
  } finally {
    for (const instance of instances) await instance.stop();
    await writerSource.destroy();
    await database.dispose();
  }
}

async function main(): Promise<void> {
  const rows = [];
  for (const engine of engines) rows.push(await measureEngine(engine));
  if (!engines.includes('postgres')) console.log('\nPostgreSQL skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure it.');
  console.log(`\n${flips} flips per engine, two instance processes, times in ms; "both" = until both instances applied the flip\n`);
  const columns = ['flip->both p50', 'p99', 'max', 'commit->both p50', 'p99', 'max', 'commit p50', 'p99', 'IPC one-way'];
  console.log('engine'.padEnd(10), columns.map((column) => column.padStart(column.length > 5 ? column.length : 7)).join(' '));
  for (const row of rows) {
    const cells = [row.flipToEffect.p50Ms, row.flipToEffect.p99Ms, row.flipToEffect.maxMs, row.commitToEffect.p50Ms, row.commitToEffect.p99Ms, row.commitToEffect.maxMs, row.commit.p50Ms, row.commit.p99Ms, row.ipcOneWayMs];
    console.log(row.engine.padEnd(10), cells.map((ms, index) => round(ms).toFixed(1).padStart(columns[index]!.length > 5 ? columns[index]!.length : 7)).join(' '));
  }
  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'flip-latency.json');
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, refreshMs, rows }, null, 2));
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
