import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchSettings } from '../bench-settings';
import { runFixedRate, type LatencySample } from '../load/fixed-rate';
import { cpuMsOf, pidListeningOn } from '../process-usage';
import { startSystem, type RunningSystem } from '../start-system';
import { median, spreadOf } from '../stats';
import { callAdmin, flip, signUp } from '../system-client';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';

// Part 4: what a shadow costs the customer. GET /api/users/me through the proxy at the fixed rate
// with auth in `legacy` (no copy) and in `shadow` (the auth Lambda gets a copy of each once the
// customer has the answer), the two states alternating round by round.

interface ParityRow {
  route: string;
  compared: number;
  dropped: number;
  matched: number;
}

const parityOfMe = async (system: RunningSystem) => ((await callAdmin(system, 'GET', '/parity')) as { routes: ParityRow[] }).routes.find((row) => row.route === 'auth.me');

/** Waits until every copy sent so far was compared or dropped, so no shadow work spills into the next round. */
async function settleShadows(system: RunningSystem, mirrored: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const row = await parityOfMe(system);
    if ((row?.compared ?? 0) + (row?.dropped ?? 0) >= mirrored) return;
    if (Date.now() > deadline) return console.warn('shadows still unsettled after 120 s: going on');
    await sleep(250);
  }
}

/** Part 4: customer-facing latency with shadow on against off, and the proxy's CPU per request. */
export async function runShadowSuite(settings: BenchSettings): Promise<SuiteResult> {
  const ports = { edge: 3170, legacy: 3171, runtime: 3172 };
  // Parity counts reach the admin API when flushed: flushed often, a round can wait for its shadows.
  const system = await startSystem(ports, { STATS_FLUSH_MS: '500' });
  try {
    const proxyCpuMs = cpuMsOf(pidListeningOn(ports.edge));
    const { token } = await signUp(system);
    const load = { url: `${system.proxyUrl}/api/users/me`, headers: { authorization: `Bearer ${token}` }, rate: settings.rate };
    let mirrored = 0;
    const runRound = async (mode: 'legacy' | 'shadow', seconds: number) => {
      await flip(system, 'auth', mode);
      const cpuBefore = proxyCpuMs();
      const sample = await runFixedRate({ ...load, seconds });
      const cpuUsPerRequest = ((proxyCpuMs() - cpuBefore) * 1000) / sample.requests;
      if (mode === 'shadow') {
        mirrored += sample.requests;
        await settleShadows(system, mirrored);
      }
      return { ...sample, cpuUsPerRequest };
    };
    // Warm-up, not measured: the auth function's cold starts, the proxy's connection pools, the JIT.
    await runRound('shadow', 1);
    await runRound('legacy', 1);
    const samples: Record<'legacy' | 'shadow', (LatencySample & { cpuUsPerRequest: number })[]> = { legacy: [], shadow: [] };
    for (let round = 0; round < settings.rounds; round++) {
      // Either state goes first in turn, so a drift of the machine weighs on both alike.
      for (const mode of round % 2 === 0 ? (['legacy', 'shadow'] as const) : (['shadow', 'legacy'] as const)) samples[mode].push(await runRound(mode, settings.seconds));
    }
    await flip(system, 'auth', 'legacy');
    const parity = await parityOfMe(system);

    const figures = (mode: 'legacy' | 'shadow') => {
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
    return {
      rows: [
        { part: 'shadow', name: `GET /api/users/me @${settings.rate}/s, shadow off`, ...figures('legacy') },
        {
          part: 'shadow',
          name: `GET /api/users/me @${settings.rate}/s, shadow on`,
          ...figures('shadow'),
          verdicts: [judge(targets.shadowAddedP50, median(addedP50))],
        },
        {
          part: 'shadow',
          name: 'shadow adds',
          figures: { 'p50 ms': median(addedP50), 'p99 ms': median(addedP99), 'copies compared': parity?.compared ?? 0, 'copies dropped': parity?.dropped ?? 0 },
          spread: { 'p50 ms': spreadOf(addedP50), 'p99 ms': spreadOf(addedP99) },
        },
      ],
      details: { samples, mirrored, parity },
    };
  } finally {
    await system.stop();
  }
}
