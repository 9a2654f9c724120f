import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestListener } from 'node:http';
import type request from 'supertest';
import { contractRequest } from './contract-request';

/** A signed-up customer of a served API, with helpers for the calls the suites make; every response is checked against the contract. */
export interface Customer {
  readonly userId: string;
  readonly token: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
  delete(path: string): request.Test;
  /** Uploads a file as the multipart field `file`, with an optional title. */
  upload(filePath: string, title?: string): request.Test;
}

/** Signs a new customer up on `http` (an app or a URL). */
export async function signUpCustomer(http: RequestListener | string): Promise<Customer> {
  const api = contractRequest(http);
  const response = await api
    .post('/api/auth/signup')
    .send({ email: `customer-${randomUUID()}@example.com`, password: 'correct horse battery', name: 'Customer' })
    .expect(201);
  const token = response.body.token as string;
  const bearer = `Bearer ${token}`;
  return {
    userId: response.body.user.id as string,
    token,
    get: (path) => api.get(path).set('authorization', bearer),
    post: (path) => api.post(path).set('authorization', bearer),
    delete: (path) => api.delete(path).set('authorization', bearer),
    upload: (filePath, title) => {
      const call = api.post('/api/videos').set('authorization', bearer);
      if (title !== undefined) call.field('title', title);
      return call.attach('file', filePath);
    },
  };
}

/** Polls until `read` returns something `done` accepts; fails after `timeoutMs` with the last value seen. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}

/** Waits for a video to leave `uploaded`/`transcoding` and returns it as the API shows it. */
export async function waitForSettledVideo(customer: Customer, videoId: string): Promise<Record<string, unknown> & { status: string }> {
  const response = await waitUntil(
    () => customer.get(`/api/videos/${videoId}`),
    (candidate) => candidate.status !== 200 || ['ready', 'failed'].includes(candidate.body.status),
  );
  if (response.status !== 200) throw new Error(`GET /api/videos/${videoId} answered ${response.status}`);
  return response.body;
}
