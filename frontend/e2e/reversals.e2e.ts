import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, MAIN_LOCATION_ID, uniqueCode, uniqueSku } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let clerk: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  clerk = await Api.register(baseUrl, `reverser-${Date.now().toString(36)}`, 'reversing-stock-key-1');
});
afterAll(async () => {
  await browser.close();
});

/** Each table row of `testId`, its cells' texts joined by a space. */
const cells = (page: Page, testId: string) =>
  byTestId(page, testId).evaluateAll((rows) =>
    rows.map((row) => Array.from(row.children, (cell) => cell.textContent.replace(/\s+/g, ' ').trim()).join(' ')),
  );

interface Recorded {
  readonly movement: { readonly id: string };
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (size, viewport) => {
  const open = async (api: Api, path: string) => {
    const context = await signedInContext(browser, api, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(path);
    await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
    return { context, page, errors };
  };

  test('a clerk reverses their own OUT from the movements page after a preview; a colleague sees it struck through, live', async () => {
    const item = await boss.createItem({ sku: uniqueSku('REV'), name: 'Hinges', quantity: 10, unit: 'pcs' });
    const mine = await clerk.call<Recorded>('POST', '/api/stock-movements', { itemId: item.id, type: 'OUT', quantity: 3, reason: 'Typo' });
    const theirs = await boss.call<Recorded>('POST', '/api/stock-movements', { itemId: item.id, type: 'IN', quantity: 1 });
    const watcher = await open(boss, `/movements?itemId=${item.id}`);
    const { context, page, errors } = await open(clerk, `/movements?itemId=${item.id}`);
    const row = (id: string) => page.locator(`[data-testid="movement-row"][data-id="${id}"]`);
    await expect.poll(() => row(mine.movement.id).count()).toBe(1);
    // Staff reverse only what they recorded.
    expect(await row(theirs.movement.id).locator('[data-testid="movement-row-reverse"]').count()).toBe(0);

    await row(mine.movement.id).locator('[data-testid="movement-row-reverse"]').click();
    await expect.poll(() => cells(page, 'reverse-preview-location')).toEqual(['MAIN 8 → 11']);
    expect(await cells(page, 'reverse-preview-total')).toEqual(['Total 8 → 11']);
    await expectSoundLayout(page);
    await screenshot(page, `reversal-preview-${size}`);
    await byTestId(page, 'reverse-submit').click();
    await expect.poll(() => page.locator('mat-error').allTextContents()).not.toEqual([]);
    await byTestId(page, 'reverse-reason').fill('Scanned the wrong item');
    await byTestId(page, 'reverse-submit').click();

    await expect.poll(() => row(mine.movement.id).getAttribute('data-reversed')).toBe('true');
    expect(await row(mine.movement.id).locator('[data-testid="movement-row-reverse"]').count()).toBe(0);
    const correction = page.locator('[data-testid="movement-row"]').filter({ has: page.locator('[data-testid="movement-row-reverses"]') });
    await expect.poll(() => correction.count()).toBe(1);
    expect(await correction.getAttribute('data-type')).toBe('IN');
    expect(await correction.locator('[data-testid="movement-row-quantity"]').textContent()).toBe('3');
    await row(mine.movement.id).locator('[data-testid="movement-row-reversed-by"]').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(await correction.getAttribute('data-id'));
    expect(
      await row(mine.movement.id)
        .locator('td.quantity')
        .evaluate((cell) => getComputedStyle(cell).textDecorationLine),
    ).toBe('line-through');
    await expectSoundLayout(page);
    await screenshot(page, `movements-reversed-${size}`);

    const watched = watcher.page.locator(`[data-testid="movement-row"][data-id="${mine.movement.id}"]`);
    await expect.poll(() => watched.getAttribute('data-reversed')).toBe('true');
    expect((await boss.item(item.id)).quantity).toBe(11);
    expect([...errors, ...watcher.errors]).toEqual([]);
    await context.close();
    await watcher.context.close();
  });

  test('a manager reverses a transfer from the item page: the preview shows both locations, the history marks both entries', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van reversed');
    const item = await boss.createItem({ sku: uniqueSku('REV'), name: 'Latches', quantity: 9, unit: 'pcs' });
    await boss.call('POST', '/api/transfers', { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van.id, quantity: 4 });
    await boss.move(item.id, 'OUT', 1, 'Fitted', van.id);
    const { context, page, errors } = await open(boss, `/items/${item.id}`);
    const transferEntry = page.locator('[data-testid="history-entry"][data-type="TRANSFER"]');
    await expect.poll(() => transferEntry.count()).toBe(1);

    await transferEntry.locator('[data-testid="history-reverse"]').click();
    // Only 3 of the 4 are still in the van.
    await expect.poll(() => textOf(page, 'reverse-error')).toContain('Not enough stock is left to reverse this');
    expect(await byTestId(page, 'reverse-submit').isDisabled()).toBe(true);
    await byTestId(page, 'reverse-cancel').click();

    await boss.move(item.id, 'IN', 1, 'Found one', van.id);
    await transferEntry.locator('[data-testid="history-reverse"]').click();
    await expect.poll(() => cells(page, 'reverse-preview-location')).toEqual([`${van.code} 4 → 0`, 'MAIN 5 → 9']);
    expect(await cells(page, 'reverse-preview-total')).toEqual(['Total 9 → 9']);
    await byTestId(page, 'reverse-reason').fill('Wrong van');
    await expectSoundLayout(page);
    await screenshot(page, `transfer-reversal-preview-${size}`);
    await byTestId(page, 'reverse-submit').click();

    await expect.poll(() => transferEntry.count()).toBe(2);
    await expect.poll(() => page.locator('[data-testid="history-entry"][data-reversed="true"]').count()).toBe(1);
    await expect.poll(() => textOf(page, 'item-location-qty-MAIN')).toBe('9 pcs');
    await expect.poll(() => page.locator('[data-testid="history-reverses"]').count()).toBe(1);
    // The OUT and the IN at the van may still be reversed; the transfer and its correction not.
    expect(await page.locator('[data-testid="history-reverse"]').count()).toBe(2);
    await expectSoundLayout(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
