import { request as httpRequest, type Agent } from 'node:http';
import type { IncomingHttpRequest } from '../lambda-events';
import { snapshotHeaders, type ResponseSnapshot } from '../http/capture-response';

export interface LegacyHttpMirrorOptions {
  /** Base URL of the monolith. */
  legacyUrl: string;
  agent: Agent;
  timeoutMs: number;
  keepBytes: number;
}

/** Sends a copy of a request to the monolith over HTTP (reverse shadow) and reads its answer. */
export function createLegacyHttpMirror({ legacyUrl, agent, timeoutMs, keepBytes }: LegacyHttpMirrorOptions) {
  return (request: IncomingHttpRequest): Promise<ResponseSnapshot> =>
    new Promise((resolve, reject) => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
      const outgoing = httpRequest(new URL(request.url, legacyUrl), { method: request.method, headers: headers.flat(), agent, timeout: timeoutMs }, (response) => {
        const kept: Buffer[] = [];
        let bodyBytes = 0;
        let truncated = false;
        response.on('data', (chunk: Buffer) => {
          bodyBytes += chunk.length;
          if (bodyBytes > keepBytes) truncated = true;
          else kept.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: snapshotHeaders(Object.entries(response.headers)),
            body: truncated ? Buffer.alloc(0) : Buffer.concat(kept),
            bodyTruncated: truncated,
            bodyBytes,
          }),
        );
        response.on('error', reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`the monolith did not answer the mirrored request within ${timeoutMs} ms`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
}
