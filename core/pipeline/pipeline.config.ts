import * as z from 'zod';
import { positiveIntVariable, readEnv, urlVariable } from '../config/read-env';

/** How events cross processes: in this process only (the monolith alone), or by asynchronous Lambda invocation. */
export type EventDelivery = { readonly mode: 'in-process' } | { readonly mode: 'lambda'; readonly lambdaEndpoint?: string; readonly region: string };

export interface PipelineConfig {
  readonly events: EventDelivery;
  /** How often the monolith looks for work that stopped moving. */
  readonly reconcileIntervalMs: number;
  /** How long work must be untouched before it is announced again. */
  readonly staleAfterMs: number;
}

const schema = z.object({
  EVENT_DELIVERY: z.enum(['in-process', 'lambda']).optional(),
  LAMBDA_ENDPOINT: urlVariable().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  PIPELINE_RECONCILE_MS: positiveIntVariable(5_000),
  PIPELINE_STALE_AFTER_MS: positiveIntVariable(15_000),
});

/** Reads EVENT_DELIVERY (default: `lambda` when LAMBDA_ENDPOINT is set, else `in-process`) and the reconciler's timing. */
export function readPipelineConfig(env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  const vars = readEnv(schema, env);
  const mode = vars.EVENT_DELIVERY ?? (vars.LAMBDA_ENDPOINT ? 'lambda' : 'in-process');
  return {
    events: mode === 'lambda' ? { mode, region: vars.AWS_REGION, ...(vars.LAMBDA_ENDPOINT ? { lambdaEndpoint: vars.LAMBDA_ENDPOINT } : {}) } : { mode },
    reconcileIntervalMs: vars.PIPELINE_RECONCILE_MS,
    staleAfterMs: vars.PIPELINE_STALE_AFTER_MS,
  };
}
