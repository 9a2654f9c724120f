import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryFailedError, type OutgoingNotification } from '../notification-sender';
import { EmailSender } from './email.sender';
import { createOutboxTransport } from './mail-outbox.transport';

const aNotification = (video: Record<string, unknown>, overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => {
  const deliveryId = randomUUID();
  return {
    deliveryId,
    event: 'video.ready',
    videoId: 'b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b',
    target: 'ada@example.com',
    secret: null,
    payload: JSON.stringify({ id: deliveryId, event: overrides.event ?? 'video.ready', occurredAt: '2026-11-23T10:00:00.000Z', video }),
    ...overrides,
  };
};

/** Quoted-printable bytes (=XX) back to UTF-8 text. */
const decodeQuoted = (text: string) =>
  Buffer.from(text.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

/** An .eml as a mail client shows it: headers unfolded and decoded (RFC 2047), the QP body decoded. */
function readEml(file: string): string {
  const [head = '', body = ''] = readFileSync(file, 'utf8').split('\r\n\r\n');
  const headers = head
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/\?= =\?UTF-8\?Q\?/g, '')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_match, word: string) => decodeQuoted(word.replace(/_/g, ' ')));
  return `${headers}\n\n${decodeQuoted(body.replace(/=\r\n/g, ''))}`;
}

describe('EmailSender', () => {
  let outbox: string;
  let sender: EmailSender;

  beforeEach(() => {
    outbox = mkdtempSync(path.join(os.tmpdir(), '24hv-mail-'));
    sender = new EmailSender({ transport: createOutboxTransport(outbox), from: '24-Hour Video <no-reply@24hourvideo.local>', publicBaseUrl: 'https://videos.example.com' });
  });

  afterEach(() => {
    rmSync(outbox, { recursive: true, force: true });
  });

  it('writes one .eml per delivery into the outbox, saying the video is ready and linking to it', async () => {
    const notification = aNotification({ title: 'Holiday in Lisbon', error: null });

    await sender.send(notification);

    expect(readdirSync(outbox)).toEqual([`${notification.deliveryId}.eml`]);
    const eml = readEml(path.join(outbox, `${notification.deliveryId}.eml`));
    expect(eml).toContain('Subject: Your video "Holiday in Lisbon" is ready');
    expect(eml).toContain('To: ada@example.com');
    expect(eml).toContain('From: "24-Hour Video" <no-reply@24hourvideo.local>');
    expect(eml).toContain(`Message-ID: <${notification.deliveryId}@notifications.24hourvideo.local>`);
    expect(eml).toContain('https://videos.example.com/api/videos/b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b');
  });

  it('says why a video failed, from the payload', async () => {
    const notification = aNotification(
      { title: 'Broken upload', error: { code: 'unsupported_media', message: 'The file is not a video container' } },
      { event: 'video.failed' },
    );

    await sender.send(notification);

    const eml = readEml(path.join(outbox, `${notification.deliveryId}.eml`));
    expect(eml).toContain('Subject: Your video "Broken upload" could not be processed');
    expect(eml).toContain('Reason: The file is not a video container');
    expect(eml).toContain('https://videos.example.com/api/videos/b3f1c9e2-5d6a-4c1e-9f0a-2b7d8e9f0a1b');
  });

  it('keeps a title with a line break from adding a header', async () => {
    const notification = aNotification({ title: 'Evil\r\nBcc: everyone@example.com' });
    await sender.send(notification);
    const eml = readEml(path.join(outbox, `${notification.deliveryId}.eml`));
    expect(eml).not.toMatch(/^Bcc:/m);
  });

  it('rewrites the same file when a delivery is retried, leaving no temporary files', async () => {
    const notification = aNotification({ title: 'Holiday in Lisbon' });
    await sender.send(notification);
    await sender.send(notification);
    expect(readdirSync(outbox)).toEqual([`${notification.deliveryId}.eml`]);
  });

  it('fails the attempt, saying why, when the payload is not a video notification', async () => {
    await expect(sender.send(aNotification({ name: 'no title' }))).rejects.toThrow(new DeliveryFailedError('the stored payload is not a video notification'));
    await expect(sender.send({ ...aNotification({}), payload: '{' })).rejects.toThrow(new DeliveryFailedError('the stored payload is not JSON'));
  });

  it('fails the attempt when the mail server cannot be reached', async () => {
    const transport = nodemailer.createTransport({ url: 'smtp://127.0.0.1:1', connectionTimeout: 500 });
    const unreachable = new EmailSender({ transport, from: 'a@example.com', publicBaseUrl: 'https://videos.example.com' });
    await expect(unreachable.send(aNotification({ title: 'x' }))).rejects.toThrow(/^the e-mail could not be sent: /);
  });
});
