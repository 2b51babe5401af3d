import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { anonymousContext, byTestId, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let item: ItemRow;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  item = await boss.createItem({ sku: uniqueSku('CSP'), name: 'Cryo labels', unit: 'roll', quantity: 10, lowStockThreshold: 5, price: 4 });
  // A low-stock alert, so that the alerts page has an email preview (markup from the server) to show.
  await boss.move(item.id, 'OUT', 6, 'Labelled the freezer racks');
});
afterAll(async () => {
  await browser.close();
});

interface Watched {
  readonly page: Page;
  /** Every violation the page reported, as `directive blocked-uri source:line`, and Chromium's console errors about the policy. */
  readonly violations: string[];
  readonly errors: string[];
}

/**
 * A page that reports every Content-Security-Policy violation to the test, from before its first script
 * runs: the listener is installed by an init script, and the report leaves the page at once, so that a
 * violation during a navigation is not lost with the document.
 */
async function watched(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportPolicyViolation', (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    const report = (window as unknown as { reportPolicyViolation: (violation: string) => void }).reportPolicyViolation;
    document.addEventListener('securitypolicyviolation', (event) =>
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { page, violations, errors: collectPageErrors(page) };
}

/**
 * Opens `path` as a document (not by router link), so that its answer's policy is the one in force, and
 * waits for its heading (the sign-in and register pages' is their card's title).
 */
async function visit({ page }: Watched, path: string, heading = 'h1'): Promise<void> {
  const response = await page.goto(path);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy, `the policy of ${path}`).toMatch(/(^|; )script-src 'strict-dynamic'( 'sha256-[A-Za-z0-9+/=]+')+(;|$)/);
  await page.locator(heading).first().waitFor({ state: 'visible' });
}

const live = (page: Page) => expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size, under the served Content-Security-Policy', (_size, viewport) => {
  test('signing in, registering and resetting a password report no violation', async () => {
    const context = await anonymousContext(browser, baseUrl, viewport);
    const watch = await watched(context);
    for (const path of ['/sign-in', '/register', '/forgot-password', '/reset-password?token=not-a-real-one']) {
      await visit(watch, path, 'h1');
      expect(watch.violations, path).toEqual([]);
    }
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  test('every page of the signed-in app renders with its live socket connected and reports no violation', async () => {
    const context = await signedInContext(browser, boss, viewport);
    const watch = await watched(context);
    const { page } = watch;
    for (const path of ['/', '/items', `/items/${item.id}`, '/movements', '/movements/new', '/alerts', '/audit', '/users', '/health']) {
      await visit(watch, path);
      await live(page);
      expect(watch.violations, path).toEqual([]);
    }

    await visit(watch, '/alerts');
    const alert = byTestId(page, 'alert-row').filter({ hasText: item.sku });
    await expect.poll(() => alert.locator('[data-testid="alert-state"]').textContent(), { timeout: 30_000 }).toMatch(/preview|sent/);
    await alert.locator('[data-testid="alert-preview-toggle"]').click();
    await expect.poll(() => byTestId(page, 'alert-email-preview').textContent()).toContain(item.sku);
    expect(watch.violations, 'the alert email preview').toEqual([]);

    await visit(watch, '/items');
    await live(page);
    await byTestId(page, 'items-search').fill(item.sku);
    await byTestId(page, 'item-new').click();
    await byTestId(page, 'item-form-sku').waitFor({ state: 'visible' });
    expect(watch.violations, 'the item form dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('mat-dialog-container').count()).toBe(0);
    await byTestId(page, `item-archive-${item.sku}`).click();
    await byTestId(page, 'confirm-no').waitFor({ state: 'visible' });
    expect(watch.violations, 'the confirmation dialog').toEqual([]);
    await byTestId(page, 'confirm-no').click();

    expect(watch.errors).toEqual([]);
    await context.close();
  });

  test('the API docs at /docs render their operations under their own policy with no violation', async () => {
    const context = await anonymousContext(browser, baseUrl, viewport);
    const { page, violations, errors } = await watched(context);
    const response = await page.goto('/docs');
    expect(response?.headers()['content-security-policy']).toMatch(/(^|; )script-src 'self'(;|$)/);
    await page.locator('.opblock').first().waitFor({ state: 'visible' });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the watch itself', () => {
  test('sees injected markup’s inline handler blocked, and the handler does not run', async () => {
    const context = await signedInContext(browser, boss, DESKTOP);
    const watch = await watched(context);
    await visit(watch, '/items');
    await watch.page.evaluate(() =>
      document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.injected = true" alt="">'),
    );
    await expect
      .poll(() => watch.violations)
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^script-src-attr blocked inline/),
          expect.stringMatching(/Content Security Policy/),
        ]),
      );
    expect(await watch.page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await context.close();
  });

  test('sees the app break under a policy stricter than it needs: styles without inline', async () => {
    const context = await signedInContext(browser, boss, DESKTOP);
    await context.route(
      (url) => url.pathname === '/items',
      async (route) => {
        const response = await route.fetch();
        const policy = response.headers()['content-security-policy']?.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'");
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy ?? '' } });
      },
    );
    const watch = await watched(context);
    await visit(watch, '/items');
    await expect
      .poll(() => watch.violations.filter((violation) => violation.startsWith('style-src-elem blocked inline')).length)
      .toBeGreaterThan(0);
    await context.close();
  });
});
