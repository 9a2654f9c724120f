import path from 'node:path';
import * as z from 'zod';
import { positiveIntVariable, readEnv, urlVariable } from '../config/read-env';
import type { RetryPolicy } from './delivery-attempt';
import { isAllowlistEntry, parseAllowlist, type WebhookAllowlist } from './webhook-target-guard';

export interface NotificationsConfig extends RetryPolicy {
  readonly pollIntervalMs: number;
  readonly webhookTimeoutMs: number;
  /** How long a sender's claim on a delivery holds: after a crash, the time before another sender retries it. */
  readonly leaseMs: number;
  /** Non-public targets webhooks may call anyway (local demos, tests); empty in production. */
  readonly webhookAllowlist: WebhookAllowlist;
  /** Where e-mails are written as .eml files when no SMTP server is configured. */
  readonly mailOutboxDir: string;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /** The API's address as customers see it, for links in e-mails. */
  readonly publicBaseUrl: string;
}

/** An unset variable and an empty one (`SMTP_URL=` in an env file) mean the same. */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const allowlist = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
  .superRefine((entries, ctx) => {
    const invalid = entries.filter((entry) => !isAllowlistEntry(entry));
    if (invalid.length > 0) ctx.addIssue({ code: 'custom', message: `not a host name, IP address or CIDR range: ${invalid.join(', ')}` });
  })
  .transform(parseAllowlist);

const schema = z
  .object({
    DELIVERY_MAX_ATTEMPTS: positiveIntVariable(6),
    DELIVERY_BASE_DELAY_MS: positiveIntVariable(2_000),
    DELIVERY_MAX_DELAY_MS: positiveIntVariable(300_000),
    DELIVERY_POLL_MS: positiveIntVariable(1_000),
    WEBHOOK_TIMEOUT_MS: positiveIntVariable(5_000),
    DELIVERY_LEASE_MS: positiveIntVariable(60_000),
    WEBHOOK_ALLOWLIST: allowlist,
    MAIL_OUTBOX_DIR: z.preprocess(emptyAsUnset, z.string().optional()),
    SMTP_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }).optional()),
    MAIL_FROM: z.string().trim().min(1, 'must not be empty').default('24-Hour Video <no-reply@24hourvideo.local>'),
    PUBLIC_BASE_URL: urlVariable().default('http://localhost:3000'),
  })
  .refine((vars) => vars.DELIVERY_MAX_DELAY_MS >= vars.DELIVERY_BASE_DELAY_MS, {
    path: ['DELIVERY_MAX_DELAY_MS'],
    message: 'must not be smaller than DELIVERY_BASE_DELAY_MS',
  })
  // A claim that ran out while its send was still waiting would let a second sender send it too.
  .refine((vars) => vars.DELIVERY_LEASE_MS > vars.WEBHOOK_TIMEOUT_MS, {
    path: ['DELIVERY_LEASE_MS'],
    message: 'must be larger than WEBHOOK_TIMEOUT_MS',
  });

/** Reads the delivery, webhook and e-mail settings; the mail outbox defaults to `<dataDir>/mail-outbox`. */
export function readNotificationsConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const vars = readEnv(schema, env);
  return {
    maxAttempts: vars.DELIVERY_MAX_ATTEMPTS,
    baseDelayMs: vars.DELIVERY_BASE_DELAY_MS,
    maxDelayMs: vars.DELIVERY_MAX_DELAY_MS,
    pollIntervalMs: vars.DELIVERY_POLL_MS,
    webhookTimeoutMs: vars.WEBHOOK_TIMEOUT_MS,
    leaseMs: vars.DELIVERY_LEASE_MS,
    webhookAllowlist: vars.WEBHOOK_ALLOWLIST,
    mailOutboxDir: path.resolve(vars.MAIL_OUTBOX_DIR ?? path.join(dataDir, 'mail-outbox')),
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM,
    publicBaseUrl: vars.PUBLIC_BASE_URL,
  };
}
