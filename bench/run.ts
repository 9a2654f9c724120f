import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureRounds } from './measure';
import { startSystem } from './start-system';

// A first benchmark (never part of npm test): a small authenticated GET straight to the monolith,
// through the proxy to the monolith, and through the proxy to the Lambda, measured in one run.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 5);
// Below the auth function's reserved concurrency (10): beyond it Lambda throttles, by design.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);

async function main(): Promise<void> {
  const system = await startSystem();
  try {
    const signup = await fetch(`${system.proxyUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'correct horse', name: 'Bench' }),
    });
    const { token } = (await signup.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const flip = (state: string) =>
      fetch(`${system.proxyUrl}/_strangler/api/flags/auth`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state, reason: 'benchmark', force: true }),
      });
    const load = { headers, connections, durationSeconds };

    const rows: Record<string, Awaited<ReturnType<typeof measureRounds>>> = {};
    rows['GET /health  monolith direct'] = await measureRounds({ ...load, url: `${system.legacyUrl}/health` }, rounds);
    rows['GET /health  proxy -> monolith'] = await measureRounds({ ...load, url: `${system.proxyUrl}/health` }, rounds);
    rows['GET /api/users/me  monolith direct'] = await measureRounds({ ...load, url: `${system.legacyUrl}/api/users/me` }, rounds);
    rows['GET /api/users/me  proxy -> monolith'] = await measureRounds({ ...load, url: `${system.proxyUrl}/api/users/me` }, rounds);
    await flip('lambda');
    // Cold starts are not what this row measures: start one warm instance per connection first
    // (waves of concurrent requests, each waiting for its cold starts to finish).
    for (let wave = 0; wave < 2; wave++) {
      await Promise.all(Array.from({ length: connections }, () => fetch(`${system.proxyUrl}/api/users/me`, { headers }).then((response) => response.text())));
    }
    rows['GET /api/users/me  proxy -> Lambda'] = await measureRounds({ ...load, url: `${system.proxyUrl}/api/users/me` }, rounds);

    const baseline = rows['GET /api/users/me  monolith direct']!;
    console.log(`\n${rounds} rounds x ${durationSeconds} s, ${connections} connections, median (req/s spread)\n`);
    console.log('path'.padEnd(40), 'req/s'.padStart(8), 'spread'.padStart(15), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'vs direct'.padStart(10), 'errors'.padStart(7));
    for (const [name, row] of Object.entries(rows)) {
      const ratio = name.includes('/health') ? row.requestsPerSecond / rows['GET /health  monolith direct']!.requestsPerSecond : row.requestsPerSecond / baseline.requestsPerSecond;
      console.log(name.padEnd(40), row.requestsPerSecond.toFixed(0).padStart(8), `${row.spread.min.toFixed(0)}-${row.spread.max.toFixed(0)}`.padStart(15), String(row.p50Ms).padStart(8), String(row.p99Ms).padStart(8), `${ratio.toFixed(2)}x`.padStart(10), String(row.errors).padStart(7));
    }
    const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, 'proxy-overhead.json');
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, rounds, durationSeconds, connections, rows }, null, 2));
    console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await system.stop();
  }
}

await main();
