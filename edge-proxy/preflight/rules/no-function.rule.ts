import type { PreflightRule } from './preflight-rule';

const stayOnMonolith =
  'The monolith keeps serving it whatever the flag says: the proxy sends only routes with a function to ' +
  'Lambda, and the flag service refuses to leave legacy when no route of the target has one (409 conflict).';

/** A route moves only to a Lambda that exists: named in the route table and declared in the registry. */
export const checkFunctionExists: PreflightRule = (route, { fn }) => {
  if (route.functionName === null) {
    return {
      rule: 'no-function',
      severity: 'blocker',
      problem: `No Lambda serves ${route.id}: its functionName is null in the route table, so there is nothing to invoke.`,
      handling: stayOnMonolith,
    };
  }
  if (fn) return undefined;
  return {
    rule: 'no-function',
    severity: 'blocker',
    problem: `${route.id} names function '${route.functionName}', which extracted-functions/registry.ts does not declare: neither the local runtime nor AWS would run it.`,
    handling: 'Declare the function in the registry (entry, handler, timeout, memory) before flipping; invoking it now would fail as a legacy 502.',
  };
};
