import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, accessibilityFindings, landmarks, sidewaysOverflow } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
});

/** Text a user could type: markup, a right-to-left override, emoji; then one unbroken word up to `length`. */
const hostile = (filler: string, length: number) => {
  const start = '<script>window.injected=1</script>\u202Eevil\u202C📦🧪';
  return start + filler.repeat(length - start.length);
};

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly createdAt: string;
}

const listedUser = async (username: string): Promise<UserRow | undefined> =>
  (await boss.call<{ users: UserRow[] }>('GET', '/api/users')).users.find((user) => user.username === username);

const touchTarget = async (page: Page, testId: string) => {
  const box = await byTestId(page, testId).first().boundingBox();
  return { width: box?.width ?? 0, height: box?.height ?? 0 };
};

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size', (size, viewport) => {
  test('the audit page keeps a 2,000-character word inside the viewport and shows what an edit changed', async () => {
    const before = { name: hostile('N', 200), description: hostile('D', 2000) };
    const after = { name: hostile('M', 200), description: hostile('E', 2000) };
    const sku = uniqueSku('AUD');
    const item = await boss.createItem({ sku, ...before });
    await boss.call<ItemRow>('PATCH', `/api/items/${item.id}`, after);

    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/audit');
    await byTestId(page, 'audit-item').fill(sku);
    await byTestId(page, `item-option-${sku}`).click();
    await byTestId(page, 'audit-search').click();
    const rows = byTestId(page, 'audit-row').and(page.locator('[data-type="ItemChanged"]'));
    await expect.poll(() => rows.count()).toBe(2);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    // Newest first: the edit, then the creation.
    const toggle = rows.nth(0).locator('[data-testid="audit-toggle"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await byTestId(page, 'audit-change-name').locator('td').allTextContents()).toEqual([before.name, after.name]);
    expect(await byTestId(page, 'audit-change-description').locator('td').allTextContents()).toEqual([
      before.description,
      after.description,
    ]);
    expect(await byTestId(page, 'audit-change-sku').count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    if (viewport === PHONE) {
      const target = await touchTarget(page, 'audit-toggle');
      expect(Math.min(target.width, target.height)).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, `audit-diff-${size}`);
    expect(await landmarks(page)).toEqual({ h1: 1, main: 1 });
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await byTestId(page, 'audit-detail').count()).toBe(0);

    await byTestId(page, 'audit-order-select').selectOption('asc');
    await byTestId(page, 'audit-search').click();
    await expect.poll(() => byTestId(page, 'audit-order').textContent()).toContain('Oldest first');
    await rows.nth(0).locator('[data-testid="audit-toggle"]').click();
    const payload = JSON.parse((await byTestId(page, 'audit-data').textContent()) ?? '{}') as { kind: string; after: typeof before };
    expect([payload.kind, payload.after.name, payload.after.description]).toEqual(['created', before.name, before.description]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the audit and users pages say why they could not load, never "nothing", and load on Retry', async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    const unavailable = {
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Held open, try again' }),
    };
    for (const [path, view, content] of [
      ['/audit', 'audit', 'audit-row'],
      ['/users', 'users', `user-row-${manager.username}`],
    ] as const) {
      const api = path === '/audit' ? '/api/events' : '/api/users';
      await page.route(
        (url) => url.pathname === api,
        (route) => route.fulfill(unavailable),
        { times: 1 },
      );
      await page.goto(path);
      await expect.poll(() => byTestId(page, `${view}-error`).textContent()).toContain('Held open, try again');
      expect(await byTestId(page, `${view}-empty`).count()).toBe(0);
      expect(await byTestId(page, content).count()).toBe(0);
      await byTestId(page, `${view}-retry`).click();
      await expect.poll(() => byTestId(page, content).count()).toBeGreaterThan(0);
      expect(await byTestId(page, `${view}-error`).count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the users page shows creation dates and changes a role only once confirmed', async () => {
    const username = `rc${size}${Date.now().toString(36)}`;
    await boss.call('POST', '/api/users', { username, email: `${username}@e2e.test`, password: 'role-change-password-1', role: 'staff' });
    const created = await listedUser(username);

    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/users');
    const createdCell = byTestId(page, `user-created-${username}`).locator('time');
    await expect.poll(() => createdCell.getAttribute('datetime')).toBe(created?.createdAt);
    expect(await createdCell.textContent()).toBe(
      new Date(created?.createdAt ?? '').toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' }),
    );
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await landmarks(page)).toEqual({ h1: 1, main: 1 });
    expect(await accessibilityFindings(page)).toEqual([]);
    if (viewport === PHONE) expect((await touchTarget(page, `user-role-${username}`)).height).toBeGreaterThanOrEqual(44);

    const role = byTestId(page, `user-role-${username}`);
    await role.selectOption('manager');
    await expect.poll(() => page.locator('mat-dialog-content').textContent()).toBe(`Make ${username} a manager?`);
    expect(await accessibilityFindings(page)).toEqual([]);
    await screenshot(page, `users-role-confirm-${size}`);
    await byTestId(page, 'confirm-no').click();
    await expect.poll(() => page.locator('mat-dialog-content').count()).toBe(0);
    expect(await role.inputValue()).toBe('staff');
    expect((await listedUser(username))?.role).toBe('staff');

    await role.selectOption('manager');
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(async () => (await listedUser(username))?.role).toBe('manager');
    await expect.poll(() => role.inputValue()).toBe('manager');
    await screenshot(page, `users-${size}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
