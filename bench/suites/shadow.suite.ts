import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { comparedHeaders } from '../../core/rollout/parity/parity-rules';
import type { BenchSettings } from '../bench-settings';
import type { BenchRow } from '../bench-row';
import { runFixedRate, type LatencySample } from '../load/fixed-rate';
import { startEdgeProxy } from '../peers/edge-proxy.peer';
import { startServerProcess } from '../peers/start-peer';
import { cpuMsOf, pidListeningOn } from '../process-usage';
import { startSystem, type RunningSystem } from '../start-system';
import { median, spreadOf } from '../stats';
import { callAdmin, flip, signUp } from '../system-client';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';

// Part 4: what a shadow costs the customer. GET /api/users/me through the proxy at the fixed rate
// with auth in `legacy` (no copy) and in `shadow` (the auth Lambda gets a copy of each once the
// customer has the answer), the two states alternating round by round. Measured twice: with the
// whole system on this machine (the local Lambda runtime runs every copy on the cores the proxy and
// the monolith need), then on a second proxy whose Lambda side answers at once, which leaves the
// proxy's own shadow work: what the target is about, as in AWS the functions have cores of their own.

const peersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers');

interface ParityRow {
  route: string;
  compared: number;
  dropped: number;
}

type Sample = LatencySample & { cpuUsPerRequest: number };
type Mode = 'legacy' | 'shadow';

const parityOfMe = async (system: RunningSystem) => {
  const row = ((await callAdmin(system, 'GET', '/parity')) as { routes: ParityRow[] }).routes.find((each) => each.route === 'auth.me');
  return { compared: row?.compared ?? 0, dropped: row?.dropped ?? 0 };
};

