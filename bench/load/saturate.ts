import autocannon from 'autocannon';

export interface SaturationLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

export interface Saturation {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Failed, timed out or non-2xx. */
  errors: number;
  requests: number;
}

/** One autocannon run as fast as the target answers; non-2xx answers count as errors. */
export async function saturate({ url, method = 'GET', headers, body, connections, seconds }: SaturationLoad): Promise<Saturation> {
  const result = await autocannon({ url, method, headers, body, connections, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}
