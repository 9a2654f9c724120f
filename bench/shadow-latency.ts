import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runFixedLoad, type FixedLoad, type LatencySample } from './fixed-load';
import { startSystem, type RunningSystem } from './start-system';

// The latency a shadow adds to a customer's request (never part of npm test): GET /api/users/me
// and POST /api/auth/login through the proxy with auth in `legacy` (no copy) and in `shadow` (the
// auth Lambda gets a copy of each once the customer has the answer), in rounds of a fixed number
// of requests at a fixed concurrency, the two states alternating, in one run on loopback.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const requestsPerRound = { me: Number(process.env.BENCH_ME_REQUESTS ?? 2000), login: Number(process.env.BENCH_LOGIN_REQUESTS ?? 100) };
// Parity counts reach the admin API when flushed: flushed often, a round can wait for its shadows.
process.env.STATS_FLUSH_MS ??= '500';

type Mode = 'legacy' | 'shadow';
type Endpoint = keyof typeof requestsPerRound;
const routeOf: Record<Endpoint, string> = { me: 'auth.me', login: 'auth.login' };

interface ParityRow {
  route: string;
  rate: number | null;
  compared: number;
  matched: number;
  dropped: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The CPU time the process listening on `port` has used, in ms (Linux: ss and /proc). The Lambda
 * runtime shares this machine's cores, so latency alone mixes the proxy's cost of a shadow with
 * the function's; the proxy's CPU per request is its own share, the part that stays in production.
 */
function cpuMsOfListener(port: number): () => number {
  const pid = /pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1];
  if (!pid) throw new Error(`no process found listening on port ${port}`);
  const ticksPerMs = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) / 1000;
  return () => {
    // Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  };
}

