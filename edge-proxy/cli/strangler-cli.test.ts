import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeormDeadLetterStore } from '../../core/events/adapters/typeorm-dead-letter.store';
import { listen, serverUrl } from '../../core/process/serve';
import { startProxy, testAdminToken, type ServingContext } from '../../test/support/serving-modes';
import { testAuthConfig } from '../../test/support/test-auth';
import { createTestDatabase, openMigrated } from '../../test/support/test-database';
import type { EdgeProxy } from '../compose-edge-proxy';
import { runStranglerCli } from './strangler-cli';

describe('the strangler CLI, against a running proxy', () => {
  let context: ServingContext;
  let proxy: EdgeProxy;
  let server: Server;

  /** Runs the CLI in-process and captures what it prints. */
  async function strangler(...args: string[]) {
    let out = '';
    let err = '';
    const env = { STRANGLER_URL: serverUrl(server), STRANGLER_ADMIN_TOKEN: testAdminToken, DATA_DIR: context.database.config.dataDir };
    const code = await runStranglerCli(args, { env, out: (text) => (out += text), err: (text) => (err += text) });
    return { code, out, err };
  }

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    context = { database, dataSource: await openMigrated(database), authConfig: testAuthConfig() };
    proxy = await startProxy(context, { legacyUrl: 'http://127.0.0.1:9', lambdaEndpoint: 'http://127.0.0.1:9' });
    server = await listen(proxy.app, 0, '127.0.0.1');
  });

  afterAll(async () => {
    server.close();
    await proxy.close();
    await context.dataSource.destroy();
    await context.database.dispose();
  });

  it('shows the status as a table: capabilities, Lambda share, retire verdicts and totals', async () => {
    const { code, out } = await strangler('status');
    expect(code).toBe(0);
    expect(out).toMatch(/^CAPABILITY\s+STATE\s+ROUTES\s+ON LAMBDA\s+LAMBDA SHARE 1H \/ 1D \/ 7D\s+LAST ROLLBACK\s+RETIRE/);
    expect(out).toMatch(/^auth\s+legacy\s+3\s+0\s+– \/ – \/ –\s+-\s+not yet$/m);
    expect(out).toContain('0 of 18 routes served by Lambda; 0 of 5 capabilities entirely');
    expect(out).toContain('0 routes ready to retire from the monolith (14 days and 1000 requests on lambda, parity ≥ 99.0%)');
  });

  it('lists every route with its numbers, and why it cannot leave the monolith yet', async () => {
    const { code, out } = await strangler('routes');
    expect(code).toBe(0);
    expect(out).toMatch(/^ROUTE\s+STATE\s+LAMBDA 1D\s+LEGACY ERR\s+LAMBDA ERR\s+LEGACY P99\s+LAMBDA P99\s+PARITY\s+RETIRE/);
    expect(out).toMatch(/^platform\.health\s+legacy\s+/m);
    expect(out).toContain('  videos.upload: no Lambda serves it yet (extracted-functions/registry.ts)');
    expect(out).toMatch(/ {2}auth\.me: it is on legacy: its Lambda must answer all of it; its Lambda answered 0 requests/);
    const onlyMetadata = JSON.parse((await strangler('routes', 'metadata', '--json')).out);
    expect(onlyMetadata.routes.map((route: { route: string }) => route.route)).toEqual(['metadata.get']);
  });

  it('prints the cost model with its prices and assumptions', async () => {
    const { code, out } = await strangler('cost');
    expect(code).toBe(0);
    expect(out).toMatch(/^ROUTE\s+FUNCTION\s+REQUESTS\/MONTH\s+LAMBDA\s+API GATEWAY\s+SERVERLESS\s+MONOLITH SHARE\s+BREAK-EVEN/);
    expect(out).toMatch(/^auth\.me\s+auth 256 MB\s+0\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+–$/m);
    expect(out).toContain("against the monolith's $140.16 (2 × $0.096/h × 730 h)");
    expect(out).toContain('Prices: us-east-1, x86_64, taken 2026-12-03');
    const cost = JSON.parse((await strangler('--json', 'cost')).out);
    expect(cost.assumptions).toMatchObject({ lambdaPerGbSecond: 0.0000166667, apiGatewayPerMillionRequests: 1 });
  });

  it('refuses to put customers on a Lambda without shadow parity, and says what is missing', async () => {
    const { code, err } = await strangler('flip', 'auth', 'lambda', '--reason', 'looks ready');
    expect(code).toBe(1);
    expect(err).toMatch(/^strangler: Refused to move 'auth' to lambda: auth\.signup: 0 shadow comparisons \(needs 99\.0% over at least 20\); .*force it with a reason/);
    expect(proxy.flagCache.current().capabilities.get('auth')).toBeUndefined();
  });

  it('walks shadow, canary and a forced flip, and the proxy routes by each at once', async () => {
    const shadow = await strangler('flip', 'auth', 'shadow', '--reason', 'compare first');
    expect(shadow.out).toMatch(/^auth: legacy -> shadow \(version \d+\); every proxy applies it/);
    expect(proxy.flagCache.current().capabilities.get('auth')?.state).toBe('shadow');
    expect((await strangler('canary', 'auth', '10', '--reason', 'a tenth')).code).toBe(1);
    const forced = await strangler('canary', 'auth', '10', '--reason', 'incident drill', '--force');
    expect(forced.out).toMatch(/^auth: shadow -> canary 10% \(version \d+\), forced past the gate/);
    expect(proxy.flagCache.current().capabilities.get('auth')).toMatchObject({ state: 'canary', canaryPercent: 10 });
    const lambda = await strangler('flip', 'auth', 'lambda', '--reason', 'ready for Lambda', '--force', '--reverse-shadow');
    expect(lambda.out).toMatch(/^auth: canary -> lambda \(reverse shadow\)/);
    expect((await strangler('flip', 'auth', 'lambda', '--reverse-shadow', '--reason', 'again')).out).toContain('auth is already lambda (reverse shadow): nothing changed');
  });

  it('starts a ramp and overrides one route', async () => {
    const ramp = await strangler('ramp', 'metadata', '5,25,50,100', '--hold', '60', '--reason', 'ramp it', '--force');
    expect(ramp.out).toMatch(/^metadata: legacy -> canary 5% \(ramp 5→25→50→100\)/);
    const route = await strangler('flip', 'transcoding', 'shadow', '--route', 'transcoding.job', '--reason', 'reads first');
    expect(route.out).toMatch(/^transcoding\.job: legacy -> shadow/);
    expect(proxy.flagCache.current().routes.get('transcoding.job')?.state).toBe('shadow');
    expect((await strangler('ramp', 'metadata', '50,25', '--reason', 'falling')).err).toMatch(/steps must rise/);
  });

  it('removes a route’s override, so the route follows its capability again', async () => {
    expect((await strangler('flip', 'metadata', 'legacy', '--route', 'metadata.get', '--reason', 'pin it')).out).toMatch(/^metadata\.get: legacy -> legacy/);
    // metadata is in a canary (its ramp above): following it again puts customers on the Lambda.
    const refused = await strangler('clear-override', 'metadata.get', '--reason', 'follow metadata');
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^strangler: Refused to move 'metadata\.get' to canary: metadata\.get: 0 shadow comparisons/) });
    const removed = await strangler('clear-override', 'metadata.get', '--reason', 'follow metadata', '--force');
    expect(removed.out).toMatch(/^metadata\.get: override removed \(was legacy\); it follows its capability again/);
    expect(proxy.flagCache.current().routes.has('metadata.get')).toBe(false);
    expect((await strangler('clear-override', 'metadata.get', '--reason', 'again')).out).toMatch(/^metadata\.get has no override: nothing changed/);
  });

  it('rolls a capability back at once', async () => {
    const { code, out } = await strangler('rollback', 'metadata', '--reason', 'errors in the logs');
    expect(code).toBe(0);
    expect(out).toMatch(/^metadata: rolled back to legacy/);
    expect(proxy.flagCache.current().capabilities.get('metadata')?.state).toBe('legacy');
    // transcoding itself is on legacy; its route transcoding.job was overridden above.
    const withOverride = await strangler('rollback', 'transcoding', '--reason', 'the job route too');
    expect(withOverride.out).toMatch(/^transcoding is already on legacy; route overrides removed, so they follow it: transcoding\.job/);
    expect(proxy.flagCache.current().routes.has('transcoding.job')).toBe(false);
    expect((await strangler('rollback', 'transcoding', '--reason', 'again')).out).toMatch(/^transcoding is already on legacy: nothing changed/);
  });

  it('shows parity per route, and says when a route has no mismatches', async () => {
    const summary = await strangler('parity');
    expect(summary.out).toMatch(/^ROUTE\s+PARITY\s+COMPARED\s+DROPPED/);
    expect(summary.out).toMatch(/^auth\.me\s+–\s+0\s+0/m);
    expect(summary.out).not.toContain('transcoding.start');
    expect((await strangler('parity', 'auth.me')).out).toContain('auth.me: no mismatches kept');
  });

  it('runs the pre-flight check of a capability', async () => {
    const videos = await strangler('check', 'videos');
    expect(videos.code).toBe(0);
    expect(videos.out).toMatch(/videos: blocked/);
    expect(JSON.parse((await strangler('check', 'auth', '--json')).out)).toMatchObject({ capability: 'auth', verdict: 'ready' });
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await strangler('flags', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).flags.find((flag: { capability: string }) => flag.capability === 'auth').state).toBe('lambda');
  });

  it('shows the audit trail with who and why', async () => {
    const { out } = await strangler('history', '--limit', '10');
    expect(out).toMatch(/^#\s+WHEN\s+WHAT\s+FROM\s+TO\s+WHO\s+WHY/);
    expect(out).toMatch(/auth\s+canary\s+lambda\s+\S+@\S+ \(admin token\)\s+\(forced\) ready for Lambda/);
  });

  it('lists dead letters with their function, attempts and error, and explains a replay it cannot make', async () => {
    const letter = await new TypeormDeadLetterStore(context.dataSource).record({
      functionName: 'transcoding',
      payload: JSON.stringify({ Records: [] }),
      errorType: 'SourceNotRegisteredError',
      errorMessage: 'No video is registered for videos/v/source yet',
      attempts: 3,
      failedAt: new Date('2026-11-23T10:00:00.000Z'),
    });

    const listed = await strangler('dead-letters');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+FAILED\s+FUNCTION\s+ATTEMPTS\s+ERROR\s+REPLAYED/);
    expect(listed.out).toContain(`${letter.id}  2026-11-23 10:00:00Z  transcoding  3         SourceNotRegisteredError: No video is registered for videos/v/source yet`);
    expect(JSON.parse((await strangler('dead-letters', '--json')).out).deadLetters[0]).toMatchObject({ id: letter.id, event: { Records: [] }, replayedAt: null });

    const unknown = await strangler('replay', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No dead letter 00000000-0000-4000-8000-000000000000/);
    // This proxy's Lambda endpoint answers nothing: the letter is not marked replayed.
    const unreachable = await strangler('replay', letter.id);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/^strangler: .*Could not hand the event to transcoding again \(.+\): it stays a dead letter; try again/);
    expect((await new TypeormDeadLetterStore(context.dataSource).find(letter.id))?.replayedAt).toBeNull();
  });

  it('requires a reason to flip', async () => {
    const { code, err } = await strangler('flip', 'auth', 'legacy');
    expect(code).not.toBe(0);
    expect(err).toContain("required option '--reason <text>' not specified");
  });

  it.each([
    [['flip', 'billing', 'lambda', '--reason', 'x y z'], /Unknown capability 'billing'/],
    [['flip', 'videos', 'lambda', '--reason', 'too early'], /has no Lambda function yet/],
    [['flip', 'auth', 'sideways', '--reason', 'nope'], /state: must be one of legacy, shadow, canary, lambda/],
    [['canary', 'auth', 'half', '--reason', 'nope'], /expected a whole number/],
    [['flip', 'auth', 'canary', '--percent', '100', '--reason', 'all of it'], /percent: must be at most 99/],
    [['check', 'billing'], /Unknown capability 'billing'/],
    [['routes', 'billing'], /Unknown capability 'billing': expected one of auth, videos, transcoding, metadata, notifications/],
    [['parity', 'auth.nope'], /Unknown route 'auth.nope'/],
    [['--token', 'not-the-admin-token-at-all', 'cost'], /refused the token/],
    [['flip', 'auth', 'shadow', '--route', 'auth.nope', '--reason', 'typo'], /Unknown route 'auth.nope'/],
    [['--token', 'not-the-admin-token-at-all', 'status'], /refused the token .*--token or set STRANGLER_ADMIN_TOKEN/],
    [['--url', 'http://127.0.0.1:9', 'status'], /Cannot reach the edge proxy at http:\/\/127.0.0.1:9/],
  ])('explains a failure in one line: %j', async (args, message) => {
    const { code, err } = await strangler(...args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
