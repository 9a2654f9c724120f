import type { Capability } from '../../core/flags/capabilities';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One endpoint of the legacy API and how it migrates. */
export interface RouteDefinition {
  /** Stable id, `<capability>.<action>`; used for per-route flags, stats and parity. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template in API Gateway syntax: `/api/videos/{id}`, greedy `{path+}`. */
  readonly path: string;
  /** The unit the route migrates with; `null` for platform routes the monolith always answers. */
  readonly capability: Capability | null;
  /** The Lambda (extracted-functions/registry.ts) that serves it once extracted; `null` if none yet. */
  readonly functionName: string | null;
  /** Whether a bearer token is required (checked by the authorizer on the Lambda path). */
  readonly auth: boolean;
  /** Safe to replay: may be retried on the monolith and shadowed. */
  readonly idempotent: boolean;
}

const route = (definition: RouteDefinition): RouteDefinition => definition;

/** Every endpoint of ../shared/legacy-api.md. The proxy, the CDK app and the dashboard read it. */
export const routeTable: readonly RouteDefinition[] = [
  route({ id: 'auth.signup', method: 'POST', path: '/api/auth/signup', capability: 'auth', functionName: 'auth', auth: false, idempotent: false }),
  route({ id: 'auth.login', method: 'POST', path: '/api/auth/login', capability: 'auth', functionName: 'auth', auth: false, idempotent: false }),
  route({ id: 'auth.me', method: 'GET', path: '/api/users/me', capability: 'auth', functionName: 'auth', auth: true, idempotent: true }),
  route({ id: 'videos.upload', method: 'POST', path: '/api/videos', capability: 'videos', functionName: null, auth: true, idempotent: false }),
  route({ id: 'videos.list', method: 'GET', path: '/api/videos', capability: 'videos', functionName: null, auth: true, idempotent: true }),
  route({ id: 'videos.get', method: 'GET', path: '/api/videos/{id}', capability: 'videos', functionName: null, auth: true, idempotent: true }),
  route({ id: 'videos.delete', method: 'DELETE', path: '/api/videos/{id}', capability: 'videos', functionName: null, auth: true, idempotent: false }),
  route({ id: 'videos.rendition', method: 'GET', path: '/api/videos/{id}/renditions/{preset}', capability: 'videos', functionName: null, auth: true, idempotent: true }),
  route({ id: 'videos.hls-file', method: 'GET', path: '/api/videos/{id}/renditions/hls/{path+}', capability: 'videos', functionName: null, auth: true, idempotent: true }),
  route({ id: 'transcoding.presets', method: 'GET', path: '/api/presets', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: true }),
  route({ id: 'transcoding.start', method: 'POST', path: '/api/videos/{id}/transcode', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: false }),
  route({ id: 'transcoding.job', method: 'GET', path: '/api/jobs/{id}', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: true }),
  route({ id: 'metadata.get', method: 'GET', path: '/api/videos/{id}/metadata', capability: 'metadata', functionName: 'metadata', auth: true, idempotent: true }),
  route({ id: 'notifications.subscribe', method: 'POST', path: '/api/notifications/subscriptions', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: false }),
  route({ id: 'notifications.subscriptions', method: 'GET', path: '/api/notifications/subscriptions', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: true }),
  route({ id: 'notifications.unsubscribe', method: 'DELETE', path: '/api/notifications/subscriptions/{id}', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: false }),
  route({ id: 'notifications.deliveries', method: 'GET', path: '/api/notifications/deliveries', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: true }),
  route({ id: 'platform.health', method: 'GET', path: '/health', capability: null, functionName: null, auth: false, idempotent: true }),
];

/** Whether some route of the capability has a Lambda to move to. */
export function hasLambda(capability: string, table: readonly RouteDefinition[] = routeTable): boolean {
  return table.some((entry) => entry.capability === capability && entry.functionName !== null);
}
