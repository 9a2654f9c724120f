/** The Lambda proxy payload format a result was read as. */
export type PayloadFormatVersion = '1.0' | '2.0';

/** What was wrong with a Lambda result, and where. */
export interface InvalidLambdaResultDetails {
  readonly payloadFormatVersion: PayloadFormatVersion;
  /** The offending field, e.g. 'statusCode', 'headers.x-trace', 'cookies[1]', or 'payload' for the whole. */
  readonly field: string;
  readonly message: string;
}

/** A Lambda returned something API Gateway could not turn into an HTTP response; the proxy answers 502. */
export class InvalidLambdaResultError extends Error {
  override readonly name = 'InvalidLambdaResultError';
  readonly code = 'INVALID_LAMBDA_RESULT';
  readonly payloadFormatVersion: PayloadFormatVersion;
  readonly field: string;

  constructor(details: InvalidLambdaResultDetails, options?: ErrorOptions) {
    super(`Invalid Lambda result (payload format ${details.payloadFormatVersion}): ${details.message}`, options);
    this.payloadFormatVersion = details.payloadFormatVersion;
    this.field = details.field;
  }
}
