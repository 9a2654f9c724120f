import { Agent, request } from 'node:http';
import { percentile } from '../stats';

export interface ClosedLoad {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Keep-alive connections, each sending one request at a time (a closed loop). */
  connections: number;
  requests: number;
}

export interface ClosedLoopSample {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  /** Requests that failed or answered 4xx/5xx. */
  errors: number;
}

function send(url: string, { method = 'GET', headers, body }: ClosedLoad, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Sends a fixed number of requests and times each on this process's clock, to the microsecond:
 * autocannon's histogram keeps whole milliseconds, too coarse for a difference of a fraction of one.
 */
export async function runClosedLoop(load: ClosedLoad): Promise<ClosedLoopSample> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const connection = async () => {
    while (sent < load.requests) {
      sent += 1;
      const startedAt = performance.now();
      try {
        if ((await send(load.url, load, agent)) >= 400) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - startedAt);
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: load.connections }, connection));
  const seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requestsPerSecond: load.requests / seconds,
    errors,
  };
}
