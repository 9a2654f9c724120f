import * as z from 'zod';

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

/** What a plan's steps and hold may be: one definition for the stored plan and the engineer's request. */
export const rampStepsSchema = z.array(z.number().int().min(1).max(100), { error: 'must be a list of whole percentages from 1 to 100' }).min(1).max(20);
export const rampHoldSecondsSchema = z.number().int().min(1).max(86_400);
export const stepsRise = (steps: readonly number[]) => steps.every((step, i) => i === 0 || step > steps[i - 1]!);

export const rampPlanSchema = z
  .object({ steps: rampStepsSchema, stepIndex: z.number().int().min(0), holdSeconds: rampHoldSecondsSchema })
  .refine((plan) => stepsRise(plan.steps), { error: 'steps must rise' })
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
