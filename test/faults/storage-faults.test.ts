import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoEntity } from '../../core/videos/adapters/video.entity';
import type { Monolith } from '../../legacy-app/compose-monolith';
import { readMonolithConfig } from '../../legacy-app/monolith.config';
import { signUpCustomer, type Customer } from '../support/customer';
import { expectLegacyError } from '../support/expect-legacy-error';
import { makeClip } from '../support/media-clips';
import { createMonolith, testEnvironment, type ServingContext } from '../support/serving-modes';
import { testAuthConfig } from '../support/test-auth';
import { createTestDatabase, openMigrated } from '../support/test-database';

// A disk that fills up midway is core/videos/videos.service.test.ts (a storage whose writes fail
// with ENOSPC after 8 KiB). Here the real filesystem storage under the monolith, on a broken root.

describe('a storage disk that cannot take the upload', () => {
  const clipDir = mkdtempSync(path.join(os.tmpdir(), '24hv-storage-fault-'));
  let context: ServingContext;
  let storageDir: string;
  let monolith: Monolith;
  let customer: Customer;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    storageDir = path.join(database.config.dataDir, 'broken-storage');
    mkdirSync(storageDir);
    // A file where the storage needs its `videos` folder: every write of an upload fails (ENOTDIR).
    writeFileSync(path.join(storageDir, 'videos'), 'not a folder');
    const env = { ...testEnvironment(context), STORAGE_DIR: storageDir };
    monolith = await createMonolith(context, { ...readMonolithConfig(database.config.dataDir, env), auth: context.authConfig });
    customer = await signUpCustomer(monolith.app);
  });

  afterAll(async () => {
    await monolith?.stop();
    await context?.dataSource.destroy();
    await context?.database.dispose();
    rmSync(clipDir, { recursive: true, force: true });
  });

  it('answers 503 unavailable with Retry-After, and leaves no video row and no file, whole or partial', async () => {
    const clip = await makeClip(clipDir, { seconds: 1 });

    const response = await customer.upload(clip, 'lost to the disk');

    expectLegacyError(response, 503, 'unavailable');
    expect(response.body.error.message).toBe('The upload could not be stored: try again later');
    expect(response.headers['retry-after']).toBe('30');
    expect(await context.dataSource.getRepository(VideoEntity).count()).toBe(0);
    expect((await customer.get('/api/videos').expect(200)).body.videos).toEqual([]);
    expect(readdirSync(storageDir, { recursive: true })).toEqual(['videos']);
  });
});
