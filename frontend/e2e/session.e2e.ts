import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Api, uniqueSku } from './support/api';
import { E2E_MANAGER as MANAGER, startServer, type RunningServer } from './support/server';
import { anonymousContext, byTestId, collectPageErrors, launchBrowser, screenshot } from './support/browser';

/** Short enough for a test to outlive; the session (refresh cookie) keeps its default limits. */
const ACCESS_TOKEN_SECONDS = 3;
let server: RunningServer;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'ims-e2e-session-'));

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      IMS_DATA_DIR: dataDir,
      ADMIN_USERNAME: MANAGER.username,
      ADMIN_PASSWORD: MANAGER.password,
      ACCESS_TOKEN_SECONDS: String(ACCESS_TOKEN_SECONDS),
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a form half filled when the access token expires is submitted after a silent refresh, without signing out', async () => {
  const context = await anonymousContext(browser, server.baseUrl);
  // The live socket renews an expired token too; kept quiet here, the form's own call meets the 401.
  await context.routeWebSocket(/\/ws/, () => undefined);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const answers: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.request().method() === 'POST' && path.startsWith('/api/')) answers.push(`${path} ${response.status()}`);
  });

  await page.goto('/sign-in');
  await byTestId(page, 'login-username').fill(MANAGER.username);
  await byTestId(page, 'login-password').fill(MANAGER.password);
  await byTestId(page, 'login-submit').click();
  await expect.poll(() => byTestId(page, 'current-user').textContent()).toContain(MANAGER.username);
  await byTestId(page, 'nav-items').click();
  await byTestId(page, 'item-new').click();
  const sku = uniqueSku('SLOW');
  await byTestId(page, 'item-form-sku').fill(sku);
  await byTestId(page, 'item-form-name').fill('Filled in over a long phone call');

  await page.waitForTimeout((ACCESS_TOKEN_SECONDS + 1) * 1000);
  await byTestId(page, 'item-form-unit').fill('box');
  await byTestId(page, 'item-form-quantity').fill('20');
  await byTestId(page, 'item-form-submit').click();

  await expect.poll(() => byTestId(page, `item-qty-${sku}`).textContent()).toBe('20');
  await screenshot(page, 'session-renewed');
  expect(answers).toEqual(['/api/auth/login 200', '/api/items 401', '/api/auth/refresh 200', '/api/items 201']);
  expect(new URL(page.url()).pathname).toBe('/items');
  expect(await byTestId(page, 'current-user').textContent()).toContain(MANAGER.username);

  const api = await Api.signIn(server.baseUrl, MANAGER.username, MANAGER.password);
  const { items } = await api.call<{ items: { sku: string; name: string; quantity: number }[] }>('GET', `/api/items?search=${sku}`);
  expect(items).toEqual([expect.objectContaining({ sku, name: 'Filled in over a long phone call', quantity: 20 })]);
  expect(errors).toEqual([]);
  await context.close();
});
