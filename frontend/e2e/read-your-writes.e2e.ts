import { Client } from 'pg';
import type { Browser, Page, Response } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
const databaseUrl = inject('databaseUrl');
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
});

/** Holds the items read model back, as a loaded server would: the projection's next batch waits on the lock until `release`. */
async function holdItemsReadModel(): Promise<() => Promise<void>> {
  const blocker = new Client({ connectionString: databaseUrl });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE read_items IN SHARE MODE');
  return async () => {
    await blocker.query('COMMIT');
    await blocker.end();
  };
}

/** Creates an item in the form; its id and the position the API answered. */
async function createInForm(page: Page, sku: string): Promise<{ id: string; position: string | undefined }> {
  await byTestId(page, 'item-new').click();
  await byTestId(page, 'item-form-sku').fill(sku);
  await byTestId(page, 'item-form-name').fill('Read-your-writes flask');
  await byTestId(page, 'item-form-quantity').fill('12');
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/items',
  );
  await byTestId(page, 'item-form-submit').click();
  const response = await answered;
  expect(response.status()).toBe(201);
  return { id: ((await response.json()) as { id: string }).id, position: response.headers()['x-position'] };
}

/** Goes to `route` and answers the page's first GET of `pathname`, releasing the read model only once that read was sent. */
async function landWhileHeld(page: Page, route: string, pathname: string, release: () => Promise<void>): Promise<Response> {
  // The low-stock banner reads `/api/items?lowStock=true` beside the page's own read; only the page's counts here.
  const isRead = (url: string, method: string) =>
    method === 'GET' && new URL(url).pathname === pathname && !new URL(url).searchParams.has('lowStock');
  const sent = page.waitForRequest((request) => isRead(request.url(), request.method()));
  const answered = page.waitForResponse((response) => isRead(response.url(), response.request().method()));
  const landed = page.goto(route);
  await sent;
  await new Promise((resolve) => setTimeout(resolve, 300));
  await release();
  await landed;
  return answered;
}

test('an item created in the form is on its page and in the list at once, though the read models lag behind', async () => {
  const context = await signedInContext(browser, boss);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto('/items');
  await expect.poll(() => byTestId(page, 'item-new').count()).toBe(1);

  const releaseFirst = await holdItemsReadModel();
  const created = await createInForm(page, uniqueSku('0RYW'));
  expect(created.position).toMatch(/^\d+$/);
  const detail = await landWhileHeld(page, `/items/${created.id}`, `/api/items/${created.id}`, releaseFirst);
  expect(detail.request().headers()['x-min-position']).toBe(created.position);
  expect(detail.status()).toBe(200);
  await expect.poll(() => byTestId(page, 'item-detail-qty').textContent()).toContain('12');
  await screenshot(page, 'read-your-writes-item');

  await page.goto('/items');
  const sku = uniqueSku('0RYW');
  const releaseSecond = await holdItemsReadModel();
  const second = await createInForm(page, sku);
  const list = await landWhileHeld(page, '/items', '/api/items', releaseSecond);
  expect(list.request().headers()['x-min-position']).toBe(second.position);
  expect(((await list.json()) as { items: { sku: string }[] }).items.map((item) => item.sku)).toContain(sku);
  await expect.poll(() => byTestId(page, `item-row-${sku}`).count()).toBe(1);
  expect(errors).toEqual([]);
  await context.close();
});
