import * as z from 'zod';
import { positiveIntVariable, readEnv, urlVariable } from './read-env';

/** Where objects live: files under the data folder, or one S3 bucket. */
export type StorageBackendConfig = { readonly kind: 'fs' } | { readonly kind: 's3'; readonly bucket: string };

/** Who encodes: the local ffmpeg, or AWS Elemental MediaConvert. */
export type TranscoderConfig =
  | { readonly kind: 'ffmpeg' }
  | {
      readonly kind: 'mediaconvert';
      /** The IAM role MediaConvert assumes to read sources and write renditions. */
      readonly roleArn: string;
      readonly queueArn: string;
      /** The account's MediaConvert endpoint, for accounts that still need one; the regional one otherwise. */
      readonly endpoint?: string;
    };

/** How e-mails leave: the outbox (SMTP or .eml files, see notifications.config.ts), or Amazon SES. */
export type EmailTransportConfig = { readonly kind: 'outbox' } | { readonly kind: 'ses'; readonly from: string };

/** Which adapters a process wires: the local ones by default, the AWS ones where configured. */
export interface AwsAdaptersConfig {
  readonly storage: StorageBackendConfig;
  /** Lifetime of a presigned rendition download URL. */
  readonly renditionUrlTtlSeconds: number;
  readonly transcoder: TranscoderConfig;
  readonly email: EmailTransportConfig;
}

// SigV4 presigned URLs live at most 7 days.
const maxPresignSeconds = 7 * 24 * 3600;

/** An unset variable and an empty one (`STORAGE_BUCKET=` in an env file) mean the same. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const schema = z
  .object({
    STORAGE_BACKEND: optional(z.enum(['fs', 's3'])).default('fs'),
    STORAGE_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens')),
    RENDITION_URL_TTL_SECONDS: positiveIntVariable(900).pipe(z.number().max(maxPresignSeconds, `must be at most ${maxPresignSeconds} (7 days), the longest a presigned URL lives`)),
    TRANSCODER: optional(z.enum(['ffmpeg', 'mediaconvert'])).default('ffmpeg'),
    MEDIACONVERT_ROLE_ARN: optional(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/, 'expected an IAM role ARN like arn:aws:iam::111122223333:role/MediaConvertRole')),
    MEDIACONVERT_QUEUE_ARN: optional(
      z.string().regex(/^arn:aws[a-z-]*:mediaconvert:[a-z0-9-]+:\d{12}:queues\/\S+$/, 'expected a MediaConvert queue ARN like arn:aws:mediaconvert:us-east-1:111122223333:queues/Default'),
    ),
    MEDIACONVERT_ENDPOINT: optional(urlVariable()),
    EMAIL_TRANSPORT: optional(z.enum(['outbox', 'ses'])).default('outbox'),
    EMAIL_FROM: optional(z.string().trim().min(1)),
  })
  .superRefine((vars, ctx) => {
    const require = (name: keyof typeof vars, when: string) => {
      if (vars[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `required when ${when}` });
    };
    if (vars.STORAGE_BACKEND === 's3') require('STORAGE_BUCKET', 'STORAGE_BACKEND=s3');
    if (vars.TRANSCODER === 'mediaconvert') {
      require('MEDIACONVERT_ROLE_ARN', 'TRANSCODER=mediaconvert');
      require('MEDIACONVERT_QUEUE_ARN', 'TRANSCODER=mediaconvert');
    }
    if (vars.EMAIL_TRANSPORT === 'ses') require('EMAIL_FROM', 'EMAIL_TRANSPORT=ses (a verified SES identity)');
  });

/** Reads STORAGE_BACKEND, TRANSCODER and EMAIL_TRANSPORT with what each AWS choice needs; fails naming every missing variable. */
export function readAwsAdaptersConfig(env: NodeJS.ProcessEnv = process.env): AwsAdaptersConfig {
  const vars = readEnv(schema, env);
  // The `!`s below stand for the schema's refinement: each variable is present when its choice needs it.
  return {
    storage: vars.STORAGE_BACKEND === 's3' ? { kind: 's3', bucket: vars.STORAGE_BUCKET! } : { kind: 'fs' },
    renditionUrlTtlSeconds: vars.RENDITION_URL_TTL_SECONDS,
    transcoder:
      vars.TRANSCODER === 'mediaconvert'
        ? {
            kind: 'mediaconvert',
            roleArn: vars.MEDIACONVERT_ROLE_ARN!,
            queueArn: vars.MEDIACONVERT_QUEUE_ARN!,
            ...(vars.MEDIACONVERT_ENDPOINT === undefined ? {} : { endpoint: vars.MEDIACONVERT_ENDPOINT }),
          }
        : { kind: 'ffmpeg' },
    email: vars.EMAIL_TRANSPORT === 'ses' ? { kind: 'ses', from: vars.EMAIL_FROM! } : { kind: 'outbox' },
  };
}
