import type { PreflightRule } from './preflight-rule';

/** A function allowed to run longer than API Gateway waits answers some requests too late. */
export const checkFunctionTimeout: PreflightRule = (route, { fn, limits }) => {
  if (!fn || fn.timeoutSeconds <= limits.integrationTimeoutSeconds) return undefined;
  return {
    rule: 'function-timeout',
    severity: 'warning',
    problem:
      `Function ${fn.name} may run ${fn.timeoutSeconds} s (registry), but API Gateway ends an integration ` +
      `after ${limits.integrationTimeoutSeconds} s: a slow request would fail although the function is still working.`,
    handling:
      `The edge proxy waits the function's timeout plus 2 s, at most ${limits.proxyWaitSeconds} s, then answers ` +
      `the legacy 504 upstream_timeout (the function may finish anyway). Keep this route's work well under ` +
      `${limits.integrationTimeoutSeconds} s; only the function's asynchronous event work can use the longer timeout.`,
  };
};
