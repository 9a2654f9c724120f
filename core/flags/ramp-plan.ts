import { z } from 'zod';

/**
 * A canary's schedule: the Lambda's share moves through `steps` (percent, rising; 100 means the
 * capability goes to `lambda`), each held at least `holdSeconds` and advanced only while the
 * Lambda is healthy on enough requests.
 */
export interface RampPlan {
  readonly steps: readonly number[];
  /** Index in `steps` of the share served now. */
  readonly stepIndex: number;
  readonly holdSeconds: number;
}

export const rampPlanSchema = z
  .object({
    steps: z.array(z.number().int().min(1).max(100)).min(1).max(20),
    stepIndex: z.number().int().min(0),
    holdSeconds: z.number().int().min(1).max(86_400),
  })
  .refine((plan) => plan.steps.every((step, i) => i === 0 || step > plan.steps[i - 1]!), { error: 'steps must rise' })
  .refine((plan) => plan.stepIndex < plan.steps.length, { error: 'stepIndex must point at a step' });

/** Reads a stored plan; anything unreadable is no plan (the canary then holds its share). */
export function parseRampPlan(stored: string | null): RampPlan | null {
  if (!stored) return null;
  try {
    const parsed = rampPlanSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The step after the current one, or undefined at the last. */
export function nextRampStep(plan: RampPlan): number | undefined {
  return plan.steps[plan.stepIndex + 1];
}
