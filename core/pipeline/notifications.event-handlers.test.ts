import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '../events/event.errors';
import { toSnsEnvelope, type SnsEnvelope } from '../events/sns-envelope';
import { InMemoryFlagStore } from '../flags/adapters/in-memory-flag.store';
import { CapabilityOwnership, type Side } from '../flags/capability-ownership';
import type { VideoEventFanOut } from '../notifications/video-event-fan-out';
import { notificationsEventHandlers } from './notifications.event-handlers';
import { flipCapability, now, stoppedClock, storedObjectsEvent } from './pipeline-test-kit';
import { videoOutcomeTopicArn } from './topics';

/** Recorded video events in memory: fanning one out creates its deliveries once, as the outbox does. */
class InMemoryFanOut implements VideoEventFanOut {
  /** Deliveries each recorded event creates on its first fan-out. */
  readonly recorded = new Map<string, number>();
  private readonly fannedOut = new Set<string>();

  constructor(private readonly steps: string[]) {}

  async fanOut(eventKey: string, at: Date): Promise<number | undefined> {
    this.steps.push(`fan out ${eventKey} at ${at.toISOString()}`);
    const deliveries = this.recorded.get(eventKey);
    if (deliveries === undefined) return undefined;
    if (this.fannedOut.has(eventKey)) return 0;
    this.fannedOut.add(eventKey);
    return deliveries;
  }
}

/** The notifications handlers of both sides over one flag store, recording their steps in order. */
function aNotificationsRig() {
  const flags = new InMemoryFlagStore();
  const steps: string[] = [];
  const fanOut = new InMemoryFanOut(steps);
  const sendDue = async () => {
    steps.push('send due');
  };
  const handlersOf = (side: Side) => notificationsEventHandlers({ ownership: new CapabilityOwnership(flags, side), fanOut, sendDue, clock: stoppedClock() });

  /** The key of a recorded video event that one subscription wants. */
  const recordedEvent = () => {
    const key = `video.ready:${randomUUID()}:${randomUUID()}`;
    fanOut.recorded.set(key, 1);
    return key;
  };

  return { flags, steps, fanOut, monolith: handlersOf('monolith'), lambda: handlersOf('lambda'), recordedEvent };
}

/** An SNS delivery from the video outcome topic carrying these messages, one record each. */
function outcomeDelivery(...messages: unknown[]): SnsEnvelope {
  return { Records: messages.flatMap((message) => toSnsEnvelope({ topicArn: videoOutcomeTopicArn, subject: 'video.ready', message, time: now }).Records) };
}

const outcomeMessage = (eventKey: string) => ({ event: 'video.ready', eventKey, videoId: randomUUID(), occurredAt: now.toISOString() });

