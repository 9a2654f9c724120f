/** A request as the edge proxy received it, free of any HTTP framework (filled from Node's IncomingMessage). */
export interface IncomingHttpRequest {
  readonly method: string;
  /** Raw request target as received (origin form), e.g. '/api/videos/%C3%A9t%C3%A9?limit=5&tag=a&tag=b'. */
  readonly url: string;
  /** Node's req.rawHeaders: flat [name, value, name, value…], duplicates and case preserved. */
  readonly rawHeaders: readonly string[];
  /** The whole request body; an empty Buffer when there is none. */
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. 'HTTP/1.1'. */
  readonly protocol: string;
}

/** The route-table entry a request matched, in API Gateway's terms. */
export interface RouteMatch {
  /** e.g. 'GET /api/videos/{id}' (or '$default'). */
  readonly routeKey: string;
  /**
   * Values exactly as they appear in the raw path, NOT yet percent-decoded (path-to-regexp:
   * `match(template, { decode: false })`). Each converter decodes them the way its API type does;
   * decoding twice would corrupt values that contain '%'.
   */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** What a Lambda authorizer returned as `context` (simple responses). */
export type LambdaAuthorizerContext = Readonly<Record<string, string | number | boolean>>;

/** Per-request facts API Gateway would add; passed in so the converters stay pure. */
export interface EventContext {
  readonly requestId: string;
  readonly now: Date;
  /** Defaults to '$default'. */
  readonly stage?: string;
  readonly domainName: string;
  readonly authorizer?: LambdaAuthorizerContext;
}
