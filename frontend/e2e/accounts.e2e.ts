import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api } from './support/api';
import { anonymousContext, byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

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

/** A new staff member created by the manager, with the password to sign in with. */
async function newStaff(prefix: string): Promise<{ username: string; password: string; api: Api }> {
  const username = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const password = `password-${Math.random().toString(36).slice(2, 10)}`;
  await boss.call('POST', '/api/users', { username, email: `${username}@e2e.test`, password, role: 'staff' });
  return { username, password, api: await Api.signIn(baseUrl, username, password) };
}

/** Whether the API still accepts `api`'s access token. */
async function accepted(api: Api): Promise<boolean> {
  return api.call('GET', '/api/auth/me').then(
    () => true,
    () => false,
  );
}

async function heightOf(page: Page, testId: string): Promise<number> {
  return (await byTestId(page, testId).first().boundingBox())?.height ?? 0;
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size', (size, viewport) => {
  test('deactivating a user, confirmed by name, signs their open browser out', async () => {
    const staff = await newStaff('leaver');
    const staffPage = await (await signedInContext(browser, staff.api, viewport)).newPage();
    await staffPage.goto('/items');
    await staffPage.waitForURL(/\/items/);

    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/users');
    await expect.poll(async () => (await byTestId(page, `user-status-${staff.username}`).textContent())?.trim()).toBe('active');
    if (size === 'phone') expect(await heightOf(page, `user-activation-${staff.username}`)).toBeGreaterThanOrEqual(44);
    await byTestId(page, `user-activation-${staff.username}`).click();
    expect(await page.locator('mat-dialog-content').textContent()).toContain(`Deactivate ${staff.username}?`);
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(async () => (await byTestId(page, `user-status-${staff.username}`).textContent())?.trim()).toBe('deactivated');
    await expectSoundLayout(page);
    await screenshot(page, `accounts-users-${size}`);

    expect(await accepted(staff.api)).toBe(false);
    await staffPage.reload();
    await staffPage.waitForURL(/\/sign-in/);
    expect(errors).toEqual([]);
  });

  test('a reset password is shown once; signing in with it leads through the forced change into the app', async () => {
    const staff = await newStaff('forgetful');
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    await page.goto('/users');
    await byTestId(page, `user-reset-${staff.username}`).click();
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(() => byTestId(page, 'temporary-password').textContent()).toMatch(/^[\w-]{16}$/);
    const temporaryPassword = (await byTestId(page, 'temporary-password').textContent()) ?? '';
    await byTestId(page, 'temporary-password-done').click();
    expect(await accepted(staff.api)).toBe(false);

    const visitor = await (await anonymousContext(browser, baseUrl, viewport)).newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto('/sign-in');
    await byTestId(visitor, 'login-username').fill(staff.username);
    await byTestId(visitor, 'login-password').fill(temporaryPassword);
    await byTestId(visitor, 'login-submit').click();
    await visitor.waitForURL(/\/change-password/);
    expect(await visitor.locator('h1').textContent()).toContain('Choose a new password');
    await expectSoundLayout(visitor);
    await screenshot(visitor, `accounts-forced-change-${size}`);
    // The rest of the app stays closed until then.
    await visitor.goto('/items');
    await visitor.waitForURL(/\/change-password/);

    await byTestId(visitor, 'password-current').fill(temporaryPassword);
    await byTestId(visitor, 'password-new').fill(`my-own-${staff.password}`);
    await byTestId(visitor, 'password-submit').click();
    await visitor.waitForURL((url) => url.pathname === '/');
    await visitor.goto('/items');
    await visitor.waitForURL(/\/items/);
    expect(errors).toEqual([]);
  });

  test('the account page lists my sessions and revokes another one at once', async () => {
    const staff = await newStaff('traveller');
    const elsewhere = await Api.signIn(baseUrl, staff.username, staff.password);
    const page = await (await signedInContext(browser, staff.api, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/account');
    const rows = byTestId(page, 'session-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await byTestId(page, 'session-current').count()).toBe(1);
    await expectSoundLayout(page);
    await screenshot(page, `accounts-account-${size}`);

    const other = page.locator('[data-testid="session-row"][data-current="false"] [data-testid="session-revoke"]');
    if (size === 'phone') expect((await other.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await other.click();
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await accepted(elsewhere)).toBe(false);
    expect(await accepted(staff.api)).toBe(true);
    expect(errors).toEqual([]);
  });
});
