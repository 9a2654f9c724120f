import { startSystem } from '../start-system';
import { flip, signUp } from '../system-client';

/** A request's latency as the customer saw it, body read; anything but 200 counts as failed. */
const timed = async (request: () => Promise<Response>) => {
  const startedAt = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { ms: performance.now() - startedAt, failed: response.status !== 200 };
};

export interface ColdStarts {
  /** The first Lambda-served request after load, per round: the authorizer starts cold (its function is pre-warmed). */
  authorizerMs: number[];
  /** The first request on the auth function after load, per round, the authorizer warm by then. */
  authMs: number[];
  failed: number;
}

/**
 * Cold starts as a customer meets them: each round starts the system afresh, so every function
 * process is new. A first protected request to the (pre-warmed) notifications function pays for the
 * authorizer's start; the first GET /api/users/me after auth is flipped then pays for the auth
 * function's own. Only a new system guarantees a new process: a burst of concurrent requests on a
 * running one may well be served by its warm instances one after another.
 */
export async function measureColdStarts(rounds: number, ports: { edge: number; legacy: number; runtime: number }): Promise<ColdStarts> {
  const result: ColdStarts = { authorizerMs: [], authMs: [], failed: 0 };
  for (let round = 0; round < rounds; round++) {
    const system = await startSystem(ports);
    try {
      const { token } = await signUp(system);
      const get = (path: string) => () => fetch(`${system.proxyUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await flip(system, 'notifications', 'lambda');
      const authorizer = await timed(get('/api/notifications/subscriptions'));
      await flip(system, 'auth', 'lambda');
      const auth = await timed(get('/api/users/me'));
      result.authorizerMs.push(authorizer.ms);
      result.authMs.push(auth.ms);
      result.failed += Number(authorizer.failed) + Number(auth.failed);
    } finally {
      await system.stop();
    }
  }
  return result;
}
