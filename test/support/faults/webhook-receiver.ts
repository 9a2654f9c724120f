import type { Server } from 'node:http';
import { listen, serverUrl } from '../../../core/process/serve';

/** How the receiver treats a request: answer 204, or hold it open without a word. */
export type ReceiverBehaviour = 'answer' | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  /** X-Webhook-Id of every request received, answered or not, in order. */
  readonly ids: string[];
  /** When each request arrived (ms since the epoch), in order. */
  readonly arrivals: number[];
  /** X-Webhook-Id of every request answered 204. */
  readonly answered: string[];
  /** Decides, per request (its 0-based index), how to treat it. */
  behave(decide: (index: number) => ReceiverBehaviour): void;
  close(): Promise<void>;
}

/** A customer's webhook endpoint on a free loopback port that records what it receives and can hang. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const ids: string[] = [];
  const arrivals: number[] = [];
  const answered: string[] = [];
  let decide: (index: number) => ReceiverBehaviour = () => 'answer';
  const server: Server = await listen(
    (req, res) => {
      const index = ids.length;
      const id = String(req.headers['x-webhook-id']);
      ids.push(id);
      arrivals.push(Date.now());
      req.resume();
      if (decide(index) === 'hang') return;
      req.on('end', () => {
        answered.push(id);
        res.writeHead(204).end();
      });
    },
    0,
    '127.0.0.1',
  );
  return {
    url: serverUrl(server),
    ids,
    arrivals,
    answered,
    behave: (next) => {
      decide = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
