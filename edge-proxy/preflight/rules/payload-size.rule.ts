import { formatBytes } from '../format-bytes';
import { base64CapacityBytes } from '../migration-limits';
import type { PreflightRule } from './preflight-rule';

/** A request body larger than a Lambda invocation may carry is refused on Lambda but not on the monolith. */
export const checkPayloadSize: PreflightRule = (route, { limits }) => {
  const lambdaLimit = formatBytes(limits.lambdaSyncPayloadBytes);
  if (route.traits.requestBody === 'upload') {
    // Multipart bodies are binary: the proxy sends them base64-encoded, 4/3 of their size.
    const fits = base64CapacityBytes(limits.lambdaSyncPayloadBytes);
    if (limits.uploadLimitBytes <= fits) return undefined;
    const stayingThere = route.functionName === null ? ', and stay there: the route has no Lambda' : '';
    return {
      rule: 'payload-size',
      severity: 'blocker',
      problem:
        `Uploads may carry up to ${formatBytes(limits.uploadLimitBytes)} (UPLOAD_LIMIT_BYTES); Lambda accepts ` +
        `${lambdaLimit} synchronously, and base64 leaves room for about ${formatBytes(fits)} of file.`,
      handling:
        `Uploads stream to storage on the monolith (multipart, never buffered)${stayingThere}. ` +
        `Through the monolith-as-Lambda (LEGACY_FUNCTION) only uploads under ~${formatBytes(fits)} get ` +
        `through; the proxy answers 413 above ${lambdaLimit}. Direct uploads to S3 with presigned URLs are not ` +
        'built yet: the S3 adapter presigns downloads only.',
    };
  }
  // JSON that is valid UTF-8 travels as text, so it has the whole payload.
  if (route.traits.requestBody === 'json' && limits.jsonBodyLimitBytes > limits.lambdaSyncPayloadBytes) {
    return {
      rule: 'payload-size',
      severity: 'warning',
      problem:
        `JSON bodies may carry up to ${formatBytes(limits.jsonBodyLimitBytes)} (JSON_BODY_LIMIT_BYTES); Lambda ` +
        `accepts ${lambdaLimit} synchronously, so larger bodies the monolith takes would be refused.`,
      handling:
        `The edge proxy reads at most ${lambdaLimit} of a Lambda-bound request and answers 413 payload_too_large ` +
        `above it. Set JSON_BODY_LIMIT_BYTES to ${limits.lambdaSyncPayloadBytes} or less so both sides refuse the same bodies.`,
    };
  }
  return undefined;
};
