import type { Finding, MigratabilityReport, RouteReport, Severity, Verdict } from './migratability-report';
import { wrapText } from './wrap-text';

const terminalWidth = 100;
const labelWidth = 14;

const verdictWords: Record<Verdict, string> = {
  ready: 'ready',
  'ready-with-warnings': 'ready with warnings',
  blocked: 'blocked',
};

const severityOrder: readonly Severity[] = ['blocker', 'warning', 'info'];

function countNoun(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

function summarize(report: MigratabilityReport): string {
  const findings = report.routes.flatMap((route) => route.findings);
  const counts = severityOrder
    .map((severity) => ({ severity, count: findings.filter((finding) => finding.severity === severity).length }))
    .filter(({ count }) => count > 0)
    .map(({ severity, count }) => countNoun(count, severity, severity === 'info' ? 'info' : undefined));
  const routes = countNoun(report.routes.length, 'route');
  return `${report.capability}: ${verdictWords[report.verdict]} (${routes}: ${counts.length > 0 ? counts.join(', ') : 'no findings'})`;
}

// A label, then the text wrapped beside it, continuation lines under the text's first word.
function labelled(label: string, text: string): string[] {
  const indent = ' '.repeat(labelWidth);
  return wrapText(text, terminalWidth - labelWidth).map((line, index) => (index === 0 ? `    ${label}`.padEnd(labelWidth) : indent) + line);
}

function formatFinding(finding: Finding): string[] {
  return [`  ${finding.severity.toUpperCase().padEnd(7)}  ${finding.rule}`, ...labelled('problem', finding.problem), ...labelled('handling', finding.handling)];
}

function formatRoute(route: RouteReport): string[] {
  const heading = `${route.routeId}  ${route.method} ${route.path}  -> ${route.functionName ?? 'no function'}`;
  const findings = route.findings.length > 0 ? route.findings.flatMap(formatFinding) : ['  no findings'];
  return [heading, ...findings];
}

/** The report as plain text for the CLI: a verdict line, then each route with its findings. */
export function formatMigratabilityReport(report: MigratabilityReport): string {
  return [summarize(report), ...report.routes.map((route) => formatRoute(route).join('\n'))].join('\n\n');
}
