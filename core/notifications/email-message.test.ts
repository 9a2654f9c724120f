import { describe, expect, it } from 'vitest';
import { composeEmailMessage } from './email-message';
import { DeliveryFailedError, type OutgoingNotification } from './notification-sender';

const videoId = 'b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b';
const link = `https://videos.example.com/api/videos/${videoId}`;

const aNotification = (event: OutgoingNotification['event'], video: unknown): OutgoingNotification => ({
  deliveryId: '0c1d2e3f-4a5b-4c6d-8e7f-901234567890',
  event,
  videoId,
  target: 'ada@example.com',
  secret: null,
  payload: JSON.stringify({ event, occurredAt: '2026-11-23T10:00:00.000Z', video }),
});

describe('composeEmailMessage', () => {
  it('says a video is ready and links to it', () => {
    expect(composeEmailMessage(aNotification('video.ready', { title: 'Holiday in Lisbon', status: 'ready' }), 'https://videos.example.com')).toEqual({
      subject: 'Your video "Holiday in Lisbon" is ready',
      text: `Your video "Holiday in Lisbon" is ready to watch.\n\n${link}\n\nYou receive this e-mail because you subscribed to video.ready notifications on 24-Hour Video.\n`,
    });
  });

  it('says why a video failed, or that no reason was recorded', () => {
    const withReason = composeEmailMessage(aNotification('video.failed', { title: 'Clip', error: { code: 'source_too_small', message: 'Every preset would upscale it' } }), 'https://videos.example.com');
    const withoutReason = composeEmailMessage(aNotification('video.failed', { title: 'Clip', error: null }), 'https://videos.example.com');

    expect(withReason).toEqual({
      subject: 'Your video "Clip" could not be processed',
      text: `Your video "Clip" could not be processed.\n\nReason: Every preset would upscale it\n\n${link}\n\nYou receive this e-mail because you subscribed to video.failed notifications on 24-Hour Video.\n`,
    });
    expect(withoutReason.text).toContain('Reason: no reason was recorded');
  });

  it('keeps a title on one line, so it cannot add a header', () => {
    expect(composeEmailMessage(aNotification('video.ready', { title: ' Evil\r\nBcc: everyone@example.com ' }), 'https://videos.example.com').subject).toBe('Your video "Evil Bcc: everyone@example.com" is ready');
  });

  it('fails the attempt when the payload is not JSON or not a video notification', () => {
    expect(() => composeEmailMessage({ ...aNotification('video.ready', {}), payload: '{' }, 'https://videos.example.com')).toThrow(new DeliveryFailedError('the stored payload is not JSON'));
    expect(() => composeEmailMessage(aNotification('video.ready', { name: 'no title' }), 'https://videos.example.com')).toThrow(new DeliveryFailedError('the stored payload is not a video notification'));
  });
});