describe('notifications event handlers', () => {
  describe('onVideoOutcome', () => {
    it('fans out the announced event, then sends what is due', async () => {
      const rig = aNotificationsRig();
      const key = rig.recordedEvent();

      await rig.monolith.onVideoOutcome(outcomeDelivery(outcomeMessage(key)));

      expect(rig.steps).toEqual([`fan out ${key} at ${now.toISOString()}`, 'send due']);
    });

    it('fans out every event of a delivery in order, and sends once after all', async () => {
      const rig = aNotificationsRig();
      const keys = [rig.recordedEvent(), rig.recordedEvent(), rig.recordedEvent()];

      await rig.monolith.onVideoOutcome(outcomeDelivery(...keys.map(outcomeMessage)));

      expect(rig.steps).toEqual([...keys.map((key) => `fan out ${key} at ${now.toISOString()}`), 'send due']);
    });

    it('takes a message with only its eventKey (other fields are not read)', async () => {
      const rig = aNotificationsRig();
      const key = rig.recordedEvent();

      await rig.monolith.onVideoOutcome(outcomeDelivery({ eventKey: key }));

      expect(rig.steps).toEqual([`fan out ${key} at ${now.toISOString()}`, 'send due']);
    });

    it('sends again on a redelivery: the fan-out adds nothing the second time', async () => {
      const rig = aNotificationsRig();
      const key = rig.recordedEvent();
      const delivery = outcomeDelivery(outcomeMessage(key));

      await rig.monolith.onVideoOutcome(delivery);
      await rig.monolith.onVideoOutcome(delivery);

      expect(rig.steps.filter((step) => step === 'send due')).toHaveLength(2);
    });

    it('fails for an event that was never recorded, without sending', async () => {
      const rig = aNotificationsRig();
      const known = rig.recordedEvent();
      const unknown = `video.ready:${randomUUID()}:${randomUUID()}`;

      const handling = rig.monolith.onVideoOutcome(outcomeDelivery(outcomeMessage(known), outcomeMessage(unknown)));

      await expect(handling).rejects.toThrow(`No video event ${unknown} is recorded`);
      await expect(handling).rejects.toMatchObject({ name: 'UnknownVideoEventError' });
      expect(rig.steps).not.toContain('send due');
    });

    it.each([
      ['a message without eventKey', { event: 'video.ready', videoId: '5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41' }],
      ['an empty eventKey', { eventKey: '' }],
      ['an eventKey longer than 150 characters', { eventKey: 'k'.repeat(151) }],
      ['an eventKey that is no string', { eventKey: 42 }],
      ['a message that is no object', 'video.ready'],
      ['a null message', null],
    ])('refuses %s as malformed, fanning out nothing of the delivery', async (_case, message) => {
      const rig = aNotificationsRig();
      const valid = rig.recordedEvent();

      const handling = rig.monolith.onVideoOutcome(outcomeDelivery(outcomeMessage(valid), message));

      await expect(handling).rejects.toThrow(MalformedEventError);
      await expect(handling).rejects.toThrow('SNS record 1 is not a video outcome');
      expect(rig.steps).toEqual([]);
    });

    it('accepts an eventKey of exactly 150 characters', async () => {
      const rig = aNotificationsRig();
      const key = 'k'.repeat(150);
      rig.fanOut.recorded.set(key, 1);

      await rig.monolith.onVideoOutcome(outcomeDelivery({ eventKey: key }));

      expect(rig.steps).toEqual([`fan out ${key} at ${now.toISOString()}`, 'send due']);
    });

    it('refuses a Message that is not JSON', async () => {
      const rig = aNotificationsRig();
      const delivery = outcomeDelivery(outcomeMessage(rig.recordedEvent()));
      const [record] = delivery.Records;
      if (!record) throw new Error('the builder made no record');

      const handling = rig.monolith.onVideoOutcome({ Records: [{ ...record, Sns: { ...record.Sns, Message: 'video ready!' } }] });

      await expect(handling).rejects.toThrow(MalformedEventError);
      expect(rig.steps).toEqual([]);
    });

    it.each([
      ['an S3 event', storedObjectsEvent('videos/5b0c8a52-7d1e-4d55-9a36-0d3f1c2b9e41/source')],
      ['null', null],
      ['an empty object', {}],
    ])('refuses %s, which is no SNS delivery', async (_case, event) => {
      const rig = aNotificationsRig();

      await expect(rig.monolith.onVideoOutcome(event)).rejects.toThrow(MalformedEventError);
      expect(rig.steps).toEqual([]);
    });

    it('acts only on the side that owns notifications, following a flip at the next event', async () => {
      const rig = aNotificationsRig();
      const key = rig.recordedEvent();
      const delivery = outcomeDelivery(outcomeMessage(key));

      await rig.lambda.onVideoOutcome(delivery);
      expect(rig.steps).toEqual([]);
      await rig.monolith.onVideoOutcome(delivery);
      expect(rig.steps).toHaveLength(2);

      await flipCapability(rig.flags, 'notifications', 'lambda');
      await rig.monolith.onVideoOutcome(delivery);
      expect(rig.steps).toHaveLength(2);
      await rig.lambda.onVideoOutcome(delivery);
      expect(rig.steps).toHaveLength(4);
    });

    it('does not fail for an unknown event on the side that does not own notifications', async () => {
      const rig = aNotificationsRig();

      await rig.lambda.onVideoOutcome(outcomeDelivery(outcomeMessage(`video.ready:${randomUUID()}:${randomUUID()}`)));

      expect(rig.steps).toEqual([]);
    });
  });

  describe('onSchedule', () => {
    it('sends what is due only on the side that owns notifications, following a flip', async () => {
      const rig = aNotificationsRig();

      await rig.monolith.onSchedule();
      await rig.lambda.onSchedule();
      expect(rig.steps).toEqual(['send due']);

      await flipCapability(rig.flags, 'notifications', 'lambda');
      await rig.monolith.onSchedule();
      expect(rig.steps).toEqual(['send due']);
      await rig.lambda.onSchedule();
      expect(rig.steps).toEqual(['send due', 'send due']);
    });

    it('fails when sending fails, so the schedule reports the error', async () => {
      const flags = new InMemoryFlagStore();
      const handlers = notificationsEventHandlers({
        ownership: new CapabilityOwnership(flags, 'monolith'),
        fanOut: new InMemoryFanOut([]),
        sendDue: async () => {
          throw new Error('SMTP connection refused');
        },
        clock: stoppedClock(),
      });

      await expect(handlers.onSchedule()).rejects.toThrow('SMTP connection refused');
    });
  });
});
