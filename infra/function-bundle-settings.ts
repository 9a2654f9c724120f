import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { leaveOutTypeormDrivers } from './leave-out-typeorm-drivers';

/**
 * What every function bundle leaves out or adds, in AWS (infra/aws/bundle-function.cli.ts) and in
 * the local Lambda runtime alike, so both run the same code.
 */
const bundleExternalModules = [
  // Native addon of the embedded SQLite database; AWS runs on PostgreSQL (DATABASE_URL), so it is never loaded there.
  'better-sqlite3',
  'pg-native',
  // ffmpeg/ffprobe binaries from npm cannot go through esbuild: the code falls back to FFPROBE_PATH (a layer).
  '@ffmpeg-installer/ffmpeg',
  'ffprobe-static',
];

/** ESM bundles, because the code reads import.meta.url; `require` is recreated for the CommonJS packages inside. */
const bundleBanner = "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);";

/**
 * esbuild's options for the bundle of one function entry, for the given Node.js major version.
 * Neither minified nor source-mapped: stack traces stay readable in the bundle itself (a source map
 * would double its size and slow cold starts), and TypeORM and errors read class names.
 */
export function functionBundleOptions(entryPoint: string, nodeMajor: number): BuildOptions {
  return {
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${nodeMajor}`,
    banner: { js: bundleBanner },
    external: bundleExternalModules,
    plugins: [leaveOutTypeormDrivers],
    logLevel: 'silent',
  };
}

/** The plugins' code, which the options' JSON does not show: a bundle built before it changed is stale. */
export const functionBundlePluginSources: readonly string[] = [fileURLToPath(new URL('./leave-out-typeorm-drivers.ts', import.meta.url))];
