import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { bundleBanner, bundleExternalModules } from '../function-bundle-settings';

/** The repository root: registry entries are relative to it, and its lockfile pins what is bundled. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const resolve = createRequire(import.meta.url).resolve;
const esbuild = resolve('esbuild/bin/esbuild');
const pg = resolve('pg');

/** How every function is bundled: the installed esbuild, never Docker; ESM, as the local runtime runs it. */
export const bundlingOptions: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node22',
  // Neither minified nor source-mapped: stack traces stay readable in the bundle itself (a source
  // map would double its size and slow cold starts), and TypeORM and errors read class names.
  minify: false,
  sourceMap: false,
  banner: bundleBanner,
  // Setting this replaces the default ['@aws-sdk/*']: the SDK is bundled at the version the lockfile pins.
  externalModules: bundleExternalModules,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // TypeORM requires its driver by name when it connects (PlatformTools.load('pg')), out of
    // esbuild's sight: pg is bundled on its own into node_modules/pg beside the handler, where that
    // require finds it. Offline, with the installed esbuild, like the handler itself.
    afterBundling: (_inputDir, outputDir) => [
      `"${esbuild}" "${pg}" --bundle --platform=node --target=node22 --format=cjs --log-level=warning --external:pg-native --outfile="${outputDir}/node_modules/pg/index.js"`,
    ],
  },
};
