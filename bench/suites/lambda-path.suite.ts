import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLambdaClient } from '../../core/events/adapters/create-lambda-client';
import { toApiGatewayV2Event } from '../../edge-proxy/lambda-events';
import { findFunction } from '../../extracted-functions/registry';
import type { BenchRow } from '../bench-row';
import type { BenchSettings } from '../bench-settings';
import { runClosedLoop, type ClosedLoopSample } from '../load/closed-loop';
import { saturate, type Saturation } from '../load/saturate';
import { startSystem, type RunningSystem } from '../start-system';
import { median, percentile, spreadOf } from '../stats';
import { flip, signUp, type Customer } from '../system-client';
import { measureColdStarts } from './cold-starts';
import { judge, targets } from '../targets';
import type { SuiteResult } from './suite';

// Part 2: GET /api/users/me served by the auth function through the proxy and the local runtime,
// against the function's own duration (its REPORT line), cold starts, and throughput within the
// function's reserved concurrency; the same route on the monolith for comparison.

const routePath = '/api/users/me';
const reservedConcurrency = findFunction('auth')!.reservedConcurrency;
const warmRequests = 300;

/** Invokes the auth function straight on the runtime, as the proxy would, and reads its own duration from the log tail. */
function directInvoker(system: RunningSystem, customer: Customer) {
  const client = createLambdaClient({ endpoint: system.runtimeUrl, region: 'us-east-1' });
  const request = { method: 'GET', url: routePath, rawHeaders: ['host', '127.0.0.1', 'authorization', `Bearer ${customer.token}`], body: Buffer.alloc(0), sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' };
  const invoke = async (functionName: string, event: unknown) => {
    const startedAt = performance.now();
    const result = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' }));
    const wallMs = performance.now() - startedAt;
    if (result.FunctionError) throw new Error(`${functionName} failed: ${Buffer.from(result.Payload ?? []).toString()}`);
    const report = /Duration: ([\d.]+) ms/.exec(Buffer.from(result.LogResult ?? '', 'base64').toString())?.[1];
    if (!report) throw new Error(`${functionName} sent no REPORT line in its log tail`);
    return { wallMs, durationMs: Number(report), payload: JSON.parse(Buffer.from(result.Payload ?? []).toString()) as unknown };
  };
  const event = () => toApiGatewayV2Event(request, { routeKey: `GET ${routePath}`, pathParameters: {} }, { requestId: crypto.randomUUID(), now: new Date(), domainName: '127.0.0.1' });
  return {
    /** The auth function's own duration and the direct invoke's wall time, with the authorizer's context as the proxy passes it. */
    async sample(count: number) {
      const authorized = (await invoke('authorizer', event())).payload as { context: Record<string, unknown> };
      const runs = [];
      for (let index = 0; index < count; index++) {
        const built = event();
        runs.push(await invoke('auth', { ...built, requestContext: { ...built.requestContext, authorizer: { lambda: authorized.context } } } as APIGatewayProxyEventV2));
      }
      return { durationP50Ms: percentile(runs.map((run) => run.durationMs), 50), wallP50Ms: percentile(runs.map((run) => run.wallMs), 50) };
    },
    close: () => client.destroy(),
  };
}

/** Part 2: the Lambda path's overhead, cold starts and throughput, against the legacy path. */
export async function runLambdaPathSuite(settings: BenchSettings): Promise<SuiteResult> {
  const ports = { edge: 3150, legacy: 3151, runtime: 3152 };
  const cold = await measureColdStarts(settings.rounds, ports);
  const system = await startSystem(ports);
  const customer = await signUp(system).catch(async (error: unknown) => {
    await system.stop();
    throw error;
  });
  const direct = directInvoker(system, customer);
  try {
    const headers = { authorization: `Bearer ${customer.token}` };
    const rounds: { lambda: ClosedLoopSample; legacy: ClosedLoopSample; functionMs: number; directWallMs: number; lambdaSat: Saturation; legacySat: Saturation }[] = [];
    const load = { url: `${system.proxyUrl}${routePath}`, headers, connections: 1, requests: warmRequests };
    // Warm-up, not measured (cold starts are, above): as many instances as the loads below will use.
    await flip(system, 'auth', 'lambda');
    await saturate({ url: load.url, headers, connections: reservedConcurrency, seconds: 1 });
    for (let round = 0; round < settings.rounds; round++) {
      await flip(system, 'auth', 'lambda');
      const lambda = await runClosedLoop(load);
      const { durationP50Ms, wallP50Ms } = await direct.sample(warmRequests / 3);
      const lambdaSat = await saturate({ url: load.url, headers, connections: reservedConcurrency, seconds: settings.seconds });
      await flip(system, 'auth', 'legacy');
      const legacy = await runClosedLoop(load);
      const legacySat = await saturate({ url: load.url, headers, connections: reservedConcurrency, seconds: settings.seconds });
      rounds.push({ lambda, legacy, functionMs: durationP50Ms, directWallMs: wallP50Ms, lambdaSat, legacySat });
    }

    const figure = (values: number[]) => ({ value: median(values), spread: spreadOf(values) });
    const row = (name: string, columns: Record<string, { value: number; spread: [number, number] }>, extra: Partial<BenchRow> = {}): BenchRow => ({
      part: 'lambda',
      name,
      figures: Object.fromEntries(Object.entries(columns).map(([key, { value }]) => [key, value])),
      spread: Object.fromEntries(Object.entries(columns).map(([key, { spread }]) => [key, spread])),
      ...extra,
    });
    const overhead = figure(rounds.map((round) => round.lambda.p50Ms - round.functionMs));
    const authCold = figure(cold.authMs);
    const coldErrors = { value: cold.failed, spread: [cold.failed, cold.failed] as [number, number] };
    const rows: BenchRow[] = [
      row(`${routePath} via proxy -> auth Lambda`, {
        'p50 ms': figure(rounds.map((round) => round.lambda.p50Ms)),
        'p99 ms': figure(rounds.map((round) => round.lambda.p99Ms)),
        'function p50 ms': figure(rounds.map((round) => round.functionMs)),
        'overhead p50 ms': overhead,
        [`req/s @${reservedConcurrency} conn`]: figure(rounds.map((round) => round.lambdaSat.requestsPerSecond)),
        errors: figure(rounds.map((round) => round.lambda.errors + round.lambdaSat.errors)),
      }, { verdicts: [judge(targets.lambdaWarmOverheadP50, overhead.value)] }),
      row(`${routePath} invoked on the runtime directly`, { 'p50 ms': figure(rounds.map((round) => round.directWallMs)), 'function p50 ms': figure(rounds.map((round) => round.functionMs)) }),
      row(`${routePath} via proxy -> monolith`, {
        'p50 ms': figure(rounds.map((round) => round.legacy.p50Ms)),
        'p99 ms': figure(rounds.map((round) => round.legacy.p99Ms)),
        [`req/s @${reservedConcurrency} conn`]: figure(rounds.map((round) => round.legacySat.requestsPerSecond)),
        errors: figure(rounds.map((round) => round.legacy.errors + round.legacySat.errors)),
      }),
      row('first Lambda request after load (authorizer cold)', { 'p50 ms': figure(cold.authorizerMs), errors: coldErrors }),
      row('auth cold start (its first request after load)', { 'p50 ms': authCold, errors: coldErrors }, { verdicts: [judge(targets.lambdaColdStart, authCold.value)] }),
    ];
    return { rows, details: { cold, rounds } };
  } finally {
    direct.close();
    await system.stop();
  }
}
