import type { RunningSystem } from './start-system';

/** A customer signed up through the proxy, with the token it calls the API with. */
export interface Customer {
  email: string;
  password: string;
  token: string;
}

/** Signs a new customer up through the proxy. */
export async function signUp(system: RunningSystem): Promise<Customer> {
  const credentials = { email: `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`, password: 'correct horse' };
  const response = await fetch(`${system.proxyUrl}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...credentials, name: 'Bench' }) });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { ...credentials, token };
}

/** Calls the admin API with the engineers' token; a non-2xx answer throws with its body. */
export async function callAdmin(system: RunningSystem, method: string, pathname: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${system.proxyUrl}/_strangler/api${pathname}`, {
    method,
    headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${pathname} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Moves a capability through the admin API (forced: the benchmark skips the parity gate). */
export const flip = (system: RunningSystem, capability: string, state: string) => callAdmin(system, 'PUT', `/flags/${capability}`, { state, reason: 'benchmark', force: true });
