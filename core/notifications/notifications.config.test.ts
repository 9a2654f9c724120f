import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/read-env';
import { readNotificationsConfig } from './notifications.config';

const dataDir = path.resolve('/var/lib/24hv');

describe('readNotificationsConfig', () => {
  it('has defaults that work on one machine, the outbox inside the data folder', () => {
    const config = readNotificationsConfig(dataDir, {});
    expect(config).toMatchObject({
      maxAttempts: 6,
      baseDelayMs: 2_000,
      maxDelayMs: 300_000,
      pollIntervalMs: 1_000,
      webhookTimeoutMs: 5_000,
      leaseMs: 60_000,
      mailOutboxDir: path.join(dataDir, 'mail-outbox'),
      smtpUrl: undefined,
      mailFrom: '24-Hour Video <no-reply@24hourvideo.local>',
      publicBaseUrl: 'http://localhost:3000',
    });
    expect(config.webhookAllowlist.names.size + config.webhookAllowlist.ranges.length).toBe(0);
  });

  it('reads every variable', () => {
    const config = readNotificationsConfig(dataDir, {
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BASE_DELAY_MS: '20',
      DELIVERY_MAX_DELAY_MS: '200',
      DELIVERY_POLL_MS: '10',
      WEBHOOK_TIMEOUT_MS: '500',
      DELIVERY_LEASE_MS: '2000',
      WEBHOOK_ALLOWLIST: '127.0.0.1, ::1,localhost,10.0.0.0/8',
      MAIL_OUTBOX_DIR: '/tmp/outbox',
      SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
      MAIL_FROM: 'Videos <videos@example.com>',
      PUBLIC_BASE_URL: 'https://api.example.com/',
    });
    expect(config).toMatchObject({
      maxAttempts: 3,
      baseDelayMs: 20,
      maxDelayMs: 200,
      pollIntervalMs: 10,
      webhookTimeoutMs: 500,
      leaseMs: 2_000,
      mailOutboxDir: path.resolve('/tmp/outbox'),
      smtpUrl: 'smtps://user:pass@smtp.example.com:465',
      mailFrom: 'Videos <videos@example.com>',
      publicBaseUrl: 'https://api.example.com',
    });
    expect([...config.webhookAllowlist.names]).toEqual(['localhost']);
    expect(config.webhookAllowlist.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['127.0.0.1/32', '::1/128', '10.0.0.0/8']);
  });

  it('treats empty variables as unset', () => {
    expect(readNotificationsConfig(dataDir, { SMTP_URL: '', WEBHOOK_ALLOWLIST: '', MAIL_OUTBOX_DIR: '' })).toMatchObject({
      smtpUrl: undefined,
      mailOutboxDir: path.join(dataDir, 'mail-outbox'),
    });
  });

  it.each([
    [{ DELIVERY_MAX_ATTEMPTS: '0' }, /DELIVERY_MAX_ATTEMPTS/],
    [{ DELIVERY_BASE_DELAY_MS: 'soon' }, /DELIVERY_BASE_DELAY_MS/],
    [{ DELIVERY_MAX_DELAY_MS: '10' }, /DELIVERY_MAX_DELAY_MS: must not be smaller than DELIVERY_BASE_DELAY_MS/],
    [{ WEBHOOK_TIMEOUT_MS: '-1' }, /WEBHOOK_TIMEOUT_MS/],
    [{ WEBHOOK_TIMEOUT_MS: '5000', DELIVERY_LEASE_MS: '5000' }, /DELIVERY_LEASE_MS: must be larger than WEBHOOK_TIMEOUT_MS/],
    [{ WEBHOOK_ALLOWLIST: '127.0.0.1,http://localhost,10.0.0.0/99' }, /WEBHOOK_ALLOWLIST: not a host name, IP address or CIDR range: http:\/\/localhost, 10.0.0.0\/99/],
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/],
    [{ PUBLIC_BASE_URL: 'localhost:3000' }, /PUBLIC_BASE_URL/],
    [{ MAIL_FROM: '  ' }, /MAIL_FROM/],
  ])('fails fast naming the bad variable: %j', (env, message) => {
    expect(() => readNotificationsConfig(dataDir, env)).toThrow(ConfigError);
    expect(() => readNotificationsConfig(dataDir, env)).toThrow(message);
  });
});
