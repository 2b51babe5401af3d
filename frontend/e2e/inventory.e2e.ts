import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';

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

const managerPage = async (): Promise<{ page: Page; errors: string[] }> => {
  const context = await signedInContext(browser, boss);
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
};

test('a manager creates, edits and archives an item, and sees the API’s refusal of a taken SKU on the field', async () => {
  const { page, errors } = await managerPage();
  const sku = uniqueSku('NEW');
  await page.goto('/items');
  // Other files' items fill the list; the search keeps this one among the rows the virtual list renders.
  await byTestId(page, 'items-search').fill(sku);
  await byTestId(page, 'item-new').click();
  await byTestId(page, 'item-form-sku').fill(sku);
  await byTestId(page, 'item-form-name').fill('Nitrile gloves, size M');
  await byTestId(page, 'item-form-unit').fill('box');
  await byTestId(page, 'item-form-threshold').fill('5');
  await byTestId(page, 'item-form-price').fill('12.5');
  await byTestId(page, 'item-form-quantity').fill('20');
  await screenshot(page, 'item-form');
  await byTestId(page, 'item-form-submit').click();
  await expect.poll(() => byTestId(page, `item-qty-${sku}`).textContent()).toBe('20');

  await byTestId(page, 'item-new').click();
  await byTestId(page, 'item-form-sku').fill(sku);
  await byTestId(page, 'item-form-name').fill('The same SKU again');
  await byTestId(page, 'item-form-submit').click();
  const refusal = page.locator('mat-dialog-container').locator('mat-error, [data-testid="item-form-error"]');
  await expect.poll(() => refusal.allTextContents()).toEqual([expect.stringMatching(/already taken/)]);
  await screenshot(page, 'item-form-sku-taken');
  await page.keyboard.press('Escape');

  await byTestId(page, `item-edit-${sku}`).click();
  await byTestId(page, 'item-form-name').fill('Nitrile gloves, size L');
  await byTestId(page, 'item-form-submit').click();
  await expect.poll(() => byTestId(page, `item-row-${sku}`).textContent()).toContain('size L');

  await byTestId(page, `item-archive-${sku}`).click();
  await byTestId(page, 'confirm-yes').click();
  await expect.poll(() => byTestId(page, `item-row-${sku}`).count()).toBe(0);
  const listed = async () => (await boss.call<{ items: ItemRow[] }>('GET', `/api/items?search=${sku}`)).items;
  await expect.poll(listed).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a movement beyond the stock is refused clearly, and a double click records one movement', async () => {
  const item = await boss.createItem({
    sku: uniqueSku('MOV'),
    name: 'Pipette tips 200 µl',
    unit: 'rack',
    quantity: 10,
    lowStockThreshold: 2,
  });
  const { page, errors } = await managerPage();
  await page.goto(`/movements/new?itemId=${item.id}`);
  await expect.poll(() => byTestId(page, 'movement-current-qty').textContent()).toBe('10');

  await byTestId(page, 'movement-type').selectOption('OUT');
  await byTestId(page, 'movement-quantity').fill('50');
  await byTestId(page, 'movement-reason').fill('Issued');
  await byTestId(page, 'movement-submit').click();
  await expect.poll(() => byTestId(page, 'movement-error').textContent()).toContain('Not enough stock for this OUT: only 10 rack');
  await screenshot(page, 'movement-insufficient');

  await byTestId(page, 'movement-quantity').fill('3');
  await byTestId(page, 'movement-submit').dblclick();
  await expect.poll(() => byTestId(page, 'movement-success').textContent()).toContain('10 → 7');
  await screenshot(page, 'movement-recorded');
  // The page's write, which another client reads once the read models have it.
  await expect.poll(async () => (await boss.item(item.id)).quantity).toBe(7);
  const history = await boss.history(item.id);
  expect(history.entries.filter((entry) => entry.type === 'OUT')).toHaveLength(1);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('an item’s page shows who changed it and when, a chart of its quantity, and its quantity as of a date', async () => {
  const item = await boss.createItem({
    sku: uniqueSku('HIS'),
    name: 'Ethanol 70 %',
    unit: 'l',
    quantity: 40,
    lowStockThreshold: 10,
    price: 4,
  });
  await boss.move(item.id, 'OUT', 15, 'Issued');
  await boss.move(item.id, 'IN', 5, 'Delivery');
  await boss.move(item.id, 'ADJUST', 28, 'Stocktake');
  const { page, errors } = await managerPage();
  await page.goto(`/items/${item.id}`);
  await expect.poll(() => byTestId(page, 'history-entry').count()).toBe(4);
  expect(await byTestId(page, 'item-detail-qty').textContent()).toContain('28');
  const newest = await byTestId(page, 'history-entry').first().textContent();
  expect(newest).toContain(manager.username);
  expect(newest).toContain('30 → 28');
  expect(newest).toContain('Stocktake');
  expect(typeof (await byTestId(page, 'quantity-chart').locator('canvas').boundingBox())?.height).toBe('number');

  await byTestId(page, 'stock-at-input').fill('2020-01-01T12:00');
  await byTestId(page, 'stock-at-submit').click();
  await expect.poll(() => byTestId(page, 'stock-at-result').textContent()).toContain('did not exist yet');
  await screenshot(page, 'item-detail');
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the dashboard shows the stock value, what is low and today’s movements', async () => {
  const low = await boss.createItem({ sku: uniqueSku('LOW'), name: 'Filter paper', quantity: 3, lowStockThreshold: 5, price: 1 });
  await boss.move(low.id, 'OUT', 1, 'Issued');
  const { page, errors } = await managerPage();
  await page.goto('/');
  await expect.poll(() => byTestId(page, `dashboard-low-${low.sku}`).count()).toBe(1);
  await expect.poll(() => byTestId(page, 'dashboard-movement').count()).toBeGreaterThan(0);
  expect(await byTestId(page, 'stock-value').textContent()).toMatch(/\$[\d,]+\.\d\d/);
  await screenshot(page, 'dashboard');
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the items page keeps a thousand items in a virtual window and pages in more as it scrolls', async () => {
  const prefix = uniqueSku('BULK');
  const skus = Array.from({ length: 1000 }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  for (let start = 0; start < skus.length; start += 50) {
    await Promise.all(
      skus.slice(start, start + 50).map((sku) => boss.createItem({ sku, name: `Bulk ${sku}`, quantity: 7, lowStockThreshold: 1 })),
    );
  }
  const { page, errors } = await managerPage();
  await page.goto('/items');
  const searched = page.waitForResponse((response) => response.url().includes(`search=${prefix}`));
  await byTestId(page, 'items-search').fill(prefix);
  await searched;
  await expect.poll(() => byTestId(page, `item-row-${skus[0]}`).count()).toBe(1);
  await screenshot(page, 'items');
  const viewport = byTestId(page, 'items-viewport');
  const shown = async () => Number((await byTestId(page, 'items-count').textContent())?.match(/\d+/)?.[0]);
  // Each scroll to the end asks for the next page; the next scroll waits until it has arrived.
  for (let before = await shown(); before < 1000; before = await shown()) {
    await viewport.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(shown).toBeGreaterThan(before);
    expect(await page.locator('[data-testid^="item-row-"]').count()).toBeLessThan(80);
  }
  await viewport.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect.poll(() => byTestId(page, `item-row-${skus[999]}`).count()).toBe(1);
  expect(await byTestId(page, 'items-count').textContent()).toContain('1000 shown');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300_000);
