import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { runMain } from '../../core/process/run-main';
import { functionBundleOptions } from '../function-bundle-settings';

/** The Node.js major version of the functions' runtime in AWS (deployed-lambda.ts). */
const lambdaNodeMajor = 22;

/**
 * `bundle-function.cli.ts <entry> <output folder>`: writes the deployment package of one function
 * as CDK's asset bundling asks for it (bundling.ts), with the installed esbuild, offline: the handler
 * as `index.mjs`, and the PostgreSQL driver beside it. esbuild's plugins run in its asynchronous API
 * only, which CDK's synchronous bundling hook cannot wait for: hence a process of its own.
 */
async function main(): Promise<void> {
  const [entry, outputDir] = process.argv.slice(2);
  if (!entry || !outputDir) throw new Error('usage: bundle-function.cli.ts <entry> <output folder>');
  await build({ ...functionBundleOptions(path.resolve(entry), lambdaNodeMajor), logLevel: 'warning', outfile: path.join(outputDir, 'index.mjs') });
  // TypeORM requires its driver by name when it connects (PlatformTools.load('pg')), out of
  // esbuild's sight: pg is bundled on its own into node_modules/pg, where that require finds it.
  await build({
    entryPoints: [createRequire(import.meta.url).resolve('pg')],
    bundle: true,
    platform: 'node',
    target: `node${lambdaNodeMajor}`,
    format: 'cjs',
    external: ['pg-native'],
    logLevel: 'warning',
    outfile: path.join(outputDir, 'node_modules/pg/index.js'),
  });
}

runMain(main);
