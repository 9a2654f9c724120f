import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { functionBundleOptions, functionBundlePluginSources } from '../../function-bundle-settings';

const editMarginMs = 1_000;

/** An input file of a bundle as it was when the bundle was built. */
interface BundleInput {
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/**
 * Function code as AWS runs it: one esbuild bundle per entry point, with the settings of the
 * deployed bundles, loaded by plain Node.js. Compiling TypeScript in each new process instead
 * cost about a second per cold start. Each entry is bundled once per runtime (as a deploy would:
 * restart the runtime to run edited code); a bundle is kept on disk and reused while none of its
 * input files changed, so runtimes started one after another (tests, restarts) do not rebuild it.
 */
export class FunctionBundles {
  private readonly builds = new Map<string, Promise<string>>();

  constructor(
    private readonly rootDir: string,
    private readonly cacheDir: string,
    /** Files a bundle depends on besides its inputs: a change to one rebuilds it too. */
    private readonly pluginSources: readonly string[] = functionBundlePluginSources,
  ) {}

  /** The bundle of `entry` (absolute, or relative to the root); a failed build is tried again on the next call. */
  bundleOf(entry: string): Promise<string> {
    const entryPath = resolve(this.rootDir, entry);
    let built = this.builds.get(entryPath);
    if (built === undefined) {
      built = this.reuseOrBuild(entryPath);
      this.builds.set(entryPath, built);
      built.catch(() => this.builds.delete(entryPath));
    }
    return built;
  }

  private async reuseOrBuild(entryPath: string): Promise<string> {
    const options: BuildOptions = {
      ...functionBundleOptions(entryPath, Number(process.versions.node.split('.')[0])),
      absWorkingDir: this.rootDir,
      metafile: true,
    };
    const key = createHash('sha256').update(JSON.stringify({ options, esbuildVersion })).digest('hex').slice(0, 16);
    const outfile = join(this.cacheDir, `${basename(entryPath).replace(/\.[cm]?[jt]s$/, '')}-${key}.mjs`);
    const inputsFile = `${outfile}.inputs.json`;
    if (await isUnchanged(inputsFile, this.rootDir)) return outfile;

    await mkdir(this.cacheDir, { recursive: true });
    // Written aside, then renamed: another runtime may be reading or building the same bundle.
    const temporary = `${outfile}.${randomUUID()}.tmp`;
    const startedAt = Date.now();
    const { metafile } = await build({ ...options, outfile: temporary });
    const inputs = await Promise.all([...Object.keys(metafile!.inputs), ...this.pluginSources].map((path) => describeInput(this.rootDir, path)));
    await rename(temporary, outfile);
    // A file edited while esbuild read it may be newer than what the bundle holds: such a bundle is
    // used, never reused. The margin covers file times, which lag the clock by a kernel tick.
    if (inputs.every((input) => input.mtimeMs < startedAt - editMarginMs)) await writeAtomically(inputsFile, JSON.stringify(inputs));
    return outfile;
  }
}

async function describeInput(rootDir: string, path: string): Promise<BundleInput> {
  const { mtimeMs, size } = await stat(resolve(rootDir, path));
  return { path, mtimeMs, size };
}

/** True when a bundle was built and none of its input files changed since (a missing file counts as a change). */
async function isUnchanged(inputsFile: string, rootDir: string): Promise<boolean> {
  let inputs: BundleInput[];
  try {
    inputs = JSON.parse(await readFile(inputsFile, 'utf8')) as BundleInput[];
  } catch {
    // Never built here, or cut short by a crash: build it.
    return false;
  }
  const checks = inputs.map(async (input) => {
    const now = await stat(resolve(rootDir, input.path)).catch(() => undefined);
    return now !== undefined && now.mtimeMs === input.mtimeMs && now.size === input.size;
  });
  return (await Promise.all(checks)).every(Boolean);
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
