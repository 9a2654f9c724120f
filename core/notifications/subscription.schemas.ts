import * as z from 'zod';
import { videoEventNames } from './delivery';

const events = z
  .array(z.enum(videoEventNames, { error: `must be one of ${videoEventNames.join(', ')}` }), { error: 'must be a list of event names' })
  .min(1, 'must list at least one event')
  .refine((names) => new Set(names).size === names.length, 'must not list an event twice')
  .default([...videoEventNames]);

function checkWebhookUrl(value: string, ctx: z.RefinementCtx): void {
  if (!URL.canParse(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL, e.g. https://example.com/hooks/video' });
    return;
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must use http or https, not ${url.protocol.slice(0, -1)}` });
  } else if (url.username || url.password) {
    // Credentials in the URL would be shown in every listing; the signature authenticates us instead.
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@): verify the X-Webhook-Signature instead' });
  }
}

const webhook = z.object({
  channel: z.literal('webhook'),
  target: z.string({ error: 'must be a URL' }).trim().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters').superRefine(checkWebhookUrl),
  events,
});

const email = z.object({
  channel: z.literal('email'),
  target: z
    .string({ error: 'must be an email address' })
    .trim()
    .max(254, 'must be at most 254 characters')
    .pipe(z.email({ error: 'must be a valid email address' }))
    .transform((value) => value.toLowerCase()),
  events,
});

const isObject = (input: unknown) => typeof input === 'object' && input !== null && !Array.isArray(input);

// The union reports both a body that is not an object and an unknown channel through this message.
export const subscriptionInputSchema = z.discriminatedUnion('channel', [webhook, email], {
  error: (issue) => (isObject(issue.input) ? 'must be "webhook" or "email"' : 'must be a JSON object'),
});
