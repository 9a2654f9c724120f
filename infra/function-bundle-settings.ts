/**
 * What every function bundle leaves out or adds, in AWS (infra/aws/bundling.ts) and in the local
 * Lambda runtime alike, so both run the same code.
 */
export const bundleExternalModules = [
  // Native addon of the embedded SQLite database; AWS runs on PostgreSQL (DATABASE_URL), so it is never loaded there.
  'better-sqlite3',
  'pg-native',
  // ffmpeg/ffprobe binaries from npm cannot go through esbuild: the code falls back to FFPROBE_PATH (a layer).
  '@ffmpeg-installer/ffmpeg',
  'ffprobe-static',
];

/** ESM bundles, because the code reads import.meta.url; `require` is recreated for the CommonJS packages inside. */
export const bundleBanner = "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);";