/** The copies of GET /api/users/me that proxy sent to the Lambda side and dropped, from its Prometheus metrics. */
async function copiesSentBy(via: RunningSystem): Promise<number> {
  const response = await fetch(`${via.proxyUrl}/metrics`, { headers: { authorization: `Bearer ${via.adminToken}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const counter = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return counter(/^shadow_copies_sent_total\{route="auth\.me",target="lambda"\} (\d+)/m) + counter(/^shadow_copies_dropped_total\{route="auth\.me"\} (\d+)/m);
}

/** Waits until every copy that proxy sent or dropped is in the parity counts, so no shadow work spills into the next round. */
async function settleShadows(via: RunningSystem, before: { parity: number; copies: number }): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { compared, dropped } = await parityOfMe(via);
    if (compared + dropped - before.parity >= (await copiesSentBy(via)) - before.copies) return;
    if (Date.now() > deadline) return console.warn('shadows still unsettled after 120 s: going on');
    await sleep(250);
  }
}

/**
 * Rounds of auth in legacy and in shadow on the proxy `via` points at (flipped through that proxy's
 * admin API, so it applies the flag before the round starts), with that proxy's CPU per request.
 */
async function measureRounds(settings: BenchSettings, via: RunningSystem, proxyPid: number, token: string) {
  const proxyCpuMs = cpuMsOf(proxyPid);
  const load = { url: `${via.proxyUrl}/api/users/me`, headers: { authorization: `Bearer ${token}` }, rate: settings.rate };
  const before = await parityOfMe(via);
  const runRound = async (mode: Mode, seconds: number): Promise<Sample> => {
    await flip(via, 'auth', mode);
    const parityBefore = await parityOfMe(via);
    const settled = { parity: parityBefore.compared + parityBefore.dropped, copies: await copiesSentBy(via) };
    const cpuBefore = proxyCpuMs();
    const sample = await runFixedRate({ ...load, seconds });
    const cpuUsPerRequest = ((proxyCpuMs() - cpuBefore) * 1000) / sample.requests;
    if (mode === 'shadow') await settleShadows(via, settled);
    return { ...sample, cpuUsPerRequest };
  };
  // Warm-up, not measured: the auth function's cold starts, the proxy's connection pools, the JIT.
  await runRound('shadow', 1);
  await runRound('legacy', 1);
  const samples: Record<Mode, Sample[]> = { legacy: [], shadow: [] };
  for (let round = 0; round < settings.rounds; round++) {
    // Either state goes first in turn, so a drift of the machine weighs on both alike.
    for (const mode of round % 2 === 0 ? (['legacy', 'shadow'] as const) : (['shadow', 'legacy'] as const)) samples[mode].push(await runRound(mode, settings.seconds));
  }
  await flip(via, 'auth', 'legacy');
  const after = await parityOfMe(via);
  return { samples, copies: { compared: after.compared - before.compared, dropped: after.dropped - before.dropped } };
}

/** The table rows of one measurement: each state, then the same-round differences (judged when `judged`). */
function rowsOf(settings: BenchSettings, label: string, { samples, copies }: Awaited<ReturnType<typeof measureRounds>>, judged: boolean): BenchRow[] {
  const figures = (mode: Mode) => {
    const runs = samples[mode];
    const columns = {
      'p50 ms': runs.map((run) => run.p50Ms),
      'p99 ms': runs.map((run) => run.p99Ms),
      'proxy CPU us/req': runs.map((run) => run.cpuUsPerRequest),
    };
    return {
      figures: { ...Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, median(values)])), errors: runs.reduce((sum, run) => sum + run.errors, 0) },
      spread: Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, spreadOf(values)])),
    };
  };
  // Same-round differences: rounds pair up by index, each pair measured back to back.
  const addedP50 = samples.shadow.map((run, index) => run.p50Ms - samples.legacy[index]!.p50Ms);
  const addedP99 = samples.shadow.map((run, index) => run.p99Ms - samples.legacy[index]!.p99Ms);
  return [
    { part: 'shadow', name: `GET /api/users/me @${settings.rate}/s, ${label}, shadow off`, ...figures('legacy') },
    { part: 'shadow', name: `GET /api/users/me @${settings.rate}/s, ${label}, shadow on`, ...figures('shadow') },
    {
      part: 'shadow',
      name: `shadow adds, ${label}`,
      figures: { 'p50 ms': median(addedP50), 'p99 ms': median(addedP99), 'copies compared': copies.compared, 'copies dropped': copies.dropped },
      spread: { 'p50 ms': spreadOf(addedP50), 'p99 ms': spreadOf(addedP99) },
      ...(judged ? { verdicts: [judge(targets.shadowAddedP50, median(addedP50))] } : {}),
    },
  ];
}

/** What the monolith answers the customer, as a function result the stand-in replays: the parts a comparison looks at. */
async function monolithAnswer(system: RunningSystem, token: string): Promise<string> {
  const response = await fetch(`${system.legacyUrl}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
  const headers = Object.fromEntries(comparedHeaders.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])));
  return JSON.stringify({ statusCode: response.status, headers, body: await response.text() });
}

/** Part 4: customer-facing latency with shadow on against off, and the proxy's CPU per request. */
export async function runShadowSuite(settings: BenchSettings): Promise<SuiteResult> {
  const ports = { edge: 3170, legacy: 3171, runtime: 3172 };
  // Parity counts reach the admin API when flushed: flushed often, a round can wait for its shadows.
  const flushOften = { STATS_FLUSH_MS: '500' };
  const system = await startSystem(ports, flushOften);
  try {
    const { token } = await signUp(system);
    const wholeSystem = await measureRounds(settings, system, pidListeningOn(ports.edge), token);
    const standIn = await startServerProcess('instant Lambda', path.join(peersDir, 'instant-lambda.server.ts'), [await monolithAnswer(system, token)]);
    const proxy = await startEdgeProxy(system, system.legacyUrl, { lambdaEndpoint: standIn.url, env: flushOften });
    try {
      const proxyAlone = await measureRounds(settings, { ...system, proxyUrl: proxy.url }, proxy.pid, token);
      return {
        rows: [...rowsOf(settings, 'Lambda runtime on this machine', wholeSystem, false), ...rowsOf(settings, 'Lambda stand-in (proxy alone)', proxyAlone, true)],
        details: { wholeSystem, proxyAlone },
      };
    } finally {
      await proxy.stop();
      await standIn.stop();
    }
  } finally {
    await system.stop();
  }
}
