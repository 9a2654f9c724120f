import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../clock/clock';
import type { EmailTransportConfig } from '../config/aws-adapters.config';
import type { RepositorySource } from '../database/repository-source';
import { createEmailSender } from './adapters/create-email-sender';
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
  /** SES in AWS; otherwise SMTP when configured, else the local outbox folder. */
  email?: EmailTransportConfig;
}

/** Wires subscriptions and the delivery worker over the database (the monolith and the notifications Lambda). */
export function createNotifications({ dataSource, config, logger, clock = systemClock, isActive, email = { kind: 'outbox' } }: NotificationsWiring): {
  subscriptions: SubscriptionsService;
  /** The same use cases over another source of repositories: a dry run's manager. */
  subscriptionsOver: (source: RepositorySource) => SubscriptionsService;
  worker: DeliveryWorker;
} {
  const guard = new WebhookTargetGuard({ allowlist: config.webhookAllowlist });
  const deliveries = new TypeormDeliveryStore(dataSource);
  const senders = {
    webhook: new WebhookSender({ guard, timeoutMs: config.webhookTimeoutMs, clock }),
    email: createEmailSender(config, email),
  };
  const subscriptionsOver = (source: RepositorySource) =>
    new SubscriptionsService(new TypeormSubscriptionStore(source), new TypeormDeliveryStore(source), guard, clock);
  return {
    subscriptions: subscriptionsOver(dataSource),
    subscriptionsOver,
    worker: new DeliveryWorker({ store: deliveries, senders, logger, clock, ...(isActive ? { isActive } : {}) }, config),
  };
}
