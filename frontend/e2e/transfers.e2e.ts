import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, MAIN_LOCATION_ID, uniqueCode, uniqueSku, type ItemRow, type LocationRow } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `mover-${Date.now().toString(36)}`, 'moving-stock-key-1');
});
afterAll(async () => {
  await browser.close();
});

const transfer = (api: Api, item: ItemRow, to: LocationRow, quantity: number) =>
  api.call('POST', '/api/transfers', { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: to.id, quantity });

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  const open = async (api: Api, path: string) => {
    const context = await signedInContext(browser, api, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(path);
    await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
    return { context, page, errors };
  };

  /** The movement form at `item`, as a transfer from the main location to `to`. */
  const transferForm = async (page: Page, item: ItemRow, to: LocationRow, quantity: number) => {
    await byTestId(page, 'movement-item').fill(item.sku);
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'movement-current')).toContain(item.sku);
    await byTestId(page, 'movement-type').selectOption('TRANSFER');
    await byTestId(page, 'transfer-to').selectOption(to.id);
    await byTestId(page, 'movement-quantity').fill(String(quantity));
  };

  test('a transfer made in one tab appears in another tab’s item page in both locations', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van three');
    const item = await boss.createItem({ sku: uniqueSku('TRF'), name: 'Cable ties', quantity: 6, unit: 'pcs' });
    const watcher = await open(boss, `/items/${item.id}`);
    await expect.poll(() => textOf(watcher.page, 'item-location-qty-MAIN')).toBe('6 pcs');

    const mover = await open(staff, '/movements/new');
    await transferForm(mover.page, item, van, 4);
    await expect.poll(() => textOf(mover.page, 'movement-location-qty')).toBe(`6 pcs of ${item.sku} here`);
    await expect.poll(() => textOf(mover.page, 'transfer-to-qty')).toBe(`0 pcs of ${item.sku} there`);
    await byTestId(mover.page, 'movement-reason').fill('Restock');
    await expectSoundLayout(mover.page);
    await byTestId(mover.page, 'movement-submit').click();
    await expect.poll(() => textOf(mover.page, 'transfer-success')).toBe(`Moved 4 ${item.sku} from MAIN to ${van.code}`);
    await expect.poll(() => textOf(mover.page, 'transfer-to-qty')).toBe(`4 pcs of ${item.sku} there`);
    expect(await mover.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('movement-item');

    await expect.poll(() => textOf(watcher.page, `item-location-qty-${van.code}`)).toBe('4 pcs');
    expect(await textOf(watcher.page, 'item-location-qty-MAIN')).toBe('2 pcs');
    expect(await textOf(watcher.page, 'item-detail-qty')).toBe('6 pcs');
    await expect.poll(() => byTestId(watcher.page, 'history-headline').allTextContents()).toContain(`Transfer MAIN → ${van.code}, 4 units`);
    await expectSoundLayout(watcher.page);
    expect([...watcher.errors, ...mover.errors]).toEqual([]);
    await watcher.context.close();
    await mover.context.close();
  });

  test('the transfer form refuses one location at both ends, and more than the source holds, recording nothing', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van four');
    const item = await boss.createItem({ sku: uniqueSku('TRF'), name: 'Grommets', quantity: 3, unit: 'pcs' });
    const { context, page, errors } = await open(staff, '/movements/new');
    await transferForm(page, item, van, 2);
    await byTestId(page, 'transfer-to').selectOption(MAIN_LOCATION_ID);
    await expect.poll(() => textOf(page, 'transfer-same-location')).toContain('already at MAIN');
    await byTestId(page, 'movement-submit').click();
    await expectSoundLayout(page);

    await byTestId(page, 'transfer-to').selectOption(van.id);
    await byTestId(page, 'movement-quantity').fill('5');
    await byTestId(page, 'movement-submit').click();
    await expect
      .poll(() => textOf(page, 'movement-error'))
      .toBe(`Not enough stock for this transfer: only 3 pcs of ${item.sku} at MAIN. Nothing was recorded.`);
    expect((await boss.history(item.id)).entries.map(({ type }) => type)).toEqual(['created']);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the movements page shows a transfer as one row from → to, live, and filters by it', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van five');
    const item = await boss.createItem({ sku: uniqueSku('TRF'), name: 'Wire nuts', quantity: 9 });
    await transfer(boss, item, van, 2);
    const { context, page, errors } = await open(staff, `/movements?itemId=${item.id}`);
    const row = page.locator('[data-testid="movement-row"][data-type="TRANSFER"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-testid="movement-row-location"]').textContent()).toBe(`MAIN → ${van.code}`);
    expect(await row.locator('.type-tag').textContent()).toBe('TRANSFER');
    await expectSoundLayout(page);

    await transfer(boss, item, van, 3);
    await expect.poll(() => row.count()).toBe(2);
    expect(await byTestId(page, 'movement-row').first().getAttribute('data-type')).toBe('TRANSFER');
    expect(await byTestId(page, 'movement-row-quantity').first().textContent()).toBe('3');

    await byTestId(page, 'movements-type').selectOption('TRANSFER');
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('TRANSFER');
    await expect
      .poll(() => byTestId(page, 'movement-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type'))))
      .toEqual(['TRANSFER', 'TRANSFER']);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a threshold set at a location marks the row low after an OUT below it, and the alert names the location', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van six');
    const shelf = await boss.createLocation(uniqueCode('SHELF'), 'Shelf six');
    const item = await boss.createItem({ sku: uniqueSku('TRF'), name: 'Fuse holders', quantity: 8, unit: 'pcs' });
    await transfer(boss, item, van, 5);
    const { context, page, errors } = await open(boss, `/items/${item.id}`);
    await expect.poll(() => textOf(page, `item-location-qty-${van.code}`)).toBe('5 pcs');
    expect(await textOf(page, `item-location-threshold-${van.code}`)).toBe('—');

    // A location without stock of the item yet.
    await byTestId(page, 'item-location-threshold-add').click();
    await byTestId(page, 'threshold-location').selectOption(shelf.id);
    await byTestId(page, 'threshold-value').fill('2.5');
    await byTestId(page, 'threshold-save').click();
    await expect.poll(() => page.locator('mat-error').allTextContents()).toContain('Not in the expected form');
    await byTestId(page, 'threshold-value').fill('1');
    await expectSoundLayout(page);
    await byTestId(page, 'threshold-save').click();
    await expect.poll(() => textOf(page, `item-location-threshold-${shelf.code}`)).toBe('1');
    expect(await textOf(page, `item-location-qty-${shelf.code}`)).toBe('0 pcs');

    await byTestId(page, `item-location-edit-${van.code}`).click();
    await byTestId(page, 'threshold-value').fill('3');
    await byTestId(page, 'threshold-save').click();
    await expect.poll(() => textOf(page, `item-location-threshold-${van.code}`)).toBe('3');
    expect(await byTestId(page, `item-location-${van.code}`).getAttribute('data-low')).toBe('false');

    await boss.move(item.id, 'OUT', 3, 'Fitted', van.id);
    await expect.poll(() => byTestId(page, `item-location-${van.code}`).getAttribute('data-low')).toBe('true');
    expect(await byTestId(page, `item-location-${van.code}`).locator('[data-testid="low-stock-badge"]').count()).toBe(1);
    expect(await byTestId(page, 'item-location-MAIN').getAttribute('data-low')).toBe('false');
    await expectSoundLayout(page);

    await byTestId(page, `item-location-edit-${van.code}`).click();
    // The dialog's fields are filled as it opens, a moment after the click.
    await expect.poll(() => byTestId(page, 'threshold-value').inputValue()).toBe('3');
    await byTestId(page, 'threshold-value').fill('');
    await byTestId(page, 'threshold-save').click();
    await expect.poll(() => textOf(page, `item-location-threshold-${van.code}`)).toBe('—');
    expect(await byTestId(page, `item-location-${van.code}`).getAttribute('data-low')).toBe('false');
    const thresholdLines = byTestId(page, 'history-entry')
      .and(page.locator('[data-type="threshold"]'))
      .locator('[data-testid="history-headline"]');
    await expect
      .poll(() => thresholdLines.allTextContents())
      .toEqual([
        `Low-stock threshold at ${van.code}: 3 → none`,
        `Low-stock threshold at ${van.code}: none → 3`,
        `Low-stock threshold at ${shelf.code}: none → 1`,
      ]);

    await page.goto('/alerts');
    const alerts = byTestId(page, 'alert-row').filter({ hasText: item.sku }).locator('[data-testid="alert-location"]');
    await expect.poll(() => alerts.allTextContents(), { timeout: 30_000 }).toContain(`at ${van.code}`);
    await expectSoundLayout(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
