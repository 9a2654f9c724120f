/**
 * An event a handler cannot read. Handlers let it propagate: the invocation fails, so the retry
 * and dead-letter machinery keeps the event instead of it being acknowledged and lost.
 */
export class MalformedEventError extends Error {
  readonly code = 'malformed_event';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedEventError';
  }
}
