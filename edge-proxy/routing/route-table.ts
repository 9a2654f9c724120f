import type { Capability } from '../../core/flags/capabilities';
import type { DryRunResource } from '../../core/rollout/dry-run-request';

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
  /** How the side that does not answer gets a copy to compare (shadow states). */
  readonly shadow: ShadowPolicy;
  /** What crosses the wire and how long the work runs, for the pre-flight migratability check. */
  readonly traits: RouteTraits;
}

/**
 * `mirror`: a read, sent again as is. `dry-run`: a write whose effects are only in the database,
 * sent in a transaction that is rolled back. `read-back`: a write with external effects (storage,
 * ffmpeg), never sent twice; its effect is compared through the mirrored reads of `readBack`.
 */
export type ShadowPolicy =
  | { readonly mode: 'mirror' }
  | {
      readonly mode: 'dry-run';
      /**
       * What the primary creates: the dry run removes it first (inside its rolled-back
       * transaction), so the shadow meets the state the primary met, e.g. an email not yet taken.
       */
      readonly primaryCreates?: { readonly resource: DryRunResource; readonly idPointer: string };
    }
  | { readonly mode: 'read-back'; readonly readBack: readonly string[] };

export interface RouteTraits {
  readonly requestBody: 'none' | 'json' | 'upload';
  /** `file`: bytes streamed from storage (binary, possibly large, Range). */
  readonly responseBody: 'json' | 'empty' | 'file';
  /** The request only queues work that runs elsewhere (the transcode worker). */
  readonly queuesWork?: true;
}

const route = (definition: RouteDefinition): RouteDefinition => definition;
const mirror: ShadowPolicy = { mode: 'mirror' };
const dryRun: ShadowPolicy = { mode: 'dry-run' };
const jsonRead: RouteTraits = { requestBody: 'none', responseBody: 'json' };
const jsonWrite: RouteTraits = { requestBody: 'json', responseBody: 'json' };
const fileRead: RouteTraits = { requestBody: 'none', responseBody: 'file' };
const deletion: RouteTraits = { requestBody: 'none', responseBody: 'empty' };

/** Every endpoint of ../shared/legacy-api.md. The proxy, the CDK app and the dashboard read it. */
export const routeTable: readonly RouteDefinition[] = [
  route({ id: 'auth.signup', method: 'POST', path: '/api/auth/signup', capability: 'auth', functionName: 'auth', auth: false, idempotent: false, shadow: { mode: 'dry-run', primaryCreates: { resource: 'user', idPointer: '/user/id' } }, traits: jsonWrite }),
  route({ id: 'auth.login', method: 'POST', path: '/api/auth/login', capability: 'auth', functionName: 'auth', auth: false, idempotent: false, shadow: dryRun, traits: jsonWrite }),
  route({ id: 'auth.me', method: 'GET', path: '/api/users/me', capability: 'auth', functionName: 'auth', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'videos.upload', method: 'POST', path: '/api/videos', capability: 'videos', functionName: null, auth: true, idempotent: false, shadow: { mode: 'read-back', readBack: ['videos.get', 'videos.list'] }, traits: { requestBody: 'upload', responseBody: 'json', queuesWork: true } }),
  route({ id: 'videos.list', method: 'GET', path: '/api/videos', capability: 'videos', functionName: null, auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'videos.get', method: 'GET', path: '/api/videos/{id}', capability: 'videos', functionName: null, auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'videos.delete', method: 'DELETE', path: '/api/videos/{id}', capability: 'videos', functionName: null, auth: true, idempotent: false, shadow: { mode: 'read-back', readBack: ['videos.get', 'videos.list'] }, traits: deletion }),
  route({ id: 'videos.rendition', method: 'GET', path: '/api/videos/{id}/renditions/{preset}', capability: 'videos', functionName: null, auth: true, idempotent: true, shadow: mirror, traits: fileRead }),
  route({ id: 'videos.hls-file', method: 'GET', path: '/api/videos/{id}/renditions/hls/{path+}', capability: 'videos', functionName: null, auth: true, idempotent: true, shadow: mirror, traits: fileRead }),
  route({ id: 'transcoding.presets', method: 'GET', path: '/api/presets', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'transcoding.start', method: 'POST', path: '/api/videos/{id}/transcode', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: false, shadow: { mode: 'read-back', readBack: ['transcoding.job'] }, traits: { ...jsonWrite, queuesWork: true } }),
  route({ id: 'transcoding.job', method: 'GET', path: '/api/jobs/{id}', capability: 'transcoding', functionName: 'transcoding', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'metadata.get', method: 'GET', path: '/api/videos/{id}/metadata', capability: 'metadata', functionName: 'metadata', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'notifications.subscribe', method: 'POST', path: '/api/notifications/subscriptions', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: false, shadow: dryRun, traits: jsonWrite }),
  route({ id: 'notifications.subscriptions', method: 'GET', path: '/api/notifications/subscriptions', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'notifications.unsubscribe', method: 'DELETE', path: '/api/notifications/subscriptions/{id}', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: false, shadow: { mode: 'read-back', readBack: ['notifications.subscriptions'] }, traits: deletion }),
  route({ id: 'notifications.deliveries', method: 'GET', path: '/api/notifications/deliveries', capability: 'notifications', functionName: 'notifications', auth: true, idempotent: true, shadow: mirror, traits: jsonRead }),
  route({ id: 'platform.health', method: 'GET', path: '/health', capability: null, functionName: null, auth: false, idempotent: true, shadow: mirror, traits: jsonRead }),
];

/** Whether some route of the capability has a Lambda to move to. */
export function hasLambda(capability: string, table: readonly RouteDefinition[] = routeTable): boolean {
  return table.some((entry) => entry.capability === capability && entry.functionName !== null);
}
