import type { EventContext, HttpResponse, IncomingHttpRequest } from '../lambda-events';
import { snapshotHeaders, type ResponseSnapshot } from '../http/capture-response';
import type { MatchedRoute } from '../routing/match-route';

/** Sends a mirrored request to the side that did not answer it; its answer, or a legacy error, comes back. */
export type ShadowSender = (call: { request: IncomingHttpRequest; matched: MatchedRoute; context: EventContext; stageVariables?: Record<string, string> }) => Promise<ResponseSnapshot>;

/** A function's response as a snapshot to compare. */
export function snapshotOf(response: HttpResponse): ResponseSnapshot {
  return { status: response.statusCode, headers: snapshotHeaders(response.headers), body: response.body, bodyTruncated: false, bodyBytes: response.body.length };
}
