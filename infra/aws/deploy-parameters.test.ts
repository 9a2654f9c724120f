import { describe, expect, it } from 'vitest';
import { readDeployParameters } from './deploy-parameters';

const read = (context: Record<string, unknown>) => readDeployParameters((key) => ({ stage: 'dev', emailFrom: 'no-reply@example.org', ...context })[key]);

describe('readDeployParameters', () => {
  it('deploys the monolith as a function unless an existing URL is given', () => {
    expect(read({}).monolith).toEqual({ kind: 'function' });
    expect(read({ legacyUrl: 'https://monolith.example.org/' }).monolith).toEqual({ kind: 'url', url: 'https://monolith.example.org' });
  });

  it('reads the graduated capabilities from a comma-separated list, once each', () => {
    expect(read({ graduated: 'metadata, transcoding,metadata' }).graduated).toEqual(['metadata', 'transcoding']);
    expect(read({}).graduated).toEqual([]);
  });

  it('derives the SES identities the sender may use: its address and its domain', () => {
    expect(read({ emailFrom: '24-Hour Video <no-reply@videos.example.org>' }).emailIdentities).toEqual(['no-reply@videos.example.org', 'videos.example.org']);
    expect(read({ emailFrom: 'ops@example.org' }).emailIdentities).toEqual(['ops@example.org', 'example.org']);
  });

  it('names each bad parameter and what would be right', () => {
    expect(() => read({ stage: 'Prod_1' })).toThrow(/-c stage: expected 1-10 lowercase letters and digits/);
    expect(() => read({ emailFrom: undefined })).toThrow(/-c emailFrom: required: the verified SES sender/);
    expect(() => read({ emailFrom: 'nobody' })).toThrow(/-c emailFrom: expected "Name <address>" or an address/);
    expect(() => read({ legacyUrl: 'ftp://monolith' })).toThrow(/-c legacyUrl: expected an http\(s\) URL/);
    expect(() => read({ ffprobeLayerArn: 'ffprobe' })).toThrow(/-c ffprobeLayerArn: expected a Lambda layer version ARN/);
    expect(() => read({ graduated: 'auth,thumbnails' })).toThrow(/-c graduated\.1: unknown capability "thumbnails"/);
  });

  it('treats an empty optional parameter as unset', () => {
    expect(read({ legacyUrl: '', publicBaseUrl: '', ffprobeLayerArn: '' })).toEqual(expect.objectContaining({ monolith: { kind: 'function' } }));
    expect(read({ publicBaseUrl: '' }).publicBaseUrl).toBeUndefined();
  });
});
