import { describe, expect, it } from 'vitest';
import { capabilities } from '../../core/flags/capabilities';
import { formatMigratabilityReport } from './format-migratability-report';
import { checkMigratability } from './migratability-check';
import type { MigratabilityReport } from './migratability-report';
import { someLimits } from './preflight.builder';

const blockedReport: MigratabilityReport = {
  capability: 'videos',
  verdict: 'blocked',
  routes: [
    {
      routeId: 'videos.upload',
      method: 'POST',
      path: '/api/videos',
      functionName: null,
      findings: [
        { rule: 'no-function', severity: 'blocker', problem: 'No Lambda serves videos.upload.', handling: 'The monolith keeps serving it.' },
        { rule: 'integration-timeout', severity: 'info', problem: 'Transcodes take minutes.', handling: 'The request only queues the job.' },
      ],
    },
    { routeId: 'videos.list', method: 'GET', path: '/api/videos', functionName: 'videos', findings: [] },
  ],
};

describe('formatMigratabilityReport', () => {
  it('starts with the verdict and the count of routes and findings by severity', () => {
    const text = formatMigratabilityReport(blockedReport);

    expect(text.split('\n')[0]).toBe('videos: blocked (2 routes: 1 blocker, 1 info)');
  });

  it('says so when no route has a finding', () => {
    const text = formatMigratabilityReport(checkMigratability('auth', { limits: someLimits() }));

    expect(text.split('\n')[0]).toBe('auth: ready (3 routes: no findings)');
    expect(text).toContain('auth.me  GET /api/users/me  -> auth\n  no findings');
  });

  it('lists each route with its function, then each finding with severity, rule, problem and handling', () => {
    const text = formatMigratabilityReport(blockedReport);

    expect(text).toBe(
      [
        'videos: blocked (2 routes: 1 blocker, 1 info)',
        '',
        'videos.upload  POST /api/videos  -> no function',
        '  BLOCKER  no-function',
        '    problem   No Lambda serves videos.upload.',
        '    handling  The monolith keeps serving it.',
        '  INFO     integration-timeout',
        '    problem   Transcodes take minutes.',
        '    handling  The request only queues the job.',
        '',
        'videos.list  GET /api/videos  -> videos',
        '  no findings',
      ].join('\n'),
    );
  });

  it('wraps long sentences under their label', () => {
    const problem = 'word '.repeat(40).trim();
    const report: MigratabilityReport = { ...blockedReport, routes: [{ ...blockedReport.routes[0]!, findings: [{ rule: 'payload-size', severity: 'warning', problem, handling: 'short' }] }] };

    const lines = formatMigratabilityReport(report).split('\n');

    const start = lines.indexOf(lines.find((line) => line.startsWith('    problem'))!);
    expect(lines[start + 1]).toMatch(/^ {14}word/);
    expect(lines.slice(start, start + 3).join(' ').match(/word/g)).toHaveLength(40);
  });

  it.each(capabilities)('fits the %s report of the real system in 100 columns', (capability) => {
    const text = formatMigratabilityReport(checkMigratability(capability, { limits: someLimits() }));

    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});
