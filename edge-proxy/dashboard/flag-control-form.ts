import * as z from 'zod';
import { ValidationError } from '../../core/errors/app-error';
import { parseFlagChange } from '../../core/flags/flag-setting-request';
import { parseInput } from '../../core/validation/parse-input';

/** The dashboard's controls for a capability. */
const controlActions = ['flip', 'canary', 'ramp', 'rollback'] as const;
type ControlAction = (typeof controlActions)[number];

/** A control, validated: what FlagService is asked to do, and what the engineer is shown to confirm. */
export interface FlagControl {
  readonly action: ControlAction;
  /** The change request (core/flags/flag-setting-request.ts); a rollback's is `{ state: 'legacy', reason }`. */
  readonly change: { state: string; percent?: number; ramp?: { steps: number[]; holdSeconds: number }; reason: string; force?: boolean };
  readonly summary: string;
}

const wholeNumber = (field: string, text: string): number => {
  if (!/^\d{1,6}$/.test(text)) throw new ValidationError([{ path: field, message: 'must be a whole number' }]);
  return Number(text);
};

// Form fields are strings; the browser sends a checked box as "on" and leaves an unchecked one out.
const controlForm = z.object({
  action: z.enum(controlActions, { error: `must be one of ${controlActions.join(', ')}` }),
  state: z.string().max(20).optional(),
  percent: z.string().trim().max(10).optional(),
  steps: z.string().trim().max(200).optional(),
  holdSeconds: z.string().trim().max(10).optional(),
  reason: z.string({ error: 'say why' }).max(500, 'must be at most 500 characters'),
  force: z.enum(['on', 'true']).optional(),
});

/** Reads a control form posted for `capability`; any invalid field is a ValidationError naming it. */
export function parseFlagControl(capability: string, form: unknown): FlagControl {
  const input = parseInput(controlForm, form);
  const base = { reason: input.reason, ...(input.force ? { force: true } : {}) };
  const change = ((): FlagControl['change'] => {
    switch (input.action) {
      case 'flip':
        return { ...base, state: input.state ?? '' };
      case 'canary':
        return { ...base, state: 'canary', percent: wholeNumber('percent', input.percent ?? '') };
      case 'ramp': {
        const steps = (input.steps ?? '').split(/[\s,]+/).filter(Boolean).map((step) => wholeNumber('steps', step.replace(/%$/, '')));
        return { ...base, state: 'canary', ramp: { steps, holdSeconds: wholeNumber('holdSeconds', input.holdSeconds || '300') } };
      }
      case 'rollback':
        return { reason: input.reason, state: 'legacy' };
    }
  })();
  if (input.action === 'flip' && change.state === 'canary') throw new ValidationError([{ path: 'state', message: 'use the canary control to set a percent' }]);
  // The same validation the admin API applies, so the confirm page never offers a change that cannot be made.
  parseFlagChange(change);
  return { action: input.action, change, summary: describeControl(capability, input.action, change) };
}

function describeControl(capability: string, action: ControlAction, change: FlagControl['change']): string {
  switch (action) {
    case 'flip':
      return `Flip ${capability} to ${change.state}`;
    case 'canary':
      return `Serve ${change.percent}% of ${capability}\u2019s callers from the Lambda (canary)`;
    case 'ramp':
      return `Ramp ${capability} through ${change.ramp!.steps.map((step) => `${step}%`).join(' \u2192 ')}, holding each step at least ${change.ramp!.holdSeconds} s while the Lambda stays healthy`;
    case 'rollback':
      return `Roll ${capability} back to the monolith, removing its routes\u2019 overrides`;
  }
}
