import { Agent, request } from 'node:http';
import { percentile } from '../stats';

export interface FixedRateLoad {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second, sent on schedule whether or not earlier ones have answered (an open loop). */
  rate: number;
  seconds: number;
}

export interface LatencySample {
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Requests that failed or answered 4xx/5xx. */
  errors: number;
}

function send(url: string, headers: Record<string, string> | undefined, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Sends GETs at a constant rate over keep-alive connections and times each on this process's
 * clock to the microsecond: autocannon's fixed-rate mode keeps whole milliseconds, too coarse
 * for an overhead of a fraction of one. Each request is timed from when it was actually sent.
 */
export async function runFixedRate({ url, headers, rate, seconds }: FixedRateLoad): Promise<LatencySample> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - startedAt) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const sentAt = performance.now();
      inFlight.push(
        send(url, headers, agent).then(
          (status) => {
            latencies.push(performance.now() - sentAt);
            if (status >= 400) errors += 1;
          },
          () => {
            errors += 1;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), requests: total, errors };
}
