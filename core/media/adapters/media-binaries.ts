import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where the ffmpeg and ffprobe executables are. */
export interface MediaBinaries {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
}

type Tool = 'ffmpeg' | 'ffprobe';

const sources: Record<Tool, { readonly variable: string; readonly installer: string }> = {
  ffmpeg: { variable: 'FFMPEG_PATH', installer: '@ffmpeg-installer/ffmpeg' },
  ffprobe: { variable: 'FFPROBE_PATH', installer: 'ffprobe-static' },
};

// ffprobe comes from ffprobe-static (ffprobe 4.0): the build of @ffprobe-installer/ffprobe crashes
// (SIGSEGV) on MPEG-TS input, which customers upload. The packages are CommonJS and the installer
// throws on load when its platform package is missing (a Lambda layer ships its own binaries
// instead), so they are required lazily, not imported.
const require = createRequire(import.meta.url);
const defaults = new Map<Tool, string>();

/**
 * The media binaries: FFMPEG_PATH / FFPROBE_PATH when set, else the builds installed from npm, else
 * `ffmpeg` / `ffprobe` from PATH.
 */
export function locateMediaBinaries(env: NodeJS.ProcessEnv = process.env): MediaBinaries {
  return { ffmpegPath: locate('ffmpeg', env), ffprobePath: locate('ffprobe', env) };
}

function locate(tool: Tool, env: NodeJS.ProcessEnv): string {
  const { variable } = sources[tool];
  const configured = env[variable];
  if (configured) {
    if (!isExecutable(configured)) {
      throw new Error(`${variable}=${configured} is not an executable file: point it at the ${tool} binary or unset it`);
    }
    return configured;
  }
  let found = defaults.get(tool);
  if (found === undefined) {
    found = installedBinary(tool) ?? tool;
    defaults.set(tool, found);
  }
  return found;
}

/** The installer package's binary, made executable if its postinstall did not; undefined if unusable. */
function installedBinary(tool: Tool): string | undefined {
  let path: unknown;
  try {
    ({ path } = require(sources[tool].installer) as { path?: unknown });
  } catch {
    // Not installed, or no build for this platform (the installers throw strings): fall back to PATH.
    return undefined;
  }
  if (typeof path !== 'string') return undefined;
  if (isExecutable(path)) return path;
  // npm may skip the ffprobe installer's postinstall `chmod` (--ignore-scripts, some lockfile
  // installs). The file lives in our node_modules, so give it back its execute bit when we own it.
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats?.isFile() && stats.uid === process.getuid?.()) {
    chmodSync(path, stats.mode | constants.S_IXUSR);
    if (isExecutable(path)) return path;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch (error) {
    if (error instanceof Error && 'code' in error) return false;
    throw error;
  }
}
