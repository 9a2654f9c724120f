import { InvalidArgumentError, type Command } from 'commander';
import { formatMigratabilityReport } from '../preflight/format-migratability-report';
import type { MigratabilityReport } from '../preflight/migratability-report';
import type { AdminClient } from './admin-client';
import type { FlagChangeResult, FlagView, MismatchView, OverrideRemovalResult, ParityView, RollbackResult } from './admin-api.types';
import { describeFlag } from './describe-flag';
import { formatTable } from './format-table';

export interface CommandContext {
  client: () => { api: AdminClient; json: boolean };
  print: (json: boolean, data: unknown, human: () => string) => void;
}

interface ChangeOptions {
  reason: string;
  force?: boolean;
  route?: string;
}

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};

const steps = (value: string) => {
  if (!/^\d+(,\d+)*$/.test(value)) throw new InvalidArgumentError('expected percentages separated by commas, e.g. 5,25,50,100');
  return value.split(',').map(Number);
};

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

/** flip, canary, ramp, rollback, parity, check: moving capabilities on evidence. */
export function registerRolloutCommands(program: Command, { client, print }: CommandContext): void {
  /** Sends a change to a capability (or, with --route, one route) and says what happened. */
  const change = async (capability: string, body: Record<string, unknown>, options: ChangeOptions) => {
    const { api, json } = client();
    const target = options.route ? `/route-flags/${encodeURIComponent(options.route)}` : `/flags/${encodeURIComponent(capability)}`;
    const name = options.route ?? capability;
    const result = await api.put<FlagChangeResult>(target, { ...body, reason: options.reason, ...(options.force ? { force: true } : {}) });
    print(json, result, () =>
      result.changed
        ? `${name}: ${result.change?.from ?? '?'} -> ${describeFlag(result.flag)} (version ${result.flag.version})${result.change?.forced ? ', forced past the gate' : ''}; every proxy applies it within a second`
        : `${name} is already ${describeFlag(result.flag)}: nothing changed`,
    );
  };
  const withChangeOptions = (command: Command) =>
    command
      .requiredOption('--reason <text>', 'why: kept in the audit trail')
      .option('--force', 'override a refusing gate (parity, cool-down); the audit keeps that it was forced')
      .option('--route <id>', 'change one route of the capability instead of all of it');

  withChangeOptions(
    program
      .command('flip')
      .description('move a capability: legacy, shadow (Lambda gets a mirrored copy), canary, lambda')
      .argument('<capability>', 'auth, videos, transcoding, metadata or notifications')
      .argument('<state>', 'legacy, shadow, canary or lambda')
      .option('--percent <n>', 'for canary: the share of clients on the Lambda (1-99)', wholeNumber)
      .option('--reverse-shadow', 'for lambda: the monolith still gets a mirrored copy, so parity stays measured'),
  ).action(async (capability: string, state: string, options: ChangeOptions & { percent?: number; reverseShadow?: boolean }) => {
    await change(capability, { state, ...(options.percent !== undefined ? { percent: options.percent } : {}), ...(options.reverseShadow ? { reverseShadow: true } : {}) }, options);
  });

  withChangeOptions(
    program.command('canary').description('serve a sticky share of clients from the Lambda').argument('<capability>').argument('<percent>', '1-99', wholeNumber),
  ).action(async (capability: string, share: number, options: ChangeOptions) => {
    await change(capability, { state: 'canary', percent: share }, options);
  });

  withChangeOptions(
    program
      .command('ramp')
      .description('a canary that widens step by step while the Lambda stays healthy (100 ends on lambda)')
      .argument('<capability>')
      .argument('<steps>', 'rising percentages, e.g. 5,25,50,100', steps)
      .option('--hold <seconds>', 'minimum time at each step', wholeNumber, 300),
  ).action(async (capability: string, plan: number[], options: ChangeOptions & { hold: number }) => {
    await change(capability, { state: 'canary', ramp: { steps: plan, holdSeconds: options.hold } }, options);
  });

  program
    .command('clear-override')
    .description('remove a route\'s override: the route follows its capability again')
    .argument('<route>', 'a route id, e.g. auth.me')
    .requiredOption('--reason <text>', 'why: kept in the audit trail')
    .option('--force', 'pass a refusing gate (parity, cool-down) when the capability serves customers from the Lambda')
    .action(async (route: string, options: { reason: string; force?: boolean }) => {
      const { api, json } = client();
      const result = await api.delete<OverrideRemovalResult>(`/route-flags/${encodeURIComponent(route)}`, { reason: options.reason, ...(options.force ? { force: true } : {}) });
      print(json, result, () =>
        result.removed ? `${route}: override removed (was ${result.change?.from ?? '?'}); it follows its capability again` : `${route} has no override: nothing changed`,
      );
    });

  program
    .command('rollback')
    .description('send a capability, and any override of its routes, back to the monolith at once')
    .argument('<capability>')
    .requiredOption('--reason <text>', 'why: kept in the audit trail')
    .action(async (capability: string, options: { reason: string }) => {
      const { api, json } = client();
      const result = await api.post<RollbackResult>(`/flags/${encodeURIComponent(capability)}/rollback`, { reason: options.reason });
      print(json, result, () => describeRollback(capability, result));
    });

  program
    .command('parity')
    .description('shadow parity per route; with a route, its latest mismatches side by side')
    .argument('[route]', 'a route id, e.g. auth.me')
    .option('--limit <n>', 'how many mismatches', wholeNumber, 5)
    .action(async (route: string | undefined, options: { limit: number }) => {
      const { api, json } = client();
      if (!route) {
        const parity = await api.get<{ since: string; routes: ParityView[] }>('/parity');
        print(json, parity, () => formatTable(['route', 'parity', 'compared', 'dropped'], parity.routes.map((p) => [p.route, percent(p.rate), p.sample, p.dropped])));
        return;
      }
      const { mismatches } = await api.get<{ mismatches: MismatchView[] }>(`/parity/mismatches?route=${encodeURIComponent(route)}&limit=${options.limit}`);
      print(json, { mismatches }, () =>
        mismatches.length === 0
          ? `${route}: no mismatches kept`
          : mismatches
              .map((m) => {
                const lines = m.differences.map((d) => `  ${d.path}: ${m.primary.target} ${JSON.stringify(d.primary)} | ${m.shadow.target} ${JSON.stringify(d.shadow)}`);
                return [`${m.observedAt} ${m.method} ${m.path} (request ${m.requestId}, mismatch ${m.id})`, ...lines].join('\n');
              })
              .join('\n\n'),
      );
    });

  program
    .command('check')
    .description('pre-flight: what breaks for a capability on Lambda and API Gateway, and how it is handled')
    .argument('<capability>')
    .action(async (capability: string) => {
      const { api, json } = client();
      const report = await api.get<MigratabilityReport>(`/check/${encodeURIComponent(capability)}`);
      print(json, report, () => formatMigratabilityReport(report));
    });
}

/** The flags table rows, shared by `flags`. */
export const flagRows = (flags: FlagView[], when: (iso: string | null) => string | null) =>
  flags.map((f) => [f.capability ?? f.route ?? null, describeFlag(f), f.version, when(f.updatedAt), f.updatedBy]);

function describeRollback(capability: string, { changed, flag, removedOverrides }: RollbackResult): string {
  const own = changed ? `${capability}: rolled back to legacy (version ${flag.version})` : `${capability} is already on legacy`;
  if (removedOverrides.length === 0) return changed ? own : `${own}: nothing changed`;
  return `${own}; route overrides removed, so they follow it: ${removedOverrides.map((removal) => removal.name).join(', ')}`;
}
