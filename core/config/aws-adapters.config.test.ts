import { describe, expect, it } from 'vitest';
import { readAwsAdaptersConfig } from './aws-adapters.config';
import { ConfigError } from './read-env';

const roleArn = 'arn:aws:iam::111122223333:role/24hv-mediaconvert';
const queueArn = 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default';

describe('readAwsAdaptersConfig', () => {
  it('wires the local adapters by default', () => {
    expect(readAwsAdaptersConfig({})).toEqual({
      storage: { kind: 'fs' },
      renditionUrlTtlSeconds: 900,
      transcoder: { kind: 'ffmpeg' },
      email: { kind: 'outbox' },
    });
  });

  it('treats empty variables as unset', () => {
    expect(readAwsAdaptersConfig({ STORAGE_BACKEND: '', TRANSCODER: '', EMAIL_TRANSPORT: '', STORAGE_BUCKET: '', EMAIL_FROM: '' })).toEqual(readAwsAdaptersConfig({}));
  });

  it('reads every AWS choice with what it needs', () => {
    const config = readAwsAdaptersConfig({
      STORAGE_BACKEND: 's3',
      STORAGE_BUCKET: '24hv-videos.eu-west-1',
      RENDITION_URL_TTL_SECONDS: '3600',
      TRANSCODER: 'mediaconvert',
      MEDIACONVERT_ROLE_ARN: roleArn,
      MEDIACONVERT_QUEUE_ARN: queueArn,
      MEDIACONVERT_ENDPOINT: 'https://abcd1234.mediaconvert.eu-west-1.amazonaws.com/',
      EMAIL_TRANSPORT: 'ses',
      EMAIL_FROM: '24-Hour Video <no-reply@24hourvideo.example.com>',
    });

    expect(config).toEqual({
      storage: { kind: 's3', bucket: '24hv-videos.eu-west-1' },
      renditionUrlTtlSeconds: 3600,
      transcoder: { kind: 'mediaconvert', roleArn, queueArn, endpoint: 'https://abcd1234.mediaconvert.eu-west-1.amazonaws.com' },
      email: { kind: 'ses', from: '24-Hour Video <no-reply@24hourvideo.example.com>' },
    });
  });

  it('uses the regional MediaConvert endpoint when none is given', () => {
    expect(readAwsAdaptersConfig({ TRANSCODER: 'mediaconvert', MEDIACONVERT_ROLE_ARN: roleArn, MEDIACONVERT_QUEUE_ARN: queueArn }).transcoder).toEqual({ kind: 'mediaconvert', roleArn, queueArn });
  });

  it('ignores the AWS settings of a choice that is not made', () => {
    expect(readAwsAdaptersConfig({ STORAGE_BUCKET: '24hv-videos', EMAIL_FROM: 'a@example.com' })).toMatchObject({ storage: { kind: 'fs' }, email: { kind: 'outbox' } });
  });

  it.each([
    [{ STORAGE_BACKEND: 's3' }, /STORAGE_BUCKET: required when STORAGE_BACKEND=s3/],
    [{ TRANSCODER: 'mediaconvert' }, /MEDIACONVERT_ROLE_ARN: required when TRANSCODER=mediaconvert; MEDIACONVERT_QUEUE_ARN: required when TRANSCODER=mediaconvert/],
    [{ TRANSCODER: 'mediaconvert', MEDIACONVERT_ROLE_ARN: roleArn }, /MEDIACONVERT_QUEUE_ARN: required when TRANSCODER=mediaconvert/],
    [{ EMAIL_TRANSPORT: 'ses' }, /EMAIL_FROM: required when EMAIL_TRANSPORT=ses/],
    [{ STORAGE_BACKEND: 'S3' }, /STORAGE_BACKEND/],
    [{ STORAGE_BACKEND: 's3', STORAGE_BUCKET: 'My_Bucket' }, /STORAGE_BUCKET: expected an S3 bucket name/],
    [{ TRANSCODER: 'elastic-transcoder' }, /TRANSCODER/],
    [{ TRANSCODER: 'mediaconvert', MEDIACONVERT_ROLE_ARN: '24hv-mediaconvert', MEDIACONVERT_QUEUE_ARN: queueArn }, /MEDIACONVERT_ROLE_ARN: expected an IAM role ARN/],
    [{ TRANSCODER: 'mediaconvert', MEDIACONVERT_ROLE_ARN: roleArn, MEDIACONVERT_QUEUE_ARN: 'Default' }, /MEDIACONVERT_QUEUE_ARN: expected a MediaConvert queue ARN/],
    [{ MEDIACONVERT_ENDPOINT: 'abcd1234.mediaconvert.eu-west-1.amazonaws.com' }, /MEDIACONVERT_ENDPOINT: expected an http\(s\) URL/],
    [{ EMAIL_TRANSPORT: 'smtp' }, /EMAIL_TRANSPORT/],
    [{ RENDITION_URL_TTL_SECONDS: '0' }, /RENDITION_URL_TTL_SECONDS/],
    [{ RENDITION_URL_TTL_SECONDS: 'soon' }, /RENDITION_URL_TTL_SECONDS/],
    [{ RENDITION_URL_TTL_SECONDS: '604801' }, /RENDITION_URL_TTL_SECONDS: must be at most 604800 \(7 days\)/],
  ])('fails fast naming the variable: %j', (env, message) => {
    expect(() => readAwsAdaptersConfig(env)).toThrow(ConfigError);
    expect(() => readAwsAdaptersConfig(env)).toThrow(message);
  });

  it('names every missing variable at once', () => {
    expect(() => readAwsAdaptersConfig({ STORAGE_BACKEND: 's3', TRANSCODER: 'mediaconvert', EMAIL_TRANSPORT: 'ses' })).toThrow(
      /STORAGE_BUCKET.*MEDIACONVERT_ROLE_ARN.*MEDIACONVERT_QUEUE_ARN.*EMAIL_FROM/,
    );
  });
});
