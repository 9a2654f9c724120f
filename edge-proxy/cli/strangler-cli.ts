import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { AdminClient, CliError } from './admin-client';
import type { ChangeView, DeadLetterView, FlagView } from './admin-api.types';
import { formatTable } from './format-table';
import { registerProgressCommands } from './progress-commands';
import { flagRows, registerRolloutCommands } from './rollout-commands';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** The admin token: --token, else STRANGLER_ADMIN_TOKEN, else the one `npm start` generated locally. */
function resolveToken(options: GlobalOptions, env: NodeJS.ProcessEnv): string | undefined {
  if (options.token) return options.token;
  if (env.STRANGLER_ADMIN_TOKEN) return env.STRANGLER_ADMIN_TOKEN;
  try {
    return readFileSync(path.resolve(env.DATA_DIR ?? 'data', 'admin-token'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : null);

/** Builds the `strangler` command line; `io` makes it testable in-process. */
function createStranglerCli(io: CliIo): Command {
  const program = new Command('strangler')
    .description('Move 24-Hour Video routes between the monolith and their Lambdas')
    .option('--url <url>', 'edge proxy base URL (env STRANGLER_URL)', io.env.STRANGLER_URL ?? 'http://localhost:3000')
    .option('--token <token>', 'admin token (env STRANGLER_ADMIN_TOKEN; locally data/admin-token)')
    .option('--json', 'print JSON instead of tables')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const client = () => {
    const options = program.opts<GlobalOptions>();
    const actor = `${os.userInfo().username}@${os.hostname()}`;
    return { api: new AdminClient({ url: options.url.replace(/\/+$/, ''), token: resolveToken(options, io.env), actor }), json: options.json === true };
  };
  const print = (json: boolean, data: unknown, human: () => string) => io.out(`${json ? JSON.stringify(data, null, 2) : human()}\n`);

  registerProgressCommands(program, { client, print });

  program.command('flags').description('the flag of every capability').action(async () => {
    const { api, json } = client();
    const { flags } = await api.get<{ flags: FlagView[] }>('/flags');
    print(json, { flags }, () => formatTable(['capability', 'state', 'version', 'updated', 'by'], flagRows(flags, when)));
  });

  registerRolloutCommands(program, { client, print });

  program
    .command('history')
    .description('the audit trail of flag changes, newest first')
    .option('--limit <n>', 'how many entries', '20')
    .action(async (options: { limit: string }) => {
      const { api, json } = client();
      const { changes } = await api.get<{ changes: ChangeView[] }>(`/audit?limit=${encodeURIComponent(options.limit)}`);
      print(json, { changes }, () =>
        formatTable(
          ['#', 'when', 'what', 'from', 'to', 'who', 'why'],
          changes.map((c) => [c.id, when(c.changedAt), c.name, c.from, c.to === 'canary' ? `canary ${c.toPercent}%` : c.to, c.actor, `${c.forced ? '(forced) ' : ''}${c.reason}`]),
        ),
      );
    });

  program
    .command('dead-letters')
    .description('pipeline events a function failed on every attempt, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { limit: string }) => {
      const { api, json } = client();
      const { deadLetters } = await api.get<{ deadLetters: DeadLetterView[] }>(`/dead-letters?limit=${encodeURIComponent(options.limit)}`);
      print(json, { deadLetters }, () =>
        formatTable(
          ['id', 'failed', 'function', 'attempts', 'error', 'replayed'],
          deadLetters.map((d) => [d.id, when(d.failedAt), d.functionName, d.attempts, `${d.errorType}: ${d.errorMessage}`.slice(0, 100), when(d.replayedAt)]),
        ),
      );
    });

  program
    .command('replay')
    .description('deliver a dead letter to its function again (once its cause is fixed)')
    .argument('<id>', 'the dead letter, from `strangler dead-letters`')
    .action(async (id: string) => {
      const { api, json } = client();
      const { deadLetter } = await api.post<{ deadLetter: DeadLetterView }>(`/dead-letters/${encodeURIComponent(id)}/replay`);
      print(json, { deadLetter }, () => `${deadLetter.id}: sent to ${deadLetter.functionName} again; its retries apply anew`);
    });

  return program;
}

/** Runs the CLI and returns its exit code: 0 on success, 1 on any error (reported in one line). */
export async function runStranglerCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await createStranglerCli(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`strangler: ${error instanceof CliError ? error.message : String(error)}\n`);
    return 1;
  }
}
