import type { BenchRow } from '../bench-row';
import type { BenchSettings } from '../bench-settings';
import { runFixedRate, type LatencySample } from '../load/fixed-rate';
import { saturate, type Saturation } from '../load/saturate';
import { startEdgeProxy } from '../peers/edge-proxy.peer';
import { startNginx } from '../peers/nginx.peer';
import { startFastifyReplyFrom, startHpmDefault, startHpmKeepAlive, startJsonUpstream } from '../peers/node-peers';
import type { RunningServer } from '../peers/start-peer';
import { cpuMsOf, rssMiB } from '../process-usage';
import { startSystem, type RunningSystem } from '../start-system';
import { median, spreadOf } from '../stats';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';

// Part 1 (and 6, memory): the legacy path's cost against what a team would otherwise put in front
// of the monolith. Every target is measured in every round, in a rotating order, so the machine's
// drift weighs on all alike; every figure is the median over rounds of a same-round comparison.

const targetNames = ['direct', 'our proxy', 'hpm + keep-alive', 'bare hpm', 'fastify reply-from', 'nginx'] as const;
type TargetName = (typeof targetNames)[number];

interface Payload {
  name: string;
  /** The monolith itself, or the 100 KB JSON upstream. */
  upstream: (system: RunningSystem, json: RunningServer) => string;
  path: string;
}

const payloads: Payload[] = [
  { name: 'GET /health (monolith)', upstream: (system) => system.legacyUrl, path: '/health' },
  { name: 'GET 100 KB JSON', upstream: (_system, json) => json.url, path: '/catalog.json' },
];

interface RoundSample {
  saturation: Saturation;
  /** The proxy process's own CPU time per request at saturation: steadier than req/s on a busy machine. */
  cpuUsPerRequest?: number;
  atRate: LatencySample;
  rssMiB?: number;
}

async function startTargets(system: RunningSystem, upstream: string): Promise<Record<TargetName, { url: string; server?: RunningServer }>> {
  const [ours, tuned, hpm, fastify, nginx] = [await startEdgeProxy(system, upstream), await startHpmKeepAlive(upstream), await startHpmDefault(upstream), await startFastifyReplyFrom(upstream), await startNginx(upstream)];
  return {
    direct: { url: upstream },
    'our proxy': { url: ours.url, server: ours },
    'hpm + keep-alive': { url: tuned.url, server: tuned },
    'bare hpm': { url: hpm.url, server: hpm },
    'fastify reply-from': { url: fastify.url, server: fastify },
    nginx: { url: nginx.url, server: nginx },
  };
}

const rotate = <T>(values: readonly T[], by: number) => values.map((_, index) => values[(index + by) % values.length]!);

async function measurePayload(settings: BenchSettings, system: RunningSystem, json: RunningServer, payload: Payload) {
  const upstream = payload.upstream(system, json);
  const started = await startTargets(system, upstream);
  try {
    const urlOf = (target: TargetName) => `${started[target].url}${payload.path}`;
    // Warm-up, not measured: JIT, connection pools.
    for (const target of targetNames) await saturate({ url: urlOf(target), connections: settings.connections, seconds: 1 });
    const rounds: Record<TargetName, RoundSample>[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const samples = {} as Record<TargetName, RoundSample>;
      for (const target of rotate(targetNames, round)) {
        const server = started[target].server;
        // nginx's CPU and memory are its worker's, not the master we started: left out.
        const cpuMs = server && target !== 'nginx' ? cpuMsOf(server.pid) : undefined;
        const cpuBefore = cpuMs?.() ?? 0;
        const saturation = await saturate({ url: urlOf(target), connections: settings.connections, seconds: settings.seconds });
        const cpuUsPerRequest = cpuMs ? ((cpuMs() - cpuBefore) * 1000) / saturation.requests : undefined;
        const atRate = await runFixedRate({ url: urlOf(target), rate: settings.rate, seconds: settings.seconds });
        samples[target] = { saturation, cpuUsPerRequest, atRate, rssMiB: cpuMs ? rssMiB(server!.pid) : undefined };
      }
      rounds.push(samples);
    }
    return rounds;
  } finally {
    for (const target of targetNames) await started[target].server?.stop();
  }
}

const figure = (values: number[]) => ({ value: median(values), spread: spreadOf(values) });

function rowsOf(settings: BenchSettings, payload: Payload, rounds: Record<TargetName, RoundSample>[]): BenchRow[] {
  const rps = (target: TargetName) => rounds.map((round) => round[target].saturation.requestsPerSecond);
  const ratio = (target: TargetName, baseline: TargetName) => figure(rounds.map((round) => round[target].saturation.requestsPerSecond / round[baseline].saturation.requestsPerSecond));
  const added = (target: TargetName, key: 'p50Ms' | 'p99Ms') => figure(rounds.map((round) => round[target].atRate[key] - round.direct.atRate[key]));
  return targetNames.map((target) => {
    const columns: Record<string, { value: number; spread: [number, number] }> = {
      'req/s': figure(rps(target)),
      'x direct': ratio(target, 'direct'),
      'sat p50 ms': figure(rounds.map((round) => round[target].saturation.p50Ms)),
      'sat p99 ms': figure(rounds.map((round) => round[target].saturation.p99Ms)),
      [`p50 ms @${settings.rate}/s`]: figure(rounds.map((round) => round[target].atRate.p50Ms)),
      [`p99 ms @${settings.rate}/s`]: figure(rounds.map((round) => round[target].atRate.p99Ms)),
    };
    if (target !== 'direct') {
      columns['added p50 ms'] = added(target, 'p50Ms');
      columns['added p99 ms'] = added(target, 'p99Ms');
    }
    const cpu = rounds.map((round) => round[target].cpuUsPerRequest).filter((value) => value !== undefined);
    if (cpu.length) columns['CPU us/req'] = figure(cpu);
    const rss = rounds.map((round) => round[target].rssMiB).filter((value) => value !== undefined);
    if (rss.length) columns['RSS MiB'] = figure(rss);
    if (target === 'our proxy') {
      columns['x hpm'] = ratio('our proxy', 'bare hpm');
      columns['x fastify'] = ratio('our proxy', 'fastify reply-from');
      columns['x nginx'] = ratio('our proxy', 'nginx');
    }
    const errors = rounds.reduce((sum, round) => sum + round[target].saturation.errors + round[target].atRate.errors, 0);
    return {
      part: 'legacy' as const,
      name: `${payload.name}: ${target}`,
      figures: { ...Object.fromEntries(Object.entries(columns).map(([name, { value }]) => [name, value])), errors },
      spread: Object.fromEntries(Object.entries(columns).map(([name, { spread }]) => [name, spread])),
      verdicts:
        target === 'our proxy'
          ? [judge(targets.throughputVsHpm, columns['x hpm']!.value), judge(targets.throughputVsFastify, columns['x fastify']!.value), judge(targets.addedP50AtRate, columns['added p50 ms']!.value)]
          : undefined,
    };
  });
}

/** Part 1: the legacy path through our proxy and its peers, at saturation and at a fixed rate, with memory. */
export async function runLegacyPathSuite(settings: BenchSettings): Promise<SuiteResult> {
  const system = await startSystem({ edge: 3130, legacy: 3131, runtime: 3132 });
  const json = await startJsonUpstream();
  try {
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = {};
    for (const payload of payloads) {
      const rounds = await measurePayload(settings, system, json, payload);
      details[payload.name] = rounds;
      rows.push(...rowsOf(settings, payload, rounds));
    }
    return { rows, details };
  } finally {
    await json.stop();
    await system.stop();
  }
}
