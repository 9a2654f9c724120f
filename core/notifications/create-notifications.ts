import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../clock/clock';
import { EmailSender } from './adapters/email.sender';
import { createOutboxTransport } from './adapters/mail-outbox.transport';
import { TypeormDeliveryStore } from './adapters/typeorm-delivery.store';
import { TypeormSubscriptionStore } from './adapters/typeorm-subscription.store';
import { WebhookSender } from './adapters/webhook.sender';
import { DeliveryWorker } from './delivery.worker';
import type { NotificationsConfig } from './notifications.config';
import { SubscriptionsService } from './subscriptions.service';
import { WebhookTargetGuard } from './webhook-target-guard';

export interface NotificationsWiring {
  dataSource: DataSource;
  config: NotificationsConfig;
  logger: Logger;
  clock?: Clock;
  /** Whether this side sends deliveries now (it owns notifications). */
  isActive?: () => Promise<boolean>;
}

// SMTP defaults wait minutes; a send must end well within the worker's claim (60 s).
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Wires subscriptions and the delivery worker over the database (the monolith and the notifications Lambda). */
export function createNotifications({ dataSource, config, logger, clock = systemClock, isActive }: NotificationsWiring): {
  subscriptions: SubscriptionsService;
  worker: DeliveryWorker;
} {
  const guard = new WebhookTargetGuard({ allowlist: config.webhookAllowlist });
  const deliveries = new TypeormDeliveryStore(dataSource);
  const transport = config.smtpUrl
    ? nodemailer.createTransport({ url: config.smtpUrl, ...smtpTimeouts })
    : createOutboxTransport(config.mailOutboxDir);
  const senders = {
    webhook: new WebhookSender({ guard, timeoutMs: config.webhookTimeoutMs, clock }),
    email: new EmailSender({ transport, from: config.mailFrom, publicBaseUrl: config.publicBaseUrl }),
  };
  return {
    subscriptions: new SubscriptionsService(new TypeormSubscriptionStore(dataSource), deliveries, guard, clock),
    worker: new DeliveryWorker({ store: deliveries, senders, logger, clock, ...(isActive ? { isActive } : {}) }, config),
  };
}
