import { AppError } from '../../core/errors/app-error';

/** A client sent more requests than its share; Retry-After says when it may send again. */
export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
}
