import { describe, expect, it } from 'vitest';
import { UnknownCapabilityError } from '../../core/flags/flag.errors';
import { functionRegistry } from '../../extracted-functions/registry';
import { checkMigratability } from './migratability-check';
import type { MigratabilityReport } from './migratability-report';
import { aFunction, aPreflightRoute, someLimits } from './preflight.builder';

const check = (capability: string) => checkMigratability(capability, { limits: someLimits() });

const rulesOf = (report: MigratabilityReport, routeId: string) =>
  report.routes.find((route) => route.routeId === routeId)?.findings.map((finding) => `${finding.severity} ${finding.rule}`);

describe('checkMigratability', () => {
  it('finds auth ready: JSON in and out, a 10 s function', () => {
    const report = check('auth');

    expect(report.verdict).toBe('ready');
    expect(report.routes.map((route) => route.routeId)).toEqual(['auth.signup', 'auth.login', 'auth.me']);
    expect(report.routes.every((route) => route.findings.length === 0)).toBe(true);
  });

  it('finds transcoding ready with warnings: its 30 s function outlasts the 29 s integration, and start only queues work', () => {
    const report = check('transcoding');

    expect(report.verdict).toBe('ready-with-warnings');
    expect(rulesOf(report, 'transcoding.presets')).toEqual(['warning function-timeout']);
    expect(rulesOf(report, 'transcoding.start')).toEqual(['warning function-timeout', 'info integration-timeout']);
    expect(rulesOf(report, 'transcoding.job')).toEqual(['warning function-timeout']);
    expect(report.routes[0]?.findings[0]?.problem).toContain('Function transcoding may run 30 s');
  });

  it('finds transcoding ready once its function ends within 29 s: an info alone does not warn', () => {
    const registry = functionRegistry.map((fn) => (fn.name === 'transcoding' ? { ...fn, timeoutSeconds: 25 } : fn));

    expect(checkMigratability('transcoding', { registry, limits: someLimits() }).verdict).toBe('ready');
  });

  it('finds videos blocked: no function anywhere, uploads too large, files streamed and binary', () => {
    const report = check('videos');

    expect(report.verdict).toBe('blocked');
    expect(report.routes.every((route) => route.functionName === null && rulesOf(report, route.routeId)?.[0] === 'blocker no-function')).toBe(true);
    expect(rulesOf(report, 'videos.upload')).toEqual(['blocker no-function', 'blocker payload-size', 'info integration-timeout']);
    expect(rulesOf(report, 'videos.list')).toEqual(['blocker no-function']);
    for (const download of ['videos.rendition', 'videos.hls-file']) {
      expect(rulesOf(report, download)).toEqual(['blocker no-function', 'blocker streaming-response', 'warning binary-response']);
    }
  });

  it('finds metadata ready with warnings: its 60 s function outlasts the integration', () => {
    const report = check('metadata');

    expect(report.verdict).toBe('ready-with-warnings');
    expect(rulesOf(report, 'metadata.get')).toEqual(['warning function-timeout']);
    expect(report.routes[0]?.findings[0]?.problem).toContain('may run 60 s');
  });

  it('finds notifications ready with warnings on each of its four routes', () => {
    const report = check('notifications');

    expect(report.verdict).toBe('ready-with-warnings');
    expect(report.routes.map((route) => rulesOf(report, route.routeId))).toEqual(Array(4).fill(['warning function-timeout']));
  });

  it('reads the real route table, registry and limits by default', () => {
    expect(checkMigratability('auth')).toEqual(check('auth'));
  });

  it('checks the routes and limits it is given', () => {
    const routeTable = [aPreflightRoute({ id: 'auth.upload-avatar', method: 'POST', traits: { requestBody: 'upload' } })];

    const small = checkMigratability('auth', { routeTable, registry: [aFunction()], limits: someLimits({ uploadLimitBytes: 1024 ** 2 }) });
    const large = checkMigratability('auth', { routeTable, registry: [aFunction()], limits: someLimits({ uploadLimitBytes: 1024 ** 3 }) });

    expect(small.verdict).toBe('ready');
    expect(large.verdict).toBe('blocked');
    expect(rulesOf(large, 'auth.upload-avatar')).toEqual(['blocker payload-size']);
  });

  it('lists the findings of a route blockers first, then warnings, then infos', () => {
    const routeTable = [aPreflightRoute({ functionName: null, traits: { queuesWork: true, setsCookies: true, responseBody: 'file' } })];

    const report = checkMigratability('auth', { routeTable, registry: [], limits: someLimits() });

    expect(report.routes[0]?.findings.map((finding) => finding.severity)).toEqual(['blocker', 'blocker', 'warning', 'warning', 'info']);
  });

  it.each(['billing', 'platform', ''])('refuses the unknown capability %j', (capability) => {
    expect(() => check(capability)).toThrow(UnknownCapabilityError);
  });
});
