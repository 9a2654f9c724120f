import { describe, expect, it } from 'vitest';
import { base64CapacityBytes, readMigrationLimits } from './migration-limits';

describe('readMigrationLimits', () => {
  it("defaults to Lambda's 6 MiB, API Gateway's 29 s, the proxy's 30 s and the monolith's 1 GiB and 100 KiB", () => {
    expect(readMigrationLimits({})).toEqual({
      lambdaSyncPayloadBytes: 6 * 1024 ** 2,
      integrationTimeoutSeconds: 29,
      proxyWaitSeconds: 30,
      uploadLimitBytes: 1024 ** 3,
      jsonBodyLimitBytes: 100 * 1024,
    });
  });

  it('reads the monolith limits from the environment it runs with', () => {
    const limits = readMigrationLimits({ UPLOAD_LIMIT_BYTES: '5000000', JSON_BODY_LIMIT_BYTES: '2048' });

    expect(limits).toMatchObject({ uploadLimitBytes: 5_000_000, jsonBodyLimitBytes: 2048 });
  });
});

describe('base64CapacityBytes', () => {
  it('leaves three quarters of a payload for binary: 4.5 MiB of 6 MiB', () => {
    expect(base64CapacityBytes(6 * 1024 ** 2)).toBe(4.5 * 1024 ** 2);
  });
});
