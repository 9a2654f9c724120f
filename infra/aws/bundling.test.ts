import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { afterEach, describe, expect, it } from 'vitest';
import { functionCode } from './bundling';

describe('function code bundling', () => {
  let outdir: string | undefined;
  afterEach(() => outdir && rmSync(outdir, { recursive: true, force: true }));

  it('stops synthesis with the entry and esbuild\'s error when an entry does not build', () => {
    outdir = mkdtempSync(path.join(tmpdir(), '24hv-bundling-'));
    const stack = new Stack(new App({ outdir, context: { [BUNDLING_STACKS]: ['**'] } }), 'Bundling');
    const deploy = () => new LambdaFunction(stack, 'Missing', { code: functionCode('extracted-functions/missing.handler.ts'), handler: 'index.handler', runtime: Runtime.NODEJS_22_X });
    expect(deploy).toThrow(/bundling extracted-functions\/missing\.handler\.ts failed: .*Could not resolve/s);
  });
});
