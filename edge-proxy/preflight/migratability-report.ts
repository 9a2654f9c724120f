import type { Capability } from '../../core/flags/capabilities';
import type { HttpMethod } from '../routing/route-table';

/** The limit of Lambda or API Gateway a finding is about. */
export type FindingRule =
  | 'no-function'
  | 'payload-size'
  | 'streaming-response'
  | 'binary-response'
  | 'function-timeout'
  | 'integration-timeout'
  | 'multiple-set-cookie';

/** `blocker`: customers would notice on Lambda; `warning`: some requests would; `info`: handled. */
export type Severity = 'info' | 'warning' | 'blocker';

/** What breaks on Lambda/API Gateway, and how this system deals with it. */
export interface Finding {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly problem: string;
  readonly handling: string;
}

export interface RouteReport {
  readonly routeId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly functionName: string | null;
  readonly findings: readonly Finding[];
}

export type Verdict = 'ready' | 'ready-with-warnings' | 'blocked';

/** Whether a capability can move to its Lambda, route by route. */
export interface MigratabilityReport {
  readonly capability: Capability;
  readonly verdict: Verdict;
  readonly routes: readonly RouteReport[];
}
