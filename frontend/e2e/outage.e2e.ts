import type { Browser } from 'playwright-core';
import { startRestartablePostgres, type RestartablePostgres } from '../../test/restartable-postgres';
import { Api, uniqueSku } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { E2E_MANAGER, startServer, type RunningServer } from './support/server';

// A server of this file's own, on a PostgreSQL it can stop: the shared e2e app must never lose its database.
let database: RestartablePostgres;
let server: RunningServer;
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  database = await startRestartablePostgres();
  server = await startServer({
    DATABASE_URL: database.url,
    JWT_SECRET: 'e2e-outage-secret-of-enough-length-0123456789',
    ADMIN_USERNAME: E2E_MANAGER.username,
    ADMIN_PASSWORD: E2E_MANAGER.password,
  });
  browser = await launchBrowser();
  boss = await Api.signIn(server.baseUrl, E2E_MANAGER.username, E2E_MANAGER.password);
});
afterAll(async () => {
  // Each is still unset when beforeAll failed before starting it, and the ones started before it must still stop.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  await server?.stop();
  await database?.remove();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

test('a signed-in user whose database restarts sees "Reconnecting…", stays signed in, and the page loads by itself once it is back', async () => {
  const item = await boss.createItem({ sku: uniqueSku('OUTAGE'), name: 'Cryo vials 2 ml', unit: 'box', quantity: 7 });
  const page = await (await signedInContext(browser, boss)).newPage();
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect.poll(() => byTestId(page, 'current-user').textContent()).toContain(E2E_MANAGER.username);

  await database.stop();
  await byTestId(page, 'nav-items').click();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/items');
  await expect.poll(() => byTestId(page, 'outage-banner').textContent()).toContain('Reconnecting');
  expect(await byTestId(page, 'current-user').textContent()).toContain(E2E_MANAGER.username);
  await screenshot(page, 'outage-reconnecting');

  await database.start();
  await expect.poll(() => byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('7');
  await expect.poll(() => byTestId(page, 'outage-banner').count()).toBe(0);
  expect(new URL(page.url()).pathname).toBe('/items');
  expect(await byTestId(page, 'current-user').textContent()).toContain(E2E_MANAGER.username);
  expect(errors).toEqual([]);
});
