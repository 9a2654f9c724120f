import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { parseInput } from '../validation/parse-input';
import { isUuid } from '../validation/uuid';
import type { DeliveryStore } from './delivery.store';
import {
  SubscriptionNotFoundError,
  TargetCheckUnavailableError,
  WebhookTargetRefusedError,
  WebhookTargetUnresolvableError,
} from './notification.errors';
import { toDeliveryView, toSubscriptionView, type DeliveryView, type SubscriptionView } from './notification-views';
import type { Subscription } from './subscription';
import { subscriptionInputSchema } from './subscription.schemas';
import type { SubscriptionStore } from './subscription.store';
import { HostResolutionError, type WebhookTargetGuard } from './webhook-target-guard';

// A name that does not exist is the caller's mistake; a resolver that does not answer is ours.
const nonexistentHostCodes = new Set(['ENOTFOUND', 'ENODATA']);

/** A webhook signing secret: 32 random bytes, hex, with a prefix that makes it recognisable in a leak scan. */
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('hex')}`;

/** The notification use cases of the legacy API: subscribe, list, unsubscribe, delivery history. */
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly guard: WebhookTargetGuard,
    private readonly clock: Clock,
  ) {}

  /** Subscribes the owner; a webhook's secret is in this answer and nowhere else, ever. */
  async create(ownerId: string, body: unknown): Promise<SubscriptionView> {
    const input = parseInput(subscriptionInputSchema, body);
    if (input.channel === 'webhook') await this.assertCallable(new URL(input.target));
    const subscription: Subscription = {
      id: randomUUID(),
      ownerId,
      channel: input.channel,
      target: input.target,
      events: input.events,
      secret: input.channel === 'webhook' ? newWebhookSecret() : null,
      createdAt: this.clock.now(),
    };
    await this.subscriptions.create(subscription);
    const view = toSubscriptionView(subscription);
    return subscription.secret ? { ...view, secret: subscription.secret } : view;
  }

  /** The owner's subscriptions, newest first, without secrets. */
  async list(ownerId: string): Promise<SubscriptionView[]> {
    return (await this.subscriptions.listByOwner(ownerId)).map(toSubscriptionView);
  }

  /** Unsubscribes; an unknown id, another owner's or a malformed one all answer not found. */
  async remove(ownerId: string, id: string): Promise<void> {
    // PostgreSQL rejects a malformed uuid with an error, so it is answered before any query.
    if (!isUuid(id)) throw new SubscriptionNotFoundError();
    if (!(await this.subscriptions.removeOwned(ownerId, id.toLowerCase()))) throw new SubscriptionNotFoundError();
  }

  /** The owner's most recent deliveries, newest first. */
  async listDeliveries(ownerId: string, limit = 100): Promise<DeliveryView[]> {
    return (await this.deliveries.listByOwner(ownerId, limit)).map(toDeliveryView);
  }

  private async assertCallable(url: URL): Promise<void> {
    try {
      const check = await this.guard.check(url);
      if (!check.allowed) throw new WebhookTargetRefusedError(check.reason);
    } catch (error) {
      if (!(error instanceof HostResolutionError)) throw error;
      if (nonexistentHostCodes.has(error.code)) throw new WebhookTargetUnresolvableError(error.hostname, error.code);
      throw new TargetCheckUnavailableError(error.hostname, error.code, { cause: error });
    }
  }
}
