/** The admin API's answers, as the CLI reads them. */
export interface FlagView {
  capability: string;
  state: string;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface StatusView {
  capabilities: Array<FlagView & { routes: number; routesOnLambda: number }>;
  summary: { routes: number; routesOnLambda: number };
}

export interface ChangeView {
  id: number;
  scope: string;
  name: string;
  from: string;
  to: string;
  reason: string;
  actor: string;
  changedAt: string;
}

export interface DeadLetterView {
  id: string;
  functionName: string;
  errorType: string;
  errorMessage: string;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
  event: unknown;
}
