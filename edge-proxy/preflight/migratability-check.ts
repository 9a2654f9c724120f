import { isCapability } from '../../core/flags/capabilities';
import { UnknownCapabilityError } from '../../core/flags/flag.errors';
import { functionRegistry, type FunctionDefinition } from '../../extracted-functions/registry';
import { routeTable } from '../routing/route-table';
import type { Finding, MigratabilityReport, RouteReport, Severity, Verdict } from './migratability-report';
import { readMigrationLimits, type MigrationLimits } from './migration-limits';
import { checkBinaryResponse } from './rules/binary-response.rule';
import { checkFunctionTimeout } from './rules/function-timeout.rule';
import { checkIntegrationTimeout } from './rules/integration-timeout.rule';
import { checkMultipleSetCookie } from './rules/multiple-set-cookie.rule';
import { checkFunctionExists } from './rules/no-function.rule';
import { checkPayloadSize } from './rules/payload-size.rule';
import type { PreflightRoute, PreflightRule, RuleContext } from './rules/preflight-rule';
import { checkStreamingResponse } from './rules/streaming-response.rule';

export interface MigratabilityDeps {
  readonly routeTable: readonly PreflightRoute[];
  readonly registry: readonly FunctionDefinition[];
  readonly limits: MigrationLimits;
}

const rules: readonly PreflightRule[] = [
  checkFunctionExists,
  checkPayloadSize,
  checkStreamingResponse,
  checkBinaryResponse,
  checkFunctionTimeout,
  checkIntegrationTimeout,
  checkMultipleSetCookie,
];

const severityRank: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

function checkRoute(route: PreflightRoute, context: RuleContext): RouteReport {
  const findings = rules
    .map((rule) => rule(route, context))
    .filter((finding): finding is Finding => finding !== undefined)
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  return { routeId: route.id, method: route.method, path: route.path, functionName: route.functionName, findings };
}

function decideVerdict(routes: readonly RouteReport[]): Verdict {
  const severities = new Set(routes.flatMap((route) => route.findings.map((finding) => finding.severity)));
  if (severities.has('blocker')) return 'blocked';
  return severities.has('warning') ? 'ready-with-warnings' : 'ready';
}

/**
 * Pre-flight check before moving a capability to its Lambda: what each of its routes would break on
 * Lambda/API Gateway, and how this system handles it. Throws UnknownCapabilityError for an unknown name.
 */
export function checkMigratability(capability: string, deps: Partial<MigratabilityDeps> = {}): MigratabilityReport {
  if (!isCapability(capability)) throw new UnknownCapabilityError(capability);
  const { routeTable: table = routeTable, registry = functionRegistry, limits = readMigrationLimits() } = deps;
  const routes = table
    .filter((route) => route.capability === capability)
    .map((route) => checkRoute(route, { limits, fn: registry.find((fn) => fn.name === route.functionName) }));
  return { capability, verdict: decideVerdict(routes), routes };
}
