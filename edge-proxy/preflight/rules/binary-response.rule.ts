import { formatBytes } from '../format-bytes';
import { base64CapacityBytes } from '../migration-limits';
import type { PreflightRule } from './preflight-rule';

/** Binary bodies cross Lambda base64-encoded: they must be marked so, and they grow by a third. */
export const checkBinaryResponse: PreflightRule = (route, { limits }) => {
  if (route.traits.responseBody !== 'file') return undefined;
  const fits = formatBytes(base64CapacityBytes(limits.lambdaSyncPayloadBytes));
  return {
    rule: 'binary-response',
    severity: 'warning',
    problem:
      'MP4 renditions and HLS segments are binary: a Lambda must return them base64-encoded ' +
      `(isBase64Encoded), 4/3 of their size, so at most ~${fits} of file fits in ` +
      `the ${formatBytes(limits.lambdaSyncPayloadBytes)} response.`,
    handling:
      'The edge proxy decodes isBase64Encoded bodies byte for byte. The monolith-as-Lambda sends video/*, ' +
      'octet-stream and other binary types base64-encoded and HLS playlists as text; a larger answer fails as a legacy 502.',
  };
};
