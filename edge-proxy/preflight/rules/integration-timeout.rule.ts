import type { PreflightRule } from './preflight-rule';

/** Work that outlasts API Gateway's wait must not run inside the request. */
export const checkIntegrationTimeout: PreflightRule = (route, { limits }) => {
  if (!route.traits.queuesWork) return undefined;
  return {
    rule: 'integration-timeout',
    severity: 'info',
    problem: `The transcode this request starts takes minutes; API Gateway ends an integration after ${limits.integrationTimeoutSeconds} s.`,
    handling:
      'The request only queues the job and answers without waiting for it: ffmpeg runs in the transcode worker ' +
      "of the monolith's server process, which picks up jobs queued by either side. In AWS, MediaConvert would " +
      'run them (its adapter exists, not wired yet).',
  };
};
