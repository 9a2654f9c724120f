import http from 'node:http';
import https from 'node:https';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { Clock } from '../../clock/clock';
import { DeliveryFailedError, type NotificationSender, type OutgoingNotification } from '../notification-sender';
import { signWebhook } from '../webhook-signature';
import { HostResolutionError, type ResolvedAddress, type WebhookTargetGuard } from '../webhook-target-guard';

const webhookUserAgent = '24-Hour-Video-Webhooks/1.0';

export interface WebhookSenderOptions {
  readonly guard: WebhookTargetGuard;
  /** Bounds a whole attempt: connecting, sending and waiting for the status line. */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that only ever answers the addresses the guard checked (no second DNS query). */
function pinnedLookup(addresses: readonly ResolvedAddress[]) {
  return (_hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const candidates = addresses.filter(({ family }) => !options.family || options.family === family);
    const [first] = candidates;
    if (!first) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), []);
      return;
    }
    if (options.all) callback(null, candidates.map(({ address, family }) => ({ address, family })));
    else callback(null, first.address, first.family);
  };
}

const describeNetworkError = (error: NodeJS.ErrnoException, url: URL): string => {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url.host}`;
    case 'ECONNRESET':
      return `connection reset by ${url.host}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${url.host} is unreachable`;
    default:
      return `request to ${url.origin}${url.pathname} failed: ${error.message}`;
  }
};

/** POSTs signed webhook deliveries, to checked addresses only, without following redirects. */
export class WebhookSender implements NotificationSender {
  constructor(private readonly options: WebhookSenderOptions) {}

  async send(notification: OutgoingNotification): Promise<void> {
    if (!notification.secret) throw new DeliveryFailedError('the webhook subscription has no signing secret');
    const url = new URL(notification.target);
    const addresses = await this.checkedAddresses(url);
    const timestamp = Math.floor(this.options.clock.now().getTime() / 1000);
    const body = Buffer.from(notification.payload);
    const status = await this.post(url, addresses, body, {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': webhookUserAgent,
      'x-webhook-id': notification.deliveryId,
      'x-webhook-timestamp': String(timestamp),
      'x-webhook-signature': signWebhook(notification.secret, timestamp, body),
    });
    if (status >= 200 && status < 300) return;
    const from = `${url.origin}${url.pathname}`;
    if (status >= 300 && status < 400) throw new DeliveryFailedError(`HTTP ${status} from ${from} (redirects are not followed)`);
    throw new DeliveryFailedError(`HTTP ${status} from ${from}`);
  }

  // Checked again at every send: the name may point elsewhere since the subscription was made.
  private async checkedAddresses(url: URL): Promise<readonly ResolvedAddress[]> {
    try {
      const check = await this.options.guard.check(url);
      if (!check.allowed) throw new DeliveryFailedError(`refused: ${check.reason}`);
      return check.addresses;
    } catch (error) {
      if (error instanceof HostResolutionError) throw new DeliveryFailedError(error.message, { cause: error });
      throw error;
    }
  }

  private post(url: URL, addresses: readonly ResolvedAddress[], body: Buffer, headers: Record<string, string>): Promise<number> {
    const { timeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers,
        lookup: pinnedLookup(addresses),
        // A fresh connection per attempt: a pooled socket would skip the pinned lookup.
        agent: false,
      });
      const timer = setTimeout(() => {
        request.destroy(new DeliveryFailedError(`timed out after ${timeoutMs} ms waiting for ${url.origin}${url.pathname}`));
      }, timeoutMs);
      request.on('response', (response) => {
        // The status decides; the body is read and dropped, within the same time bound.
        resolve(response.statusCode ?? 0);
        response.on('close', () => clearTimeout(timer));
        // A body cut short by the timer changes nothing: the status already arrived.
        response.on('error', () => clearTimeout(timer));
        response.resume();
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error instanceof DeliveryFailedError ? error : new DeliveryFailedError(describeNetworkError(error, url), { cause: error }));
      });
      request.end(body);
    });
  }
}
