import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, misbehavingAuth, settleShadows, signUp, startDeliveryStack, type DeliveryStack } from '../support/progressive-delivery-kit';
import { testAdminToken } from '../support/serving-modes';

// Debian's Chromium (installed by .ci/run), never a downloaded browser.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserRequired = process.env.REQUIRE_BROWSER === '1';
const artifacts = path.join(import.meta.dirname, 'artifacts');
const widths = { wide: { width: 1280, height: 900 }, narrow: { width: 390, height: 844 } } as const;

/** Saves a full-page screenshot under test/browser/artifacts/ (git-ignored; CI keeps it). */
const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** The page is no wider than the window: wide tables scroll inside their cards instead. */
// A string, evaluated in the page: this project compiles without the DOM's types.
const overflowOf = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

// Skipped only where no Chromium is installed and CI did not ask for it; in CI (REQUIRE_BROWSER=1) a missing browser fails the test.
describe.skipIf(!existsSync(chromiumPath) && !browserRequired)(`the migration dashboard in Chromium (${chromiumPath}; skipped when it is not installed)`, () => {
  let stack: DeliveryStack;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath}: install Debian's chromium package or set CHROMIUM_PATH`);
    mkdirSync(artifacts, { recursive: true });
    // A real mismatch: the auth Lambda in shadow capitalises names, so GET /api/users/me differs.
    stack = await startDeliveryStack({ auth: misbehavingAuth('capitalisesNames') });
    await stack.admin.setFlag('auth', { state: 'shadow', reason: 'measure auth parity' }).expect(200);
    // One call at a time, each mirror finished before the next: one warm Lambda instance serves them
    // all (on a busy machine a second cold start can outlast the function's timeout: a 504, not a name).
    for (let i = 0; i < 3; i++) {
      const customer = await signUp(stack.url);
      await stack.proxy.shadowQueue.idle();
      await getMe(stack.url, customer).expect(200);
      await stack.proxy.shadowQueue.idle();
    }
    await settleShadows(stack, { 'auth.signup': 3, 'auth.me': 3 });
    await stack.proxy.stats.flush();
    profile = mkdtempSync(path.join(os.tmpdir(), '24hv-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: widths.wide,
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.stop();
  });

  it('logs in, shows the summary, flips a capability with a reason, and shows a parity mismatch side by side', async () => {
    // Log in: a visitor without a session lands on the login page.
    await page.goto(`${stack.url}/_strangler/`);
    expect(new URL(page.url()).pathname).toBe('/_strangler/login');
    await page.fill('input[name="token"]', testAdminToken);
    await page.fill('input[name="name"]', 'browser-test');
    await page.click('button:has-text("Log in")');
    await page.waitForURL(`${stack.url}/_strangler/`);

    // The summary, from the real progress report: auth is in shadow, nothing on the Lambda yet.
    const summary = page.locator('section.summary');
    // innerText is what is shown: the labels are upper-cased by the stylesheet.
    expect(await summary.locator('.metric').first().innerText()).toMatch(/^ROUTES MIGRATED\s+0 of \d+/);
    expect(await page.locator('tr', { hasText: 'auth.me' }).first().innerText()).toMatch(/shadow/);
    expect(await page.locator('.chart rect.bar-legacy').count()).toBeGreaterThan(0);
    await screenshot(page, 'overview-1280');

    // Flip notifications to shadow, with a reason, through the confirmation page.
    await page.click('tr:has-text("notifications") >> text=Manage');
    await page.waitForURL(/\/_strangler\/capabilities\/notifications$/);
    const flipForm = page.locator('form.control', { has: page.locator('input[name="action"][value="flip"]') });
    await flipForm.locator('select[name="state"]').selectOption('shadow');
    await flipForm.locator('textarea[name="reason"]').fill('Mirror notifications to measure parity');
    await flipForm.locator('button[type="submit"]').click();
    expect(await page.locator('h1').innerText()).toBe('Confirm the change');
    expect(await page.locator('dl.facts').innerText()).toContain('Flip notifications to shadow');
    await screenshot(page, 'confirm-1280');
    await page.click('button:has-text("Confirm")');
    await page.waitForURL(/\/_strangler\/capabilities\/notifications\?applied=\d+$/);

    // The new state and the audit entry, on the page and in the flag store behind it.
    expect(await page.locator('.notice').innerText()).toMatch(/^Done: notifications is now shadow \(audit entry #\d+\)\.$/);
    expect(await page.locator('h1 .badge').innerText()).toBe('shadow');
    expect(await page.locator('#audit tbody tr').first().innerText()).toMatch(/legacy \u2192 shadow\s+browser-test \(admin token\)\s+Mirror notifications to measure parity/);
    expect((await stack.admin.audit())[0]).toMatchObject({ name: 'notifications', from: 'legacy', to: 'shadow', actor: 'browser-test (admin token)', reason: 'Mirror notifications to measure parity' });
    expect(stack.proxy.flagCache.current().capabilities.get('notifications')?.state).toBe('shadow');
    await screenshot(page, 'capability-1280');

    // Putting customers on the auth Lambda: the parity gate refuses (too little evidence yet) and says why.
    await page.goto(`${stack.url}/_strangler/capabilities/auth`);
    const authFlip = page.locator('form.control', { has: page.locator('input[name="action"][value="flip"]') });
    await authFlip.locator('select[name="state"]').selectOption('lambda');
    await authFlip.locator('textarea[name="reason"]').fill('Serve auth from the Lambda');
    await authFlip.locator('button[type="submit"]').click();
    await page.click('button:has-text("Confirm")');
    expect(await page.locator('h1').innerText()).toBe('A gate refused this change');
    expect(await page.locator('.error').innerText()).toMatch(/Refused to move 'auth' to lambda: .*auth\.me: 3 shadow comparisons \(needs /);
    expect(await page.locator('button:has-text("Force it, with this reason")').count()).toBe(1);
    expect(stack.proxy.flagCache.current().capabilities.get('auth')?.state).toBe('shadow');
    await screenshot(page, 'gate-refusal-1280');

    // Open a parity mismatch: the differing field, and the differing lines highlighted side by side.
    await page.goto(`${stack.url}/_strangler/`);
    expect(await page.locator('#audit tbody tr').first().innerText()).toContain('Mirror notifications to measure parity');
    await page.locator('#mismatches tr', { hasText: 'auth.me' }).filter({ hasText: 'body.name' }).first().locator('a', { hasText: 'Compare' }).click();
    await page.waitForURL(/\/_strangler\/parity\/[^/]+$/);
    expect(await page.locator('tr.difference').first().innerText()).toMatch(/^body\.name\s+"Customer \d+"\s+"CUSTOMER \d+"$/);
    const highlighted = await page.locator('tr.changed mark').allInnerTexts();
    expect(highlighted).toHaveLength(2);
    expect(highlighted[0]).toMatch(/"name": "Customer \d+"/);
    expect(highlighted[1]).toMatch(/"name": "CUSTOMER \d+"/);
    const mismatchUrl = page.url();
    await screenshot(page, 'mismatch-1280');

    // The same pages at a phone's width: nothing wider than the window.
    await page.setViewportSize(widths.narrow);
    for (const [name, url] of [['overview', `${stack.url}/_strangler/`], ['capability', `${stack.url}/_strangler/capabilities/notifications`], ['mismatch', mismatchUrl]] as const) {
      await page.goto(url);
      expect(await overflowOf(page), `${name} overflows a 390 px window`).toBeLessThanOrEqual(0);
      await screenshot(page, `${name}-390`);
    }
  }, 60_000);
});
