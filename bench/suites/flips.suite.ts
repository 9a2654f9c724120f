import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TypeormFlagStore } from '../../core/flags/adapters/typeorm-flag.store';
import type { FlagState } from '../../core/flags/flag';
import { stateChange } from '../../core/flags/flag-test-kit';
import { createTestDatabase, engines, openMigrated, type Engine } from '../../test/support/test-database';
import type { BenchRow } from '../bench-row';
import type { BenchSettings } from '../bench-settings';
import { saturate } from '../load/saturate';
import { startSystem } from '../start-system';
import { percentile } from '../stats';
import { flip, signUp } from '../system-client';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';
import type { InstanceReport, PingCommand } from './flip-latency-instance';

// Part 3: flip-to-effect. Two proxy instances, each its own process with its own connections, and
// a writer flipping a flag many times; every time is taken on this process's clock when an
// instance's "applied" report arrives, so it includes one IPC hop (measured apart). SQLite always;
// PostgreSQL too when TEST_DATABASE_URL is set. Then flips through the admin API of a running
// system under load: not one request may fail.
const warmupFlips = 5;
// The proxy's default FLAG_REFRESH_MS, the SQLite poll interval.
const refreshMs = 250;
const pings = 100;
const suiteDir = path.dirname(fileURLToPath(import.meta.url));

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
    const child = fork(path.join(suiteDir, 'flip-latency-instance.ts'), [], {
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

const summarize = (values: number[]) => ({ p50Ms: percentile(values, 50), p99Ms: percentile(values, 99), maxMs: Math.max(...values) });

async function measureEngine(engine: Engine, flips: number) {
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

// Below the auth function's reserved concurrency (10): beyond it Lambda throttles, by design.
const connections = 8;

/** Flips auth between legacy and lambda through the admin API while customers call it: counts what failed. */
async function failedDuringFlips(settings: BenchSettings) {
  const system = await startSystem({ edge: 3160, legacy: 3161, runtime: 3162 });
  try {
    const { token } = await signUp(system);
    const url = `${system.proxyUrl}/api/users/me`;
    const headers = { authorization: `Bearer ${token}` };
    // Cold starts are not what this measures: one warm auth instance per connection first.
    await flip(system, 'auth', 'lambda');
    for (let wave = 0; wave < 2; wave++) await Promise.all(Array.from({ length: connections }, () => fetch(url, { headers }).then((response) => response.arrayBuffer())));
    let flips = 0;
    let flipping = true;
    const flipper = (async () => {
      for (let state = 'legacy'; flipping; state = state === 'lambda' ? 'legacy' : 'lambda') {
        await flip(system, 'auth', state);
        flips += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const load = await saturate({ url, headers, connections, seconds: settings.seconds * 2 });
    flipping = false;
    await flipper;
    return { flips, requests: load.requests, failed: load.errors };
  } finally {
    await system.stop();
  }
}

/** Part 3: flip-to-effect on each database engine, and failed requests during flips under load. */
export async function runFlipsSuite(settings: BenchSettings): Promise<SuiteResult> {
  const flips = settings.rounds * 50;
  const engineResults = [];
  for (const engine of engines) engineResults.push(await measureEngine(engine, flips));
  const underLoad = await failedDuringFlips(settings);
  const rows: BenchRow[] = engineResults.map((result) => ({
    part: 'flips',
    name: `${result.engine}: ${flips} flips, 2 instances`,
    figures: {
      'commit->both p50 ms': result.commitToEffect.p50Ms,
      'commit->both p99 ms': result.commitToEffect.p99Ms,
      'commit->both max ms': result.commitToEffect.maxMs,
      'ask->both p99 ms': result.flipToEffect.p99Ms,
      'commit p50 ms': result.commit.p50Ms,
      'IPC one-way ms': result.ipcOneWayMs,
    },
    verdicts: [judge(result.engine === 'postgres' ? targets.flipP99Postgres : targets.flipP99Sqlite, result.commitToEffect.p99Ms)],
  }));
  rows.push({
    part: 'flips',
    name: `under load: ${underLoad.flips} admin-API flips of auth`,
    figures: { requests: underLoad.requests, failed: underLoad.failed },
    verdicts: [judge(targets.failedDuringFlips, underLoad.failed)],
  });
  if (!engines.includes('postgres')) console.log('PostgreSQL skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure it.');
  return { rows, details: { refreshMs, engines: engineResults, underLoad } };
}
