import { NotFoundError, UnavailableError, ValidationError } from '../errors/app-error';

export class SubscriptionNotFoundError extends NotFoundError {
  constructor() {
    // The same answer for an unknown id and another owner's: existence is not leaked.
    super('No such subscription: check the id from GET /api/notifications/subscriptions');
  }
}

export class WebhookTargetRefusedError extends ValidationError {
  constructor(why: string) {
    const message = `target ${why}; webhooks may only call public addresses`;
    super([{ path: 'target', message }], `The webhook target is not allowed: ${message}`);
  }
}

export class WebhookTargetUnresolvableError extends ValidationError {
  constructor(hostname: string, code: string) {
    const message = `target host ${hostname} could not be resolved (${code}): check the URL`;
    super([{ path: 'target', message }], `The webhook target is not reachable: ${message}`);
  }
}

export class TargetCheckUnavailableError extends UnavailableError {
  constructor(hostname: string, code: string, options?: ErrorOptions) {
    super(`Could not look up the webhook target ${hostname} right now (${code}): try again shortly`, 5, options);
  }
}
