import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, openMigrated, type TestDatabase } from '../../test/support/test-database';
import { createLogger } from '../logging/create-logger';
import { enqueueDeliveries } from './adapters/typeorm-outbox';
import { createNotifications } from './create-notifications';
import { readNotificationsConfig } from './notifications.config';
import { aVideoEvent, insertUser, startWebhookReceiver } from './notifications-test-kit';
import { inTransaction } from '../database/transaction';

/** Just enough of an SMTP server to accept messages and keep what DATA carried. */
async function startSmtpServer(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffered = '';
    let inData = false;
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffered.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffered.slice(0, end));
          buffered = buffered.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const lineEnd = buffered.indexOf('\r\n');
        if (lineEnd < 0) return;
        const command = buffered.slice(0, lineEnd).toUpperCase();
        buffered = buffered.slice(lineEnd + 2);
        if (command.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(engines)('createNotifications on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await openMigrated(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('wires subscriptions and a worker that sends webhooks and SMTP e-mail as configured', async () => {
    const receiver = await startWebhookReceiver();
    const smtp = await startSmtpServer();
    const config = readNotificationsConfig(database.config.dataDir, {
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://videos.example.com',
      DELIVERY_POLL_MS: '10',
    });
    const { subscriptions, worker } = createNotifications({ dataSource, config, logger: createLogger('test', 'silent') });
    try {
      const ownerId = await insertUser(dataSource);
      await subscriptions.create(ownerId, { channel: 'webhook', target: receiver.url });
      await subscriptions.create(ownerId, { channel: 'email', target: 'ada@example.com' });
      const event = aVideoEvent(ownerId, { occurredAt: new Date() });
      await inTransaction(dataSource, (manager) => enqueueDeliveries(manager, event));

      worker.start();

      await expect.poll(async () => (await subscriptions.listDeliveries(ownerId)).map((delivery) => delivery.status), { timeout: 5_000 }).toEqual([
        'delivered',
        'delivered',
      ]);
      expect(receiver.requests).toHaveLength(1);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]?.replace(/=\r\n/g, '')).toContain(`https://videos.example.com/api/videos/${event.videoId}`);
    } finally {
      await worker.stop();
      await Promise.all([receiver.close(), smtp.close()]);
    }
  });
});
