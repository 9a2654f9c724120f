import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';

/** The repository root: registry entries are relative to it, and its lockfile pins what is bundled. */
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const bundler = fileURLToPath(new URL('./bundle-function.cli.ts', import.meta.url));

/**
 * Bundles one entry with bundle-function.cli.ts. The entry is a field, not only a closure: CDK
 * reuses a staged asset for equal bundling options as JSON, in which a function does not show.
 */
class LocalFunctionBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    const result = spawnSync(process.execPath, ['--import', 'tsx', bundler, this.entry, outputDir], { cwd: repositoryRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`bundling ${this.entry} failed: ${result.error?.message ?? result.stderr}`);
    return true;
  }
}

/**
 * The deployment package of a function entry (relative to the repository root): bundled with the
 * installed esbuild, never in Docker, when a stack is synthesized with bundling (`cdk synth` and
 * deploy; CDK skips it for the stacks it does not need).
 */
export function functionCode(entry: string): Code {
  return Code.fromAsset(repositoryRoot, {
    // Fingerprinting the bundle, not the repository with its node_modules.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required, never pulled: local bundling succeeds or throws, so CDK never falls back to Docker.
      image: DockerImage.fromRegistry('dummy'),
      local: new LocalFunctionBundling(entry),
    },
  });
}
