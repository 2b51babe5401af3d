import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { Api } from './support/api';
import {
  anonymousContext,
  byTestId,
  collectPageErrors,
  launchBrowser,
  openFromManage,
  screenshot,
  signedInContext,
} from './support/browser';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

test('a new user registers, lands on the dashboard as staff, signs out and back in', async () => {
  const context = await anonymousContext(browser, baseUrl);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto('/items');
  await page.waitForURL(/\/sign-in\?returnUrl=%2Fitems/);
  await screenshot(page, 'sign-in');

  await byTestId(page, 'register-link').click();
  const username = `reg${Date.now().toString(36)}`;
  await byTestId(page, 'register-username').fill(username);
  await byTestId(page, 'register-email').fill(`${username}@e2e.test`);
  await byTestId(page, 'register-password').fill('short');
  await byTestId(page, 'register-submit').click();
  await expect.poll(() => byTestId(page, 'register-error').or(page.locator('mat-error')).first().textContent()).toMatch(/\S/);
  await screenshot(page, 'register-invalid');
  await byTestId(page, 'register-password').fill('a-long-enough-password');
  await byTestId(page, 'register-submit').click();
  await expect.poll(() => byTestId(page, 'current-user').textContent()).toContain(`${username} · staff`);
  expect(await byTestId(page, 'nav-items').isVisible()).toBe(true);
  expect(await byTestId(page, 'nav-manage').count()).toBe(0);

  await byTestId(page, 'sign-out').click();
  await page.waitForURL(/\/sign-in/);
  expect(await page.evaluate(() => localStorage.getItem('ims.session'))).toBeNull();

  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill('not-the-password');
  await byTestId(page, 'login-submit').click();
  await expect.poll(() => byTestId(page, 'login-error').textContent()).toContain('Wrong username or password');
  await byTestId(page, 'login-password').fill('a-long-enough-password');
  await byTestId(page, 'login-submit').click();
  await expect.poll(() => byTestId(page, 'current-user').textContent()).toContain(username);
  expect(errors).toEqual([]);
  await context.close();
});

test('a staff user cannot reach the manager pages, by link or by address', async () => {
  const staff = await Api.register(baseUrl, `staff${Date.now().toString(36)}`, 'staff-password-1');
  const context = await signedInContext(browser, staff);
  const page = await context.newPage();
  await page.goto('/');
  await expect.poll(() => byTestId(page, 'current-user').textContent()).toContain('staff');
  for (const nav of ['nav-manage', 'nav-audit', 'nav-users', 'nav-health']) expect(await byTestId(page, nav).count()).toBe(0);
  for (const path of ['/audit', '/users', '/health']) {
    await page.goto(path);
    await page.waitForURL(/\/forbidden$/);
    expect(await byTestId(page, 'forbidden').textContent()).toContain('Managers only');
  }
  await screenshot(page, 'forbidden');
  await context.close();
});

test('a manager sees Audit, Users and System health in the navigation and can open them', async () => {
  const boss = await Api.signIn(baseUrl, manager.username, manager.password);
  const context = await signedInContext(browser, boss);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto('/');
  await openFromManage(page, 'users');
  await expect.poll(() => byTestId(page, `user-row-${manager.username}`).count()).toBe(1);
  await screenshot(page, 'users');
  await openFromManage(page, 'health');
  await expect.poll(() => byTestId(page, 'health-system').count()).toBe(1);
  await expect.poll(() => byTestId(page, 'health-services').or(byTestId(page, 'health-services-unavailable')).count()).toBeGreaterThan(0);
  await screenshot(page, 'health');
  expect(errors).toEqual([]);
  await context.close();
});

test('a manager adds a user and promotes a colleague, whose open app shows the manager pages without signing in again', async () => {
  const boss = await Api.signIn(baseUrl, manager.username, manager.password);
  const colleague = await Api.register(baseUrl, `prom${Date.now().toString(36)}`, 'colleague-password-1');
  const colleaguePage = await (await signedInContext(browser, colleague)).newPage();
  await colleaguePage.goto('/');
  await expect.poll(() => byTestId(colleaguePage, 'connection-status').getAttribute('data-state')).toBe('live');
  expect(await byTestId(colleaguePage, 'nav-manage').count()).toBe(0);

  const page = await (await signedInContext(browser, boss)).newPage();
  const errors = collectPageErrors(page);
  await page.goto('/users');
  const added = `new${Date.now().toString(36)}`;
  await byTestId(page, 'user-form-username').fill(added);
  await byTestId(page, 'user-form-email').fill(`${added}@e2e.test`);
  await byTestId(page, 'user-form-password').fill('added-password-1');
  await byTestId(page, 'user-form-submit').click();
  await expect.poll(() => byTestId(page, `user-row-${added}`).textContent()).toContain('staff');

  await byTestId(page, `user-role-${colleague.session!.user.username}`).selectOption('manager');
  await byTestId(page, 'confirm-yes').click();
  await expect.poll(() => byTestId(colleaguePage, 'current-user').textContent()).toContain('manager');
  expect(await byTestId(colleaguePage, 'nav-manage').count()).toBe(1);
  await expect.poll(() => byTestId(colleaguePage, 'connection-status').getAttribute('data-state')).toBe('live');
  await screenshot(page, 'users-after-promotion');
  expect(errors).toEqual([]);
  await page.context().close();
  await colleaguePage.context().close();
});
