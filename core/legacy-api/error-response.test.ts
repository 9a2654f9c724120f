import { describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError, ValidationError } from '../errors/app-error';
import { toLegacyErrorResponse } from './error-response';

describe('toLegacyErrorResponse', () => {
  it('maps a platform error to its status and the legacy shape', () => {
    expect(toLegacyErrorResponse(new NotFoundError('No such video'))).toEqual({
      status: 404,
      headers: {},
      body: { error: { code: 'not_found', message: 'No such video' } },
    });
  });

  it('includes details for validation errors', () => {
    const response = toLegacyErrorResponse(new ValidationError([{ path: 'email', message: 'must be a valid email address' }]));
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'email', message: 'must be a valid email address' }]);
  });

  it('sends Retry-After when a service says when to come back', () => {
    expect(toLegacyErrorResponse(new UnavailableError('busy', 3)).headers).toEqual({ 'retry-after': '3' });
  });

  it('answers 503 unavailable with Retry-After when the database cannot be reached, revealing nothing of it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    expect(toLegacyErrorResponse(refused)).toEqual({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'unavailable', message: 'The service is temporarily unavailable: try again shortly' } },
    });
  });

  it('hides everything about an unexpected error behind a 500', () => {
    const response = toLegacyErrorResponse(new TypeError('Cannot read properties of undefined (reading "x")'));
    expect(response).toEqual({ status: 500, headers: {}, body: { error: { code: 'internal', message: 'Something went wrong on our side' } } });
  });
});
