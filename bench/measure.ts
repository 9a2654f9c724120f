import autocannon from 'autocannon';

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/** One autocannon run at saturation; non-2xx answers count as errors. */
export async function measure({ url, headers, connections, durationSeconds }: LoadOptions): Promise<Measurement> {
  const result = await autocannon({ url, headers, connections, duration: durationSeconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The median of several rounds (the machine is shared and noisy), with the spread of req/s. */
export async function measureRounds(options: LoadOptions, rounds: number) {
  const runs: Measurement[] = [];
  for (let round = 0; round < rounds; round++) runs.push(await measure(options));
  const rps = runs.map((run) => run.requestsPerSecond);
  return {
    requestsPerSecond: median(rps),
    spread: { min: Math.min(...rps), max: Math.max(...rps) },
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}
