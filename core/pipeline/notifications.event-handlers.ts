import * as z from 'zod';
import type { Clock } from '../clock/clock';
import { MalformedEventError } from '../events/event.errors';
import { readSnsMessages } from '../events/sns-envelope';
import type { CapabilityOwnership } from '../flags/capability-ownership';
import type { VideoEventFanOut } from '../notifications/video-event-fan-out';
import { videoOutcomeMessageSchema } from './video-outcome-message';

export interface NotificationsEventDeps {
  ownership: Pick<CapabilityOwnership, 'owns'>;
  fanOut: VideoEventFanOut;
  /** Sends what is due now (the new deliveries among them); resolves when done. */
  sendDue: () => Promise<void>;
  clock: Clock;
}

// The key is all this side needs: the event itself is read from the outbox.
const eventKeyOnly = videoOutcomeMessageSchema.pick({ eventKey: true });

/** Thrown for an announced event that was never recorded: retried, then dead-lettered. */
class UnknownVideoEventError extends Error {
  constructor(eventKey: string) {
    super(`No video event ${eventKey} is recorded`);
    this.name = 'UnknownVideoEventError';
  }
}

/** The notifications capability's events, served by whichever side owns it when the event arrives. */
export function notificationsEventHandlers(deps: NotificationsEventDeps) {
  return {
    /** SNS video ready/failed: one delivery per subscription that wants it, sent at once. */
    async onVideoOutcome(event: unknown): Promise<void> {
      const keys = readSnsMessages(event).map((message, index) => {
        const parsed = eventKeyOnly.safeParse(message);
        if (!parsed.success) throw new MalformedEventError(`SNS record ${index} is not a video outcome: ${z.prettifyError(parsed.error)}`);
        return parsed.data.eventKey;
      });
      if (!(await deps.ownership.owns('notifications'))) return;
      for (const key of keys) {
        if ((await deps.fanOut.fanOut(key, deps.clock.now())) === undefined) throw new UnknownVideoEventError(key);
      }
      await deps.sendDue();
    },

    /** EventBridge schedule: retries the deliveries whose backoff has passed. */
    async onSchedule(): Promise<void> {
      if (await deps.ownership.owns('notifications')) await deps.sendDue();
    },
  };
}
