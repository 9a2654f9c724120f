import type { Response } from 'supertest';
import { expect } from 'vitest';

/** Asserts the legacy error format: exactly `{error: {code, message[, details]}}`, as JSON, with a request id. */
export function expectLegacyError(response: Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-request-id']).toBeTruthy();
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(response.body)).not.toMatch(/at .+\.ts:\d+/);
  if (status === 400) expect(Array.isArray(response.body.error.details)).toBe(true);
  else expect(response.body.error.details).toBeUndefined();
}
