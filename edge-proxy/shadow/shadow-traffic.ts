import type { Logger } from 'pino';
import type { Clock } from '../../core/clock/clock';
import { toLegacyErrorResponse } from '../../core/legacy-api/error-response';
import { toDryRunStageVariables, type DryRunRequest } from '../../core/rollout/dry-run-request';
import type { CapturedResponse } from '../../core/rollout/parity/captured-response';
import { compareResponses } from '../../core/rollout/parity/compare-responses';
import { parityRulesFor } from '../../core/rollout/parity/parity-rules';
import type { ParityRecorder } from '../../core/rollout/parity/parity-recorder';
import type { ParityStore } from '../../core/rollout/parity/parity.store';
import { toStoredResponse } from '../../core/rollout/parity/stored-response';
import type { ResponseSnapshot } from '../http/capture-response';
import type { EventContext, IncomingHttpRequest } from '../lambda-events';
import type { MatchedRoute } from '../routing/match-route';
import type { ShadowPolicy } from '../routing/route-table';
import type { Target } from '../routing/route-target';
import type { ShadowQueue } from './shadow-queue';
import type { ShadowSender } from './shadow-target';

export interface ShadowTrafficDeps {
  queue: ShadowQueue;
  senders: Record<Target, ShadowSender>;
  parity: Pick<ParityRecorder, 'recordComparison' | 'recordDrop'>;
  mismatches: Pick<ParityStore, 'recordMismatch'>;
  clock: Clock;
  logger: Logger;
}

/** A request the primary has answered, and how its copy goes to the other side. */
export interface AnsweredRequest {
  readonly matched: MatchedRoute;
  readonly request: IncomingHttpRequest;
  readonly context: EventContext;
  readonly primary: CapturedResponse;
  readonly shadow: { readonly target: Target; readonly policy: ShadowPolicy };
}

const readPointer = (value: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);

/** What a dry run must remove first: the resource the primary created, named in its answer. */
function dryRunOf(policy: ShadowPolicy, primary: CapturedResponse): DryRunRequest {
  if (policy.mode !== 'dry-run' || !policy.primaryCreates || primary.status >= 300 || primary.bodyTruncated) return {};
  try {
    const id = readPointer(JSON.parse(primary.body.toString('utf8')), policy.primaryCreates.idPointer);
    return typeof id === 'string' && id.length > 0 ? { removes: { resource: policy.primaryCreates.resource, id } } : {};
  } catch {
    return {};
  }
}

/** A failure of the shadow side is an answer too: the legacy error the customer would have seen. */
function legacyErrorSnapshot(error: unknown): ResponseSnapshot {
  const { status, headers, body } = toLegacyErrorResponse(error);
  const bytes = Buffer.from(JSON.stringify(body));
  return { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body: bytes, bodyTruncated: false, bodyBytes: bytes.length };
}

/**
 * Mirrors answered requests to the side that did not serve them, off the customer's path: queued
 * after the primary's response is complete, dropped (and counted) when the queue is full. Each
 * answer is compared with the primary's; the parity counts and every mismatch are recorded.
 */
export class ShadowTraffic {
  constructor(private readonly deps: ShadowTrafficDeps) {}

  mirror(answered: AnsweredRequest): void {
    const routeId = answered.matched.route.id;
    const queued = this.deps.queue.offer(() => this.compare(answered));
    if (!queued) this.deps.parity.recordDrop(routeId, this.deps.clock.now());
  }

  private async compare({ matched, request, context, primary, shadow }: AnsweredRequest): Promise<void> {
    const dryRun = shadow.policy.mode === 'dry-run' ? toDryRunStageVariables(dryRunOf(shadow.policy, primary)) : undefined;
    const answer = await this.deps.senders[shadow.target]({ request, matched, context, stageVariables: dryRun }).catch(legacyErrorSnapshot);
    const shadowResponse: CapturedResponse = { ...answer, target: shadow.target };
    const routeId = matched.route.id;
    const comparison = compareResponses(primary, shadowResponse, parityRulesFor(routeId));
    this.deps.parity.recordComparison(routeId, comparison.matched, this.deps.clock.now());
    if (comparison.matched) return;
    this.deps.logger.info({ requestId: context.requestId, route: routeId, target: shadow.target, differences: comparison.differences.slice(0, 5) }, 'shadow mismatch');
    await this.deps.mismatches.recordMismatch({
      routeId,
      observedAt: this.deps.clock.now(),
      requestId: context.requestId,
      method: request.method,
      path: request.url.split('?', 1)[0]!,
      differences: comparison.differences,
      primary: toStoredResponse(primary),
      shadow: toStoredResponse(shadowResponse),
    });
  }
}
