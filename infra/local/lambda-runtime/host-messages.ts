import * as z from 'zod';

/**
 * The runtime and a function host talk over the fork IPC channel. Each phase (the init, then
 * each invocation) has an id; the host ends a phase with a `phase-end` message carrying the
 * outcome (and with a marker in its output, see phase-marker.ts). The id keeps a late message from
 * ever being credited to another invocation.
 */
export type HostCommand =
  | { readonly type: 'init'; readonly phaseId: string; readonly modulePath: string; readonly entry: string; readonly handler: string }
  | {
      readonly type: 'invoke';
      readonly phaseId: string;
      readonly requestId: string;
      readonly payload: string;
      readonly deadlineMs: number;
      readonly invokedFunctionArn: string;
      readonly clientContext: unknown;
    };

const functionErrorBodySchema = z.object({
  errorType: z.string(),
  errorMessage: z.string(),
  trace: z.array(z.string()).readonly().optional(),
});

/** Messages from a host are validated: the function's own code could call process.send too. */
export const phaseEndSchema = z.object({
  type: z.literal('phase-end'),
  phaseId: z.string(),
  outcome: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), payload: z.string() }),
    z.object({ ok: z.literal(false), error: functionErrorBodySchema }),
  ]),
  maxMemoryMb: z.number(),
});

export type PhaseEndMessage = z.infer<typeof phaseEndSchema>;
export type PhaseOutcome = PhaseEndMessage['outcome'];
