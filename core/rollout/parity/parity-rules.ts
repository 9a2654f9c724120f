/**
 * What to leave out when comparing a route's two responses. Each entry is a path into the JSON
 * body, `user.id` or `subscriptions.*.id`, where `*` stands for any one array index or object key.
 * An ignored field is ignored whether or not it is present on either side: its presence is the
 * contract suite's business (it checks every response against the OpenAPI schemas), its value
 * differs between two honest answers.
 */
export interface ParityRules {
  readonly ignore: readonly string[];
}

// The contract keeps the request id in the X-Request-Id header, but an implementation that echoes
// it in a body must not count as divergent when the shadow copy runs under an id of its own.
const requestIds = ['requestId', 'error.requestId'];

const rules = (...ignore: string[]): ParityRules => ({ ignore: [...requestIds, ...ignore] });

/** For a route the table does not know: only the request ids are left out. */
export const defaultParityRules: ParityRules = rules();

/**
 * Only what the request itself generates differs: new ids, creation times, tokens (a JWT carries
 * its own iat, exp and jti), webhook secrets. Rows read from the shared database (a job by id,
 * metadata, deliveries) are the same row for both sides, so their ids and times are compared; a
 * field that moves while both read (a job's progress) shows as a rare mismatch, not as a blind spot.
 */
export const parityRulesByRoute: Readonly<Record<string, ParityRules>> = {
  'auth.signup': rules('token', 'user.id', 'user.createdAt'),
  'auth.login': rules('token'),
  'auth.me': defaultParityRules,
  'transcoding.presets': defaultParityRules,
  'transcoding.job': defaultParityRules,
  'metadata.get': defaultParityRules,
  'notifications.subscribe': rules('id', 'secret', 'createdAt'),
  'notifications.subscriptions': defaultParityRules,
  'notifications.deliveries': defaultParityRules,
};

/** The rules of a route id of the route table; the default rules for any other. */
export function parityRulesFor(routeId: string): ParityRules {
  return parityRulesByRoute[routeId] ?? defaultParityRules;
}

/**
 * The response headers a customer could tell apart. Never per-response ones (`date`,
 * `x-request-id`, `etag`), framing (`content-length`, `connection`, `keep-alive`) or the rest.
 */
export const comparedHeaders = ['content-type', 'content-range', 'location', 'www-authenticate', 'retry-after', 'cache-control'] as const;

export type ComparedHeader = (typeof comparedHeaders)[number];
