import { SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import type { EmailTransportConfig } from '../../config/aws-adapters.config';
import type { NotificationSender } from '../notification-sender';
import type { NotificationsConfig } from '../notifications.config';
import { EmailSender } from './email.sender';
import { createOutboxTransport } from './mail-outbox.transport';
import { SesEmailSender } from './ses.email.sender';

// SMTP defaults wait minutes; a send must end well within the worker's claim (60 s).
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The e-mail channel as configured: SES in AWS; otherwise SMTP when set, else the local outbox folder. */
export function createEmailSender(config: NotificationsConfig, email: EmailTransportConfig): NotificationSender {
  if (email.kind === 'ses') return new SesEmailSender({ client: new SESv2Client({}), from: email.from, publicBaseUrl: config.publicBaseUrl });
  const transport = config.smtpUrl ? nodemailer.createTransport({ url: config.smtpUrl, ...smtpTimeouts }) : createOutboxTransport(config.mailOutboxDir);
  return new EmailSender({ transport, from: config.mailFrom, publicBaseUrl: config.publicBaseUrl });
}
