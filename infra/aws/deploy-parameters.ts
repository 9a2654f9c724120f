import * as z from 'zod';
import { ConfigError } from '../../core/config/read-env';
import type { Capability } from '../../core/flags/capabilities';
import { capabilities } from '../../core/flags/capabilities';

/** Where the monolith's traffic goes: the `legacy-monolith` function, or a monolith already running elsewhere. */
export type MonolithDeployment = { readonly kind: 'function' } | { readonly kind: 'url'; readonly url: string };

/** What one deployment is, chosen on the command line (`cdk deploy -c stage=prod -c …`). */
export interface DeployParameters {
  readonly stage: string;
  /** Capabilities whose routes API Gateway sends straight to their function, without the proxy. */
  readonly graduated: readonly Capability[];
  readonly monolith: MonolithDeployment;
  /** The verified SES sender, as the code reads EMAIL_FROM: `Name <address>` or an address. */
  readonly emailFrom: string;
  /** The SES identities EMAIL_FROM may be sent as: the address and its domain. */
  readonly emailIdentities: readonly string[];
  /** The API's address in e-mail links; the HTTP API's own endpoint when unset. */
  readonly publicBaseUrl?: string;
  /** A layer with ffprobe at /opt/bin/ffprobe for the functions that probe media; esbuild cannot bundle a binary. */
  readonly ffprobeLayerArn?: string;
}

/** The context keys read. */
const parameterNames = ['stage', 'graduated', 'legacyUrl', 'emailFrom', 'publicBaseUrl', 'ffprobeLayerArn'] as const;

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const list = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : (value ?? [])),
  z.array(z.enum(capabilities, { error: (issue) => `unknown capability ${JSON.stringify(issue.input)}; expected some of ${capabilities.join(', ')}` })),
);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));
// `Name <local@domain>` or `local@domain`, as nodemailer and SES accept EMAIL_FROM.
const senderPattern = /^(?:[^<>]*<\s*([^<>\s@]+@([^<>\s@]+))\s*>|\s*([^<>\s@]+@([^<>\s@]+))\s*)$/;

const schema = z.object({
  // Lower case and short: it names buckets (63 characters at most) and functions (64).
  stage: z.string().regex(/^[a-z][a-z0-9]{0,9}$/, 'expected 1-10 lowercase letters and digits, starting with a letter (e.g. dev, prod)'),
  graduated: list,
  legacyUrl: z.preprocess(emptyAsUnset, httpUrl.optional()),
  emailFrom: z.string({ error: 'required: the verified SES sender of notification e-mails, e.g. "24-Hour Video <no-reply@example.org>"' }).regex(senderPattern, 'expected "Name <address>" or an address'),
  publicBaseUrl: z.preprocess(emptyAsUnset, httpUrl.optional()),
  ffprobeLayerArn: z.preprocess(emptyAsUnset, z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/, 'expected a Lambda layer version ARN').optional()),
});

/** Reads and validates the CDK context; fails naming every bad parameter. */
export function readDeployParameters(context: (key: string) => unknown): DeployParameters {
  const result = schema.safeParse(Object.fromEntries(parameterNames.map((name) => [name, context(name)])));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `-c ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid deploy parameters: ${problems.join('; ')}`);
  }
  const { stage, graduated, legacyUrl, emailFrom, publicBaseUrl, ffprobeLayerArn } = result.data;
  const [, namedAddress, namedDomain, bareAddress, bareDomain] = senderPattern.exec(emailFrom)!;
  return {
    stage,
    graduated: [...new Set(graduated)],
    monolith: legacyUrl === undefined ? { kind: 'function' } : { kind: 'url', url: legacyUrl },
    emailFrom,
    emailIdentities: [namedAddress ?? bareAddress!, namedDomain ?? bareDomain!],
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    ...(ffprobeLayerArn === undefined ? {} : { ffprobeLayerArn }),
  };
}
