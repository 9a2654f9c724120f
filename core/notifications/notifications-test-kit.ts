import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { UserEntity } from '../auth/adapters/user.entity';
import { TypeormSubscriptionStore } from './adapters/typeorm-subscription.store';
import type { Subscription } from './subscription';
import type { VideoEvent } from './video-event';

/** Inserts an account (subscriptions reference users) and returns its id. */
export async function insertUser(dataSource: DataSource): Promise<string> {
  const id = randomUUID();
  await dataSource.getRepository(UserEntity).insert({
    id,
    email: `${id}@example.com`,
    name: 'Ada',
    role: 'user',
    passwordHash: 'scrypt$10$8$1$salt$hash',
    createdAt: new Date('2026-11-23T10:00:00.000Z'),
  });
  return id;
}

/** Stores a subscription directly, past the service's checks (as one made before a policy changed). */
export async function insertSubscription(dataSource: DataSource, subscription: Partial<Subscription> & Pick<Subscription, 'ownerId' | 'target'>): Promise<Subscription> {
  const stored: Subscription = {
    id: randomUUID(),
    channel: 'webhook',
    events: ['video.ready', 'video.failed'],
    secret: 'whsec_test-secret',
    createdAt: new Date('2026-11-23T10:00:00.000Z'),
    ...subscription,
  };
  await new TypeormSubscriptionStore(dataSource).create(stored);
  return stored;
}

/** A `video.ready` event of one of the owner's videos. */
export function aVideoEvent(ownerId: string, overrides: Partial<VideoEvent> = {}): VideoEvent {
  const videoId = overrides.videoId ?? randomUUID();
  return {
    key: `video.ready:${videoId}:${randomUUID()}`,
    name: 'video.ready',
    ownerId,
    videoId,
    occurredAt: new Date('2026-11-23T10:00:00.000Z'),
    video: { id: videoId, ownerId, title: 'Holiday in Lisbon', status: 'ready', error: null },
    ...overrides,
  };
}

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** TCP connections accepted, including ones that never sent a request. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 answering each request with the status `respond` picks (200 by default). */
export async function startWebhookReceiver(
  respond: (request: ReceivedRequest, index: number) => number | Promise<number> = () => 200,
  headers: Record<string, string> = {},
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      res.writeHead(await respond(request, requests.length - 1), headers).end();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (it was just released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
