import { execFileSync } from 'node:child_process';

const git = (args: string[], cwd: string) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * The commit a run measured, `+` added when the code had uncommitted changes (the history and
 * documentation, which measure nothing, do not count); `unknown` outside a git checkout.
 */
export function measuredCommit(root: string): string {
  try {
    const commit = git(['rev-parse', '--short', 'HEAD'], root);
    const changed = git(['status', '--porcelain', '--', '.', ':!bench/history.jsonl', ':!*.md'], root);
    return changed === '' ? commit : `${commit}+`;
  } catch {
    return 'unknown';
  }
}
