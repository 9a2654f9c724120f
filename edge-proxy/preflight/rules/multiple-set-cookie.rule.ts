import type { PreflightRule } from './preflight-rule';

/** HTTP API results carry cookies in their own field; Set-Cookie in `headers` holds only one. */
export const checkMultipleSetCookie: PreflightRule = (route) => {
  if (!route.traits.setsCookies) return undefined;
  return {
    rule: 'multiple-set-cookie',
    severity: 'warning',
    problem:
      'API Gateway HTTP API (payload 2.0) keeps one value per header in `headers`: several Set-Cookie headers ' +
      'must come back in the result\'s `cookies` array, or all but one are lost.',
    handling:
      'The edge proxy turns each entry of `cookies` into its own Set-Cookie header (from-api-gateway-v2-result.ts), ' +
      "but createHttpFunction returns no `cookies` today: the function must add them before this route moves. " +
      'The monolith-as-Lambda already returns them in multiValueHeaders.',
  };
};