function adminApi(system: RunningSystem) {
  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await fetch(`${system.proxyUrl}/_strangler/api${pathname}`, {
      method,
      headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${pathname} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  return {
    flip: (state: Mode) => call('PUT', '/flags/auth', { state, reason: 'shadow latency benchmark', force: true }),
    parity: async () => ((await call('GET', '/parity')) as { routes: ParityRow[] }).routes.filter((row) => row.route === 'auth.me' || row.route === 'auth.login'),
    mismatches: async () => ((await call('GET', '/parity/mismatches?limit=3')) as { mismatches: Array<{ routeId: string; differences: Array<{ path: string }> }> }).mismatches,
  };
}

/** A customer's requests: its profile with its token, and a login with its password. */
async function customerLoads(system: RunningSystem): Promise<Record<Endpoint, Omit<FixedLoad, 'requests'>>> {
  const credentials = { email: `bench-${Date.now()}@example.com`, password: 'correct horse' };
  const signup = await fetch(`${system.proxyUrl}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...credentials, name: 'Bench' }) });
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${await signup.text()}`);
  const { token } = (await signup.json()) as { token: string };
  return {
    me: { url: `${system.proxyUrl}/api/users/me`, headers: { authorization: `Bearer ${token}` }, connections },
    login: { url: `${system.proxyUrl}/api/auth/login`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials), connections },
  };
}

async function main(): Promise<void> {
  const ports = { edge: 3120, legacy: 3121, runtime: 3122 };
  const system = await startSystem(ports);
  try {
    const admin = adminApi(system);
    const proxyCpuMs = cpuMsOfListener(ports.edge);
    const loads = await customerLoads(system);
    const mirrored = { me: 0, login: 0 };
    /** Waits until every copy sent so far was compared or dropped, so no shadow work spills into the next round. */
    const settleShadows = async () => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const rows = await admin.parity();
        const done = (endpoint: Endpoint) => rows.find((row) => row.route === routeOf[endpoint]);
        if ((['me', 'login'] as const).every((endpoint) => (done(endpoint)?.compared ?? 0) + (done(endpoint)?.dropped ?? 0) >= mirrored[endpoint])) return;
        if (Date.now() > deadline) return console.warn('shadows still unsettled after 120 s: going on');
        await sleep(250);
      }
    };
    const runRound = async (mode: Mode, scale = 1) => {
      await admin.flip(mode);
      const sample = {} as Record<Endpoint, LatencySample & { proxyCpuMsPerRequest: number }>;
      for (const endpoint of ['me', 'login'] as const) {
        const requests = Math.ceil(requestsPerRound[endpoint] * scale);
        const cpuBefore = proxyCpuMs();
        const latency = await runFixedLoad({ ...loads[endpoint], requests });
        // The next load starts once this one's copies are done: each is measured with its own shadows only.
        if (mode === 'shadow') {
          mirrored[endpoint] += requests;
          await settleShadows();
        }
        sample[endpoint] = { ...latency, proxyCpuMsPerRequest: (proxyCpuMs() - cpuBefore) / requests };
      }
      return sample;
    };

    // Warm-up, not measured: the auth function's cold starts, the proxy's connection pools, the JIT.
    await runRound('shadow', 0.1);
    await runRound('legacy', 0.1);
    const samples: Record<Mode, Array<Awaited<ReturnType<typeof runRound>>>> = { legacy: [], shadow: [] };
    for (let round = 0; round < rounds; round++) {
      // Either state goes first in turn, so a drift of the machine weighs on both alike.
      for (const mode of round % 2 === 0 ? (['legacy', 'shadow'] as const) : (['shadow', 'legacy'] as const)) samples[mode].push(await runRound(mode));
    }
    await admin.flip('legacy');

    const summarize = (mode: Mode, endpoint: Endpoint) => {
      const runs = samples[mode].map((sample) => sample[endpoint]);
      const p50s = runs.map((run) => run.p50Ms);
      const p99s = runs.map((run) => run.p99Ms);
      return {
        p50Ms: median(p50s),
        p50Spread: { min: Math.min(...p50s), max: Math.max(...p50s) },
        p99Ms: median(p99s),
        p99Spread: { min: Math.min(...p99s), max: Math.max(...p99s) },
        requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
        proxyCpuMsPerRequest: median(runs.map((run) => run.proxyCpuMsPerRequest)),
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
      };
    };
    const rows = Object.fromEntries((['me', 'login'] as const).flatMap((endpoint) => (['legacy', 'shadow'] as const).map((mode) => [`${endpoint} ${mode}`, summarize(mode, endpoint)])));
    const parity = await admin.parity();
    const mismatches = await admin.mismatches();

    console.log(`\n${rounds} rounds per state, alternating; ${connections} connections; per round ${requestsPerRound.me} GET /api/users/me, ${requestsPerRound.login} POST /api/auth/login; medians of rounds (min-max)\n`);
    console.log('request'.padEnd(26), 'p50 ms'.padStart(8), 'p50 spread'.padStart(15), 'p99 ms'.padStart(8), 'p99 spread'.padStart(15), 'req/s'.padStart(7), 'proxy CPU ms/req'.padStart(17), 'errors'.padStart(7));
    const ms = (value: number) => value.toFixed(2);
    for (const [name, row] of Object.entries(rows)) {
      const [endpoint, mode] = name.split(' ') as [Endpoint, Mode];
      const label = `${endpoint === 'me' ? 'GET /api/users/me' : 'POST /api/auth/login'} ${mode}`;
      console.log(label.padEnd(26), ms(row.p50Ms).padStart(8), `${ms(row.p50Spread.min)}-${ms(row.p50Spread.max)}`.padStart(15), ms(row.p99Ms).padStart(8), `${ms(row.p99Spread.min)}-${ms(row.p99Spread.max)}`.padStart(15), row.requestsPerSecond.toFixed(0).padStart(7), ms(row.proxyCpuMsPerRequest).padStart(17), String(row.errors).padStart(7));
    }
    for (const endpoint of ['me', 'login'] as const) {
      const [off, on] = [rows[`${endpoint} legacy`]!, rows[`${endpoint} shadow`]!];
      console.log(`shadow adds, ${endpoint}: p50 ${ms(on.p50Ms - off.p50Ms)} ms, p99 ${ms(on.p99Ms - off.p99Ms)} ms, proxy CPU ${ms(on.proxyCpuMsPerRequest - off.proxyCpuMsPerRequest)} ms per request`);
    }
    console.log('\nparity since start (copies sent in shadow rounds, warm-up included):');
    for (const row of parity) console.log(`  ${row.route.padEnd(12)} sent ${String(mirrored[row.route === 'auth.me' ? 'me' : 'login']).padStart(6)}  compared ${String(row.compared).padStart(6)}  matched ${String(row.matched).padStart(6)}  dropped ${String(row.dropped).padStart(6)}  rate ${row.rate === null ? '-' : row.rate.toFixed(4)}`);
    for (const mismatch of mismatches) console.log(`  mismatch ${mismatch.routeId}: ${mismatch.differences.map((difference) => difference.path).join(', ')}`);

    const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, 'shadow-latency.json');
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() }, rounds, connections, requestsPerRound, rows, mirrored, parity, mismatches }, null, 2));
    console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
