import * as z from 'zod';
import { ValidationError } from '../errors/app-error';
import { parseInput } from '../validation/parse-input';
import { flagStates, type FlagSetting } from './flag';
import { rampHoldSecondsSchema, rampStepsSchema, stepsRise } from './ramp-plan';

const defaultHoldSeconds = 300;

const reasonSchema = z.string({ error: 'say why' }).trim().min(3, 'say why, in at least 3 characters').max(500, 'must be at most 500 characters');
const forceSchema = z.boolean({ error: 'must be true or false' }).optional();

/** Removing a route's override: why, and whether to pass the gates its capability's state would meet. */
export const overrideRemovalSchema = z.strictObject({ reason: reasonSchema, force: forceSchema });

export const flagChangeSchema = z.strictObject({
  state: z.enum(flagStates, { error: `must be one of ${flagStates.join(', ')}` }),
  percent: z.number({ error: 'must be a whole number from 1 to 99' }).int('must be a whole number from 1 to 99').min(1, 'must be at least 1').max(99, 'must be at most 99 (100 is the lambda state)').optional(),
  reverseShadow: z.boolean({ error: 'must be true or false' }).optional(),
  ramp: z
    .strictObject({ steps: rampStepsSchema, holdSeconds: rampHoldSecondsSchema.default(defaultHoldSeconds) })
    .refine((ramp) => stepsRise(ramp.steps), { error: 'steps must rise, e.g. [5, 25, 50, 100]', path: ['steps'] })
    .refine((ramp) => ramp.steps[0]! < 100, { error: 'the first step must be below 100', path: ['steps'] })
    .optional(),
  force: forceSchema,
  reason: reasonSchema,
});

export type FlagChangeInput = z.output<typeof flagChangeSchema>;

const misplaced = (path: string, message: string) => new ValidationError([{ path, message }]);

/** Validates a requested change and turns it into the setting it asks for. */
export function parseFlagChange(body: unknown): { setting: FlagSetting; input: FlagChangeInput } {
  const input = parseInput(flagChangeSchema, body);
  if (input.state !== 'canary' && input.percent !== undefined) throw misplaced('percent', 'applies only to the canary state');
  if (input.state !== 'canary' && input.ramp) throw misplaced('ramp', 'applies only to the canary state');
  if (input.state !== 'lambda' && input.reverseShadow !== undefined) throw misplaced('reverseShadow', 'applies only to the lambda state');
  if (input.state === 'canary') {
    if (input.ramp && input.percent !== undefined) throw misplaced('percent', 'a ramp starts at its first step: give one or the other');
    const percent = input.ramp ? input.ramp.steps[0]! : input.percent;
    if (percent === undefined) throw misplaced('percent', 'the canary state needs a percent (1-99) or a ramp');
    const ramp = input.ramp ? { steps: input.ramp.steps, stepIndex: 0, holdSeconds: input.ramp.holdSeconds } : null;
    return { setting: { state: 'canary', canaryPercent: percent, reverseShadow: false, ramp }, input };
  }
  return { setting: { state: input.state, canaryPercent: 0, reverseShadow: input.state === 'lambda' && (input.reverseShadow ?? false), ramp: null }, input };
}

/** Whether two settings route traffic identically. */
export function sameSetting(a: FlagSetting, b: FlagSetting): boolean {
  return a.state === b.state && a.canaryPercent === b.canaryPercent && a.reverseShadow === b.reverseShadow && JSON.stringify(a.ramp) === JSON.stringify(b.ramp);
}
