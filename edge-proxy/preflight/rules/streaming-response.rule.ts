import { formatBytes } from '../format-bytes';
import { base64CapacityBytes } from '../migration-limits';
import type { PreflightRule } from './preflight-rule';

/** Files are streamed by the monolith; a Lambda behind API Gateway answers with one buffered payload. */
export const checkStreamingResponse: PreflightRule = (route, { limits }) => {
  if (route.traits.responseBody !== 'file') return undefined;
  const fits = formatBytes(base64CapacityBytes(limits.lambdaSyncPayloadBytes));
  return {
    rule: 'streaming-response',
    severity: 'blocker',
    problem:
      'The monolith streams stored files of any size and honours Range (206). A Lambda answers with one ' +
      `buffered payload of at most ${formatBytes(limits.lambdaSyncPayloadBytes)}: a whole rendition, or the ` +
      "open range 'bytes=0-' players ask for first, does not fit.",
    handling:
      `${route.functionName === null ? 'Downloads stay on the monolith: the route has no Lambda. ' : ''}` +
      `The monolith-as-Lambda (LEGACY_FUNCTION) serves only files and Range slices under ~${fits}. ` +
      'The S3 adapter can presign download URLs (RENDITION_URL_TTL_SECONDS) but nothing uses them yet, ' +
      'and a redirect would change the contract (200 with the bytes).',
  };
};
