import type { EventContext, HttpResponse, IncomingHttpRequest } from '../lambda-events';
import type { ResponseSnapshot } from '../http/capture-response';
import type { MatchedRoute } from '../routing/match-route';

/** Sends a mirrored request to the side that did not answer it; its answer, or a legacy error, comes back. */
export type ShadowSender = (call: { request: IncomingHttpRequest; matched: MatchedRoute; context: EventContext; stageVariables?: Record<string, string> }) => Promise<ResponseSnapshot>;

/** A function's response as a snapshot to compare. */
export function snapshotOf(response: HttpResponse): ResponseSnapshot {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { status: response.statusCode, headers, body: response.body, bodyTruncated: false, bodyBytes: response.body.length };
}
