import { fingerprintBody } from './body-fingerprint';
import type { CapturedResponse } from './captured-response';
import { diffJson } from './diff-json';
import { normalizeHeader } from './normalize-header';
import { comparedHeaders, type ParityRules } from './parity-rules';

/** One way the two responses differ: `status`, `header:content-type`, `body` or `body.user.name`. */
export interface ParityDifference {
  readonly path: string;
  /** The primary's value; undefined when it has none there. */
  readonly primary: unknown;
  readonly shadow: unknown;
}

export interface ParityComparison {
  readonly matched: boolean;
  /** False when a body was too large to capture whole: status and headers were compared, the bodies not. */
  readonly bodyCompared: boolean;
  /** At most `maxReportedDifferences` of them. */
  readonly differences: ParityDifference[];
}

// Enough to see what went wrong; a body that differs everywhere would otherwise fill the store.
const maxReportedDifferences = 50;

const isJsonMediaType = (contentType: string | undefined): boolean => /^application\/([\w.-]+\+)?json\b/i.test(contentType?.trim() ?? '');

const startsLikeJson = (body: Buffer): boolean => /^\s*[[{]/.test(body.toString('latin1', 0, 64));

// Declared JSON, or starting like a JSON document: binary files are never decoded.
function parseJsonBody(response: CapturedResponse): { value: unknown } | undefined {
  if (!isJsonMediaType(response.headers['content-type']) && !startsLikeJson(response.body)) return undefined;
  try {
    return { value: JSON.parse(response.body.toString('utf8')) };
  } catch {
    // Not JSON after all: the bodies are compared byte for byte instead.
    return undefined;
  }
}

function compareBodies(primary: CapturedResponse, shadow: CapturedResponse, rules: ParityRules, limit: number): ParityDifference[] {
  const primaryJson = parseJsonBody(primary);
  const shadowJson = parseJsonBody(shadow);
  if (primaryJson && shadowJson) return diffJson(primaryJson.value, shadowJson.value, rules.ignore, limit);
  if (primary.body.equals(shadow.body)) return [];
  return [{ path: 'body', primary: fingerprintBody(primary.body), shadow: fingerprintBody(shadow.body) }];
}

/** Compares what a customer could tell apart in two responses to the same request: status, chosen headers, body. */
export function compareResponses(primary: CapturedResponse, shadow: CapturedResponse, rules: ParityRules): ParityComparison {
  const differences: ParityDifference[] = [];
  if (primary.status !== shadow.status) differences.push({ path: 'status', primary: primary.status, shadow: shadow.status });
  for (const name of comparedHeaders) {
    const primaryValue = normalizeHeader(name, primary.headers[name]);
    const shadowValue = normalizeHeader(name, shadow.headers[name]);
    if (primaryValue !== shadowValue) differences.push({ path: `header:${name}`, primary: primaryValue, shadow: shadowValue });
  }
  const bodyCompared = !primary.bodyTruncated && !shadow.bodyTruncated;
  if (bodyCompared) differences.push(...compareBodies(primary, shadow, rules, maxReportedDifferences - differences.length));
  return { matched: differences.length === 0, bodyCompared, differences };
}
